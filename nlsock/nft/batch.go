//go:build linux

package nft

import (
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// Batch collects nf_tables changes that the kernel applies atomically:
// all of them or none. Build it with the Add*/Del* methods, then send it
// with Apply (or Messages for your own transport).
type Batch struct {
	msgs []nlsock.Message
	err  error
}

// Len is the number of changes in the batch.
func (b *Batch) Len() int { return len(b.msgs) }

// Add appends a raw change: message msg (NFT_MSG_*) for a table family,
// with extra nlmsg flags (e.g. FlagCreate) and encoded attributes.
// NLM_F_REQUEST and NLM_F_ACK are set when the batch is sent.
func (b *Batch) Add(msg uint8, family uint8, flags uint16, attrs []byte) {
	h := Header{Family: family}
	b.msgs = append(b.msgs, nlsock.Message{
		Header:  nlsock.Header{Type: Type(msg), Flags: flags},
		Payload: append(h.Append(nil), attrs...),
	})
}

// put appends attribute name of set holding v: the description numbers
// and types it. The first error stays in the batch, and Messages
// returns it.
func (b *Batch) put(e *nlsock.AttrEncoder, set *ynl.AttrSet, name string, v any) {
	if err := set.Put(e, name, v); err != nil && b.err == nil {
		b.err = err
	}
}

func (b *Batch) add(msg uint8, family uint8, flags uint16, e *nlsock.AttrEncoder) {
	if err := e.Err(); err != nil && b.err == nil {
		b.err = err
	}
	b.Add(msg, family, flags, e.Bytes())
}

// AddTable creates a table; it fails with EEXIST if one of that name exists
// in the family.
func (b *Batch) AddTable(family uint8, name string, flags uint32) {
	var e nlsock.AttrEncoder
	s := tableTable().Set()
	b.put(&e, s, "name", name)
	if flags != 0 {
		b.put(&e, s, "flags", flags)
	}
	b.add(MsgNewTable, family, nlsock.FlagCreate|nlsock.FlagExcl, &e)
}

// DelTable deletes a table and everything in it; ENOENT if it is missing.
func (b *Batch) DelTable(family uint8, name string) {
	var e nlsock.AttrEncoder
	b.put(&e, tableTable().Set(), "name", name)
	b.add(MsgDelTable, family, 0, &e)
}

// ChainSpec describes a chain for AddChain. A base chain has a Type and a
// Hook; a regular chain (a jump target) has neither.
type ChainSpec struct {
	Family   uint8
	Table    string
	Name     string
	Type     string // "filter", "nat", "route"
	Hook     *Hook
	Policy   *uint32 // PolicyAccept or PolicyDrop; nil keeps the kernel default (accept)
	Userdata []byte
}

// AddChain creates a chain.
func (b *Batch) AddChain(c ChainSpec) {
	var e nlsock.AttrEncoder
	s := chainTable().Set()
	b.put(&e, s, "table", c.Table)
	b.put(&e, s, "name", c.Name)
	if c.Hook != nil {
		e.Nest(attrNumber(s, "hook")|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			hs := hookTable().Set()
			b.put(e, hs, "hooknum", c.Hook.Num)
			b.put(e, hs, "priority", c.Hook.Priority)
			if c.Hook.Device != "" {
				b.put(e, hs, "dev", c.Hook.Device)
			}
		})
	}
	if c.Policy != nil {
		b.put(&e, s, "policy", *c.Policy)
	}
	if c.Type != "" {
		b.put(&e, s, "type", c.Type)
	}
	if c.Userdata != nil {
		b.put(&e, s, "userdata", c.Userdata)
	}
	b.add(MsgNewChain, c.Family, nlsock.FlagCreate|nlsock.FlagExcl, &e)
}

// DelChain deletes an empty chain.
func (b *Batch) DelChain(family uint8, table, name string) {
	var e nlsock.AttrEncoder
	s := chainTable().Set()
	b.put(&e, s, "table", table)
	b.put(&e, s, "name", name)
	b.add(MsgDelChain, family, 0, &e)
}

// Messages returns the datagram's messages: NFNL_MSG_BATCH_BEGIN, the
// changes (NLM_F_REQUEST|NLM_F_ACK, each with the next seq from seq), and
// NFNL_MSG_BATCH_END. Begin and end carry NFNL_SUBSYS_NFTABLES in res_id.
func (b *Batch) Messages(seq func() uint32) ([]nlsock.Message, error) {
	if b.err != nil {
		return nil, b.err
	}
	ctl := Header{ResID: uint16(SubsysNFTables)}.Append(nil)
	out := make([]nlsock.Message, 0, len(b.msgs)+2)
	out = append(out, nlsock.Message{Header: nlsock.Header{Type: MsgBatchBegin, Flags: nlsock.FlagRequest, Seq: seq()}, Payload: ctl})
	for _, m := range b.msgs {
		m.Header.Flags |= nlsock.FlagRequest | nlsock.FlagAck
		m.Header.Seq = seq()
		out = append(out, m)
	}
	out = append(out, nlsock.Message{Header: nlsock.Header{Type: MsgBatchEnd, Flags: nlsock.FlagRequest, Seq: seq()}, Payload: ctl})
	return out, nil
}

// AddRule appends a rule of exprs (encoded, as ParseRuleLines returns
// them) at the end of a chain.
func (b *Batch) AddRule(family uint8, table, chain string, exprs []Expr) {
	var e nlsock.AttrEncoder
	s := ruleTable().Set()
	b.put(&e, s, "table", table)
	b.put(&e, s, "chain", chain)
	e.Nest(attrNumber(s, "expressions")|nlsock.AttrNested, func(l *nlsock.AttrEncoder) {
		xs := exprTable().Set()
		for _, x := range exprs {
			l.Nest(attrNumber(exprListTable().Set(), "elem")|nlsock.AttrNested, func(el *nlsock.AttrEncoder) {
				b.put(el, xs, "name", x.Name)
				if x.Data != nil {
					el.Raw(attrNumber(xs, "data")|nlsock.AttrNested, x.Data)
				}
			})
		}
	})
	b.add(MsgNewRule, family, nlsock.FlagCreate|nlsock.FlagAppend, &e)
}
