//go:build linux

package nft

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

// Set attributes (NFTA_SET_*).
const (
	AttrSetTable       uint16 = 1
	AttrSetName        uint16 = 2
	AttrSetFlags       uint16 = 3
	AttrSetKeyType     uint16 = 4
	AttrSetKeyLen      uint16 = 5
	AttrSetDataType    uint16 = 6
	AttrSetDataLen     uint16 = 7
	AttrSetPolicy      uint16 = 8
	AttrSetDesc        uint16 = 9
	AttrSetID          uint16 = 10
	AttrSetTimeout     uint16 = 11
	AttrSetGCInterval  uint16 = 12
	AttrSetUserdata    uint16 = 13
	AttrSetPad         uint16 = 14
	AttrSetObjType     uint16 = 15
	AttrSetHandle      uint16 = 16
	AttrSetExpr        uint16 = 17
	AttrSetExpressions uint16 = 18
)

var setAttrNames = []string{"", "NFTA_SET_TABLE", "NFTA_SET_NAME", "NFTA_SET_FLAGS",
	"NFTA_SET_KEY_TYPE", "NFTA_SET_KEY_LEN", "NFTA_SET_DATA_TYPE", "NFTA_SET_DATA_LEN",
	"NFTA_SET_POLICY", "NFTA_SET_DESC", "NFTA_SET_ID", "NFTA_SET_TIMEOUT",
	"NFTA_SET_GC_INTERVAL", "NFTA_SET_USERDATA", "NFTA_SET_PAD", "NFTA_SET_OBJ_TYPE",
	"NFTA_SET_HANDLE", "NFTA_SET_EXPR", "NFTA_SET_EXPRESSIONS"}

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

var setFlagNames = []string{"anonymous", "constant", "interval", "map", "timeout", "eval", "object", "concat", "expr"}

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
func (s *Set) FlagNames() []string { return flagNames(s.Flags, setFlagNames) }

// NFTA_SET_DESC_*.
const attrSetDescSize uint16 = 1

func parseSet(h Header, b []byte) (*Set, error) {
	s := &Set{Family: h.Family}
	err := walk(b, HeaderLen, attrName(setAttrNames), func(a nlsock.Attr) error {
		var err error
		switch a.Type {
		case AttrSetTable:
			s.Table = cstring(a.Data)
		case AttrSetName:
			s.Name = cstring(a.Data)
		case AttrSetHandle:
			s.Handle, err = be64(a.Data)
		case AttrSetFlags:
			s.Flags, err = be32(a.Data)
		case AttrSetKeyType:
			s.KeyType, err = be32(a.Data)
		case AttrSetKeyLen:
			s.KeyLen, err = be32(a.Data)
		case AttrSetDataType:
			s.DataType, err = be32(a.Data)
		case AttrSetDataLen:
			s.DataLen, err = be32(a.Data)
		case AttrSetPolicy:
			s.Policy, err = be32(a.Data)
		case AttrSetDesc:
			err = nlsock.WalkAttrs(a.Data, func(d nlsock.Attr) error {
				var err error
				if d.Type == attrSetDescSize {
					s.Size, err = be32(d.Data)
				}
				return err
			})
		case AttrSetID:
			s.ID, err = be32(a.Data)
		case AttrSetTimeout:
			s.Timeout, err = be64(a.Data)
		case AttrSetGCInterval:
			s.GCInterval, err = be32(a.Data)
		case AttrSetObjType:
			s.ObjType, err = be32(a.Data)
		case AttrSetUserdata:
			s.Userdata = a.Data
		case AttrSetExpr:
			var x []Expr
			x, err = parseExprs(nlsock.AppendAttr(nil, AttrListElem, a.Data))
			s.Expr = append(s.Expr, x...)
		case AttrSetExpressions:
			var x []Expr
			x, err = parseExprs(a.Data)
			s.Expr = append(s.Expr, x...)
		case AttrSetPad:
		default:
			s.Unknown = append(s.Unknown, a)
		}
		return err
	})
	return s, err
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
