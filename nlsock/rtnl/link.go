//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"
	"net"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// IfInfoMsgLen is the size of struct ifinfomsg.
const IfInfoMsgLen = 16

// Link is a network interface: struct ifinfomsg and its IFLA_ attributes.
type Link struct {
	Family uint8
	Type   uint16 // ARPHRD_*; LinkTypeName names it
	Index  int32
	Flags  uint32 // IFF_*; LinkFlagNames names them
	Change uint32

	Name, Alias, Qdisc string
	AltNames           []string // IFLA_PROP_LIST/IFLA_ALT_IFNAME

	MTU, MinMTU, MaxMTU, TxQLen uint32
	Group, Promiscuity          uint32
	NumTxQueues, NumRxQueues    uint32
	CarrierChanges              uint32
	GSOMaxSize, GSOMaxSegs      uint32
	OperState, LinkMode         uint8 // IF_OPER_*; OperStateName names it
	Carrier, ProtoDown          uint8

	Master         int32 // index of the master device, 0 if none
	Link           int32 // IFLA_LINK: the lower or peer device (in LinkNetNSID if set)
	LinkNetNSID    int32
	HasLinkNetNSID bool

	Address, Broadcast, PermAddress net.HardwareAddr

	Kind, SlaveKind     string // IFLA_INFO_KIND ("veth", "bridge"), IFLA_INFO_SLAVE_KIND
	InfoData, SlaveData []byte // IFLA_INFO_DATA, IFLA_INFO_SLAVE_DATA: nested attributes, raw
	Peer                *Link  // a veth's VETH_INFO_PEER (in requests; dumps do not carry it)

	Stats    LinkStats64 // IFLA_STATS64, valid if HasStats
	HasStats bool

	Malformed []Malformed // attributes of a wrong length, left out of the fields above

	Raw []byte // every attribute after the ifinfomsg, as received
}

