//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// NdMsgLen is the size of struct ndmsg.
const NdMsgLen = 12

// Neighbour is a neighbour table (ARP, NDP, bridge FDB) entry: struct ndmsg
// and its NDA_ attributes.
type Neighbour struct {
	Family  uint8
	IfIndex int32
	State   uint16 // NUD_*
	Flags   uint8  // NTF_*
	Type    uint8  // RTN_*

	Dst      netip.Addr       // NDA_DST (invalid for bridge FDB entries)
	LLAddr   net.HardwareAddr // NDA_LLADDR
	Probes   uint32
	VLAN     uint16
	Master   uint32
	Protocol uint8
	FlagsExt uint32

	CacheInfo    NeighCacheInfo
	HasCacheInfo bool

	Malformed []Malformed // attributes of a wrong length, left out of the fields above

	Raw []byte // every attribute after the ndmsg, as received
}

// NeighCacheInfo is struct nda_cacheinfo; times are in clock ticks (USER_HZ).
type NeighCacheInfo struct {
	Confirmed, Used, Updated, RefCnt uint32
}

// neighBindings bind rt-neigh's neighbour-attrs, and the family header,
// to Neighbour's fields: the everyday ones first, in NeighSummary's order.
func neighBindings() []binding[Neighbour] {
	return []binding[Neighbour]{
		header("family", func(n *Neighbour) Value { return Value{Kind: EnumValue, U: uint64(n.Family), S: FamilyName(n.Family)} }),
		header("ifindex", func(n *Neighbour) Value { return Value{Kind: IntValue, U: uint64(int64(n.IfIndex))} }),
		ipAttr("dst", func(n *Neighbour) *netip.Addr { return &n.Dst }),
		{Field: ynl.Field[Neighbour]{Name: "lladdr", Set: func(n *Neighbour, b []byte, _ uint64) { n.LLAddr = net.HardwareAddr(b) }},
			field: Field[Neighbour]{Get: func(n *Neighbour) Value { return hwAddr(n.LLAddr) }}},
		{field: Field[Neighbour]{Name: "state", Get: func(n *Neighbour) Value { return Value{Kind: FlagsValue, U: uint64(n.State)} },
			Flags: neighStates.get}},

		{field: Field[Neighbour]{Name: "flags", Get: func(n *Neighbour) Value { return Value{Kind: FlagsValue, U: uint64(n.Flags)} },
			Flags: neighFlags.get}},
		header("type", func(n *Neighbour) Value { return Value{Kind: NameValue, S: RouteTypeName(n.Type)} }),
		header("ndm_state", func(n *Neighbour) Value { return Value{Kind: UintValue, U: uint64(n.State)} }),
		header("ndm_flags", func(n *Neighbour) Value { return Value{Kind: UintValue, U: uint64(n.Flags)} }),
		uintAttr("probes", func(n *Neighbour) *uint32 { return &n.Probes }),
		uintAttr("vlan", func(n *Neighbour) *uint16 { return &n.VLAN }),
		uintAttr("master", func(n *Neighbour) *uint32 { return &n.Master }),
		uintAttr("protocol", func(n *Neighbour) *uint8 { return &n.Protocol }),
		{Field: ynl.Field[Neighbour]{Name: "flags-ext", Set: func(n *Neighbour, _ []byte, v uint64) { n.FlagsExt = uint32(v) }}},
		{Field: ynl.Field[Neighbour]{Name: "cacheinfo", Set: func(n *Neighbour, b []byte, _ uint64) {
			c := &n.CacheInfo
			n.HasCacheInfo = readU32s(b, &c.Confirmed, &c.Used, &c.Updated, &c.RefCnt)
		}}},
	}
}

var neighKind = objectKind[Neighbour]{hdrName: "ndmsg", hdrLen: NdMsgLen, family: "rt-neigh", attrs: "neighbour-attrs", bindings: neighBindings}

// NeighFields are a neighbour's fields, in order: the everyday ones first.
func NeighFields() []Field[Neighbour] { return neighKind.fieldList() }

// NeighSummary is how many of NeighFields are a neighbour's everyday
// fields, those Lua tables build at once.
const NeighSummary = 5

// NeighText are the fields nlsh monitor's text of a neighbour shows after
// its address and index; its states follow, as ip writes them.
func NeighText() []int { return neighTextPos.get() }

var neighTextPos = lazy[[]int]{build: func() []int { return fieldPositions(NeighFields(), "lladdr") }}

// NeighColumns are the fields a table of neighbours shows.
var NeighColumns = []string{"ifindex", "dst", "lladdr", "state", "family"}

// DecodeNeighbour decodes an RTM_NEWNEIGH (or DELNEIGH) payload.
func DecodeNeighbour(b []byte) (Neighbour, error) { return decodeValue[Neighbour](b) }

// Decode fills n from an ndmsg payload, overwriting every field.
func (n *Neighbour) Decode(b []byte) error { return decodeObject(n, b, &neighKind) }

func (n *Neighbour) header(b []byte) {
	n.Family = b[0]
	n.IfIndex = int32(binary.NativeEndian.Uint32(b[4:]))
	n.State = binary.NativeEndian.Uint16(b[8:])
	n.Flags, n.Type = b[10], b[11]
}

func (n *Neighbour) body() (*[]byte, *[]Malformed) { return &n.Raw, &n.Malformed }
func (n *Neighbour) where() string                 { return fmt.Sprintf("neighbour on link %d", n.IfIndex) }

// StateNames returns the state names ("PERMANENT", "REACHABLE").
func (n *Neighbour) StateNames() []string { return NeighStateNames(nil, n.State) }

// FlagNames returns the neighbour flag names ("router", "self").
func (n *Neighbour) FlagNames() []string { return NeighFlagNames(nil, n.Flags) }

// Attrs parses Raw: every attribute the kernel sent, in order.
func (n *Neighbour) Attrs() ([]nlsock.Attr, error) { return rawAttrs(n.Raw, nil) }

// Unknown returns the attributes that have no field in Neighbour.
func (n *Neighbour) Unknown() ([]nlsock.Attr, error) { return rawAttrs(n.Raw, neighKind.table().Bound) }
