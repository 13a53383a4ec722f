//go:build linux

package explain

import (
	"encoding/binary"

	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// nf_tables messages are explained through nlsh's description of them
// (nft.yaml: tables, chains, sets, elements, objects, flowtables, gen),
// but for rules, whose own path (nftexpr.go) adds the line
// `nft --debug=netlink` prints for each expression.

// nftRuleMessage reports whether typ of protocol proto is an nf_tables
// rule message.
func nftRuleMessage(proto int, typ uint16) bool {
	if proto != unix.NETLINK_NETFILTER {
		return false
	}
	subsys, msg := nft.Split(typ)
	if subsys != nft.SubsysNFTables {
		return false
	}
	switch msg {
	case nft.MsgNewRule, nft.MsgGetRule, nft.MsgDelRule, nft.MsgDestroyRule, nft.MsgGetRuleReset:
		return true
	}
	return false
}

// selectorValue is a sub-message selector's value as its formats are
// keyed: a string, or an integer's enum name (an nf_tables object's
// data is chosen by its be32 type, "counter").
func selectorValue(a *ynl.Attr, b []byte) string {
	if a.Enum == nil || a.Type == "string" {
		return cstr(b)
	}
	order := binary.ByteOrder(binary.NativeEndian)
	if a.BigEndian {
		order = binary.BigEndian
	}
	var v uint64
	switch len(b) {
	case 1:
		v = uint64(b[0])
	case 2:
		v = uint64(order.Uint16(b))
	case 4:
		v = uint64(order.Uint32(b))
	case 8:
		v = order.Uint64(b)
	default:
		return ""
	}
	name, _ := a.Enum.NameOf(v)
	return name
}