// linkBindings bind rt-link's link-attrs, and the family header, to
// Link's fields: the everyday ones first, in LinkSummary's order.
func linkBindings() []binding[Link] {
	return []binding[Link]{
		alias("index", header("ifindex", func(l *Link) Value { return Value{Kind: IntValue, U: uint64(int64(l.Index))} })),
		{Field: ynl.Field[Link]{Name: "ifname", Set: func(l *Link, b []byte, _ uint64) { l.Name = cstring(b) }},
			field: Field[Link]{Name: "name", Get: func(l *Link) Value { return Value{Kind: StringValue, S: l.Name} }}},
		option(uintAttr("mtu", func(l *Link) *uint32 { return &l.MTU })),
		{field: Field[Link]{Name: "flags", Get: func(l *Link) Value { return Value{Kind: FlagsValue, U: uint64(l.Flags)} },
			Flags: linkFlags.get}},
		{field: Field[Link]{Name: "kind", Get: func(l *Link) Value { return nameOrNone(l.Kind) }}},
		{Field: ynl.Field[Link]{Name: "address", Set: func(l *Link, b []byte, _ uint64) { l.Address = net.HardwareAddr(b) }},
			field: Field[Link]{Get: func(l *Link) Value { return hwAddr(l.Address) }}},
		indexAttr("master", func(l *Link) *int32 { return &l.Master }),
		enumAttr("operstate", func(l *Link) *uint8 { return &l.OperState }, OperStateName),

		header("type", func(l *Link) Value { return Value{Kind: EnumValue, U: uint64(l.Type), S: LinkTypeName(l.Type)} }),
		header("family", func(l *Link) Value { return Value{Kind: EnumValue, U: uint64(l.Family), S: FamilyName(l.Family)} }),
		header("change", func(l *Link) Value { return Value{Kind: UintValue, U: uint64(l.Change)} }),
		header("ifi_flags", func(l *Link) Value { return Value{Kind: UintValue, U: uint64(l.Flags)} }),
		{Field: ynl.Field[Link]{Name: "broadcast", Set: func(l *Link, b []byte, _ uint64) { l.Broadcast = net.HardwareAddr(b) }},
			field: Field[Link]{Get: func(l *Link) Value { return hwAddr(l.Broadcast) }}},
		{Field: ynl.Field[Link]{Name: "perm-address", Set: func(l *Link, b []byte, _ uint64) { l.PermAddress = net.HardwareAddr(b) }},
			field: Field[Link]{Get: func(l *Link) Value { return hwAddr(l.PermAddress) }}},
		enumAttr("linkmode", func(l *Link) *uint8 { return &l.LinkMode }, LinkModeName),
		uintAttr("carrier", func(l *Link) *uint8 { return &l.Carrier }),
		uintAttr("proto-down", func(l *Link) *uint8 { return &l.ProtoDown }),
		indexAttr("link", func(l *Link) *int32 { return &l.Link }),
		{Field: ynl.Field[Link]{Name: "link-netnsid", Set: func(l *Link, _ []byte, n uint64) { l.LinkNetNSID, l.HasLinkNetNSID = int32(n), true }},
			field: Field[Link]{Get: func(l *Link) Value {
				if !l.HasLinkNetNSID {
					return Value{}
				}
				return Value{Kind: IntValue, U: uint64(int64(l.LinkNetNSID))}
			}}},
		nameAttr("qdisc", func(l *Link) *string { return &l.Qdisc }, internQdisc),
		option(named("alias", stringAttr("ifalias", func(l *Link) *string { return &l.Alias }))),
		{Field: ynl.Field[Link]{Name: "linkinfo", Set: func(l *Link, b []byte, _ uint64) { _ = linkInfoTable().Walk(l, b, 0, nil) }}},
		// older kernels send the 23 counters of the first rtnl_link_stats64
		{Field: ynl.Field[Link]{Name: "stats64", AtLeast: 23 * 8, Set: func(l *Link, b []byte, _ uint64) { l.HasStats = l.Stats.decode(b) }}},
		{Field: ynl.Field[Link]{Name: "prop-list", Set: func(l *Link, b []byte, _ uint64) { _ = propListTable().Walk(l, b, 0, nil) }}},
		option(uintAttr("txqlen", func(l *Link) *uint32 { return &l.TxQLen })),
		uintAttr("group", func(l *Link) *uint32 { return &l.Group }),
		uintAttr("promiscuity", func(l *Link) *uint32 { return &l.Promiscuity }),
		uintAttr("num-tx-queues", func(l *Link) *uint32 { return &l.NumTxQueues }),
		uintAttr("num-rx-queues", func(l *Link) *uint32 { return &l.NumRxQueues }),
		uintAttr("carrier-changes", func(l *Link) *uint32 { return &l.CarrierChanges }),
		uintAttr("min-mtu", func(l *Link) *uint32 { return &l.MinMTU }),
		uintAttr("max-mtu", func(l *Link) *uint32 { return &l.MaxMTU }),
		uintAttr("gso-max-size", func(l *Link) *uint32 { return &l.GSOMaxSize }),
		uintAttr("gso-max-segs", func(l *Link) *uint32 { return &l.GSOMaxSegs }),
		{field: Field[Link]{Name: "slave_kind", Get: func(l *Link) Value { return nameOrNone(l.SlaveKind) }}},
	}
}

var linkKind = objectKind[Link]{hdrName: "ifinfomsg", hdrLen: IfInfoMsgLen, family: "rt-link", attrs: "link-attrs", bindings: linkBindings}

// LinkFields are a link's fields, in order: the everyday ones first.
func LinkFields() []Field[Link] { return linkKind.fieldList() }

// LinkSummary is how many of LinkFields are a link's everyday fields:
// those Lua tables build at once and nlsh monitor's JSON shows.
const LinkSummary = 8

// LinkJSON are the fields nlsh monitor's JSON of a link shows: the
// everyday ones.
func LinkJSON() []int { return linkJSONPos.get() }

var linkJSONPos = lazy[[]int]{build: func() []int { return firstFields(LinkSummary) }}

// LinkText are the fields nlsh monitor's text of a link shows after its
// name and index, in order (positions in LinkFields).
func LinkText() []int { return linkTextPos.get() }

var linkTextPos = lazy[[]int]{build: func() []int { return fieldPositions(LinkFields(), "mtu", "flags", "kind", "master") }}

// LinkColumns orders the everyday fields as a table shows them, most
// telling first.
var LinkColumns = []string{"ifindex", "name", "operstate", "mtu", "kind", "master", "address", "flags"}

// linkInfoTable reads the linkinfo nest (linkinfo-attrs).
var linkInfoTable = builtin.LazyTable("rt-link", "linkinfo-attrs", []ynl.Field[Link]{
	{Name: "kind", Set: func(l *Link, b []byte, _ uint64) { l.Kind = internKind(b) }},
	{Name: "slave-kind", Set: func(l *Link, b []byte, _ uint64) { l.SlaveKind = internKind(b) }},
	{Name: "data", Set: func(l *Link, b []byte, _ uint64) { l.InfoData = b }},
	{Name: "slave-data", Set: func(l *Link, b []byte, _ uint64) { l.SlaveData = b }},
}...)

