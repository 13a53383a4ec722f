//go:build linux

package nft

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
)

// Message is one decoded NETLINK_NETFILTER message of nf_tables: exactly
// one of Table, Chain, Rule, Set, Elems or Gen is set for the message types this
// package decodes; the others keep their attributes in Attrs.
type Message struct {
	Type   uint16 // nlmsg_type
	Msg    uint8  // NFT_MSG_*
	Name   string // "NFT_MSG_NEWTABLE"
	Header Header

	Table *Table
	Chain *Chain
	Rule  *Rule
	Set   *Set
	Elems *SetElems
	Gen   *Gen

	Attrs []nlsock.Attr // the attributes of other message types
}

// Object names what the message is about: "table", "chain", "rule", "set",
// "elements", "gen", or "" for the others.
func (m *Message) Object() string {
	switch {
	case m.Table != nil:
		return "table"
	case m.Chain != nil:
		return "chain"
	case m.Rule != nil:
		return "rule"
	case m.Set != nil:
		return "set"
	case m.Elems != nil:
		return "elements"
	case m.Gen != nil:
		return "gen"
	}
	return ""
}

// Gen is NFT_MSG_NEWGEN: the ruleset generation after a committed batch,
// and the process that committed it.
type Gen struct {
	ID       uint32
	PID      uint32
	ProcName string
}

// genTable binds nft's gen-attrs to Gen.
var genTable = table("gen-attrs",
	field[Gen]{Name: "id", Set: func(x *in[Gen], _ []byte, n uint64) { x.v.ID = uint32(n) }},
	field[Gen]{Name: "proc-pid", Set: func(x *in[Gen], _ []byte, n uint64) { x.v.PID = uint32(n) }},
	field[Gen]{Name: "proc-name", Set: func(x *in[Gen], b []byte, _ uint64) { x.v.ProcName = cstring(b) }},
)

// ParseMessage decodes the payload of an nf_tables message of type typ
// (a dump reply, an event from NFNLGRP_NFTABLES, or a request). It never
// panics; on malformed bytes it returns what it decoded with an error.
func ParseMessage(typ uint16, payload []byte) (Message, error) {
	subsys, msg := Split(typ)
	m := Message{Type: typ, Msg: msg, Name: MsgName(typ)}
	h, attrs, err := ParseHeader(payload)
	m.Header = h
	switch {
	case err != nil:
		return m, err
	case typ == MsgBatchBegin || typ == MsgBatchEnd:
		m.Attrs, err = nlsock.ParseAttrs(attrs)
		return m, err
	case subsys != SubsysNFTables:
		return m, fmt.Errorf("nlmsg_type %#x is not nf_tables (subsystem %d)", typ, subsys)
	}
	switch msg {
	case MsgNewTable, MsgGetTable, MsgDelTable, MsgDestroyTable:
		m.Table, err = parseTable(h, attrs)
	case MsgNewChain, MsgGetChain, MsgDelChain, MsgDestroyChain:
		m.Chain, err = parseChain(h, attrs)
	case MsgNewRule, MsgGetRule, MsgDelRule, MsgDestroyRule, MsgGetRuleReset:
		m.Rule, err = parseRule(h, attrs)
	case MsgNewSet, MsgGetSet, MsgDelSet, MsgDestroySet:
		m.Set, err = parseSet(h, attrs)
	case MsgNewSetElem, MsgGetSetElem, MsgDelSetElem, MsgDestroySetElem, MsgGetSetElemReset:
		m.Elems, err = parseSetElems(h, attrs)
	case MsgNewGen, MsgGetGen:
		m.Gen, err = parseGen(attrs)
	default:
		m.Attrs, err = nlsock.ParseAttrs(attrs)
	}
	return m, err
}

func parseGen(b []byte) (*Gen, error) {
	return decodeObject(genTable, b, func(*Gen) *[]nlsock.Attr { return nil })
}
