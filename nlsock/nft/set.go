//go:build linux

package nft

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

// Set flags (NFT_SET_*).
const (
	SetAnonymous uint32 = 1 << iota
	SetConstant
	SetInterval
	SetMap
	SetTimeout
	SetEval
	SetObject
	SetConcat
	SetExpr
)

// Set is one nf_tables set or map (its definition; elements are
// NFT_MSG_NEWSETELEM messages of their own).
type Set struct {
	Family     uint8
	Table      string
	Name       string
	Handle     uint64
	Flags      uint32
	KeyType    uint32 // nft's datatype id; see TypeName
	KeyLen     uint32 // bytes
	DataType   uint32 // maps only
	DataLen    uint32
	Policy     uint32 // 0 performance, 1 memory
	Size       uint32 // NFTA_SET_DESC_SIZE, 0 if unbounded
	ID         uint32
	Timeout    uint64 // milliseconds
	GCInterval uint32 // milliseconds
	ObjType    uint32
	Userdata   []byte
	Expr       []Expr // per-element expressions (NFTA_SET_EXPR / _EXPRESSIONS)
	Unknown    []nlsock.Attr
}

// FlagNames names the set flags ("interval", "map", ...).
func (s *Set) FlagNames() []string { return flagNames(s.Flags, "set-flags") }

// setTable binds nft's set-attrs to Set.
var setTable = table("set-attrs",
	field[Set]{Name: "table", Set: func(x *in[Set], b []byte, _ uint64) { x.v.Table = cstring(b) }},
	field[Set]{Name: "name", Set: func(x *in[Set], b []byte, _ uint64) { x.v.Name = cstring(b) }},
	field[Set]{Name: "handle", Set: func(x *in[Set], _ []byte, n uint64) { x.v.Handle = n }},
	field[Set]{Name: "flags", Set: func(x *in[Set], _ []byte, n uint64) { x.v.Flags = uint32(n) }},
	field[Set]{Name: "key-type", Set: func(x *in[Set], _ []byte, n uint64) { x.v.KeyType = uint32(n) }},
	field[Set]{Name: "key-len", Set: func(x *in[Set], _ []byte, n uint64) { x.v.KeyLen = uint32(n) }},
	field[Set]{Name: "data-type", Set: func(x *in[Set], _ []byte, n uint64) { x.v.DataType = uint32(n) }},
	field[Set]{Name: "data-len", Set: func(x *in[Set], _ []byte, n uint64) { x.v.DataLen = uint32(n) }},
	field[Set]{Name: "policy", Set: func(x *in[Set], _ []byte, n uint64) { x.v.Policy = uint32(n) }},
	field[Set]{Name: "desc", Set: func(x *in[Set], b []byte, _ uint64) { x.fill(setDescTable(), x.v, b, 0) }},
	field[Set]{Name: "id", Set: func(x *in[Set], _ []byte, n uint64) { x.v.ID = uint32(n) }},
	field[Set]{Name: "timeout", Set: func(x *in[Set], _ []byte, n uint64) { x.v.Timeout = n }},
	field[Set]{Name: "gc-interval", Set: func(x *in[Set], _ []byte, n uint64) { x.v.GCInterval = uint32(n) }},
	field[Set]{Name: "obj-type", Set: func(x *in[Set], _ []byte, n uint64) { x.v.ObjType = uint32(n) }},
	field[Set]{Name: "userdata", Set: func(x *in[Set], b []byte, _ uint64) { x.v.Userdata = b }},
	field[Set]{Name: "expr", Set: func(x *in[Set], b []byte, _ uint64) { x.v.Expr = append(x.v.Expr, expr(x.d, b)) }},
	field[Set]{Name: "expressions", Set: func(x *in[Set], b []byte, _ uint64) { x.v.Expr = append(x.v.Expr, exprList(x.d, b)...) }},
	field[Set]{Name: "pad", Set: skip[Set]},
)

// setDescTable reads the set's description: its size.
var setDescTable = table("set-desc-attrs", field[Set]{Name: "size", Set: func(x *in[Set], _ []byte, n uint64) { x.v.Size = uint32(n) }})

func parseSet(h Header, b []byte) (*Set, error) {
	return decodeObject(setTable, b, func(s *Set) *[]nlsock.Attr { s.Family = h.Family; return &s.Unknown })
}

// datatype names of nft (its src/datatype.c enum datatypes); the kernel
// stores the number without interpreting it.
var typeNames = []string{"invalid", "verdict", "nf_proto", "bitmask", "integer", "string",
	"ll_addr", "ipv4_addr", "ipv6_addr", "ether_addr", "ether_type", "arp_op", "inet_proto",
	"inet_service", "icmp_type", "tcp_flag", "dccp_pkttype", "mh_type", "time", "mark",
	"iface_index", "iface_type", "realm", "classid", "uid", "gid", "ct_state", "ct_dir",
	"ct_status", "icmpv6_type", "ct_label", "pkt_type", "icmp_code", "icmpv6_code",
	"icmpx_code", "devgroup", "dscp", "ecn", "fib_addrtype", "boolean", "ct_event", "ifname"}

// typeBits is nft's TYPE_BITS: a concatenation of types packs each in 6 bits.
const typeBits = 6

// TypeName names an nft datatype id as nft does ("ipv4_addr",
// "inet_service"); concatenations read "ipv4_addr . inet_service".
func TypeName(t uint32) string {
	if t < 1<<typeBits {
		if int(t) < len(typeNames) {
			return typeNames[t]
		}
		return fmt.Sprintf("type %d", t)
	}
	var parts []string
	for ; t != 0; t >>= typeBits {
		parts = append([]string{TypeName(t & (1<<typeBits - 1))}, parts...)
	}
	return strings.Join(parts, " . ")
}