// propListTable reads the prop-list nest: the alternative names.
var propListTable = builtin.LazyTable("rt-link", "prop-list-link-attrs", ynl.Field[Link]{
	Name: "alt-ifname", Set: func(l *Link, b []byte, _ uint64) { l.AltNames = append(l.AltNames, cstring(b)) },
})

// vethData is a veth's linkinfo data: the peer's ifinfomsg and attributes,
// when a request (or a kernel that echoes one) carries them.
type vethData struct{ peer []byte }

var vethTable = builtin.LazyTable("rt-link", "linkinfo-veth-attrs", ynl.Field[vethData]{
	Name: "peer", Set: func(v *vethData, b []byte, _ uint64) {
		if v.peer == nil {
			v.peer = b
		}
	},
})

// DecodeLink decodes an RTM_NEWLINK (or DELLINK, GETLINK, SETLINK) payload.
func DecodeLink(b []byte) (Link, error) { return decodeValue[Link](b) }

// Decode fills l from an ifinfomsg payload, overwriting every field. On a
// malformed attribute it keeps what it decoded before it and returns an error.
func (l *Link) Decode(b []byte) error { return l.decode(b, true) }

// decode decodes a veth peer only when withPeer is set, so hostile input
// cannot nest peers deeply.
func (l *Link) decode(b []byte, withPeer bool) error {
	err := decodeObject(l, b, &linkKind)
	if withPeer && l.Kind == "veth" && l.InfoData != nil {
		var v vethData
		_ = vethTable().Walk(&v, l.InfoData, 0, nil)
		if v.peer != nil {
			l.Peer = decodeVethPeer(v.peer)
		}
	}
	return err
}

func (l *Link) header(b []byte) {
	l.Family = b[0]
	l.Type = binary.NativeEndian.Uint16(b[2:])
	l.Index = int32(binary.NativeEndian.Uint32(b[4:]))
	l.Flags = binary.NativeEndian.Uint32(b[8:])
	l.Change = binary.NativeEndian.Uint32(b[12:])
}

func (l *Link) body() (*[]byte, *[]Malformed) { return &l.Raw, &l.Malformed }
func (l *Link) where() string                 { return fmt.Sprintf("link %d", l.Index) }

// decodeVethPeer reads the peer's ifinfomsg and attributes, without a peer
// of its own so that hostile input cannot nest peers deeply.
func decodeVethPeer(b []byte) *Link {
	var p Link
	if p.decode(b, false) != nil && p.Name == "" {
		return nil
	}
	return &p
}

// Attrs parses Raw: every attribute the kernel sent, in order.
func (l *Link) Attrs() ([]nlsock.Attr, error) { return rawAttrs(l.Raw, nil) }

// Unknown returns the attributes that have no field in Link, in order, with
// their type numbers and raw data.
func (l *Link) Unknown() ([]nlsock.Attr, error) { return rawAttrs(l.Raw, linkKind.table().Bound) }

// FlagNames returns the names of the interface flags ("UP", "LOWER_UP").
func (l *Link) FlagNames() []string { return LinkFlagNames(nil, l.Flags) }

// internKind and internQdisc avoid allocating for the common names.
func internKind(b []byte) string {
	s := b
	if n := len(s); n > 0 && s[n-1] == 0 {
		s = s[:n-1]
	}
	switch string(s) {
	case "veth":
		return "veth"
	case "bridge":
		return "bridge"
	case "dummy":
		return "dummy"
	case "vlan":
		return "vlan"
	case "bond":
		return "bond"
	case "vxlan":
		return "vxlan"
	case "macvlan":
		return "macvlan"
	case "vrf":
		return "vrf"
	case "tun":
		return "tun"
	}
	return cstring(b)
}

func internQdisc(b []byte) string {
	s := b
	if n := len(s); n > 0 && s[n-1] == 0 {
		s = s[:n-1]
	}
	switch string(s) {
	case "noqueue":
		return "noqueue"
	case "noop":
		return "noop"
	case "pfifo_fast":
		return "pfifo_fast"
	case "fq_codel":
		return "fq_codel"
	case "mq":
		return "mq"
	case "fq":
		return "fq"
	}
	return cstring(b)
}
