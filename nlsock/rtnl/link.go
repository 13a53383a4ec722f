//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"
	"net"

	"github.com/nlsh/nlsh/nlsock"
)

// IfInfoMsgLen is the size of struct ifinfomsg.
const IfInfoMsgLen = 16

// VETH_INFO_PEER is the IFLA_INFO_DATA attribute of a veth that holds the
// peer's ifinfomsg and attributes.
const VETH_INFO_PEER uint16 = 1

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

var linkKnown = knownSet(IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, IFLA_QDISC,
	IFLA_MASTER, IFLA_TXQLEN, IFLA_OPERSTATE, IFLA_LINKMODE, IFLA_LINKINFO, IFLA_IFALIAS, IFLA_STATS64,
	IFLA_GROUP, IFLA_PROMISCUITY, IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES, IFLA_CARRIER,
	IFLA_CARRIER_CHANGES, IFLA_LINK_NETNSID, IFLA_PROTO_DOWN, IFLA_MIN_MTU, IFLA_MAX_MTU,
	IFLA_PROP_LIST, IFLA_PERM_ADDRESS, IFLA_GSO_MAX_SIZE, IFLA_GSO_MAX_SEGS)

// DecodeLink decodes an RTM_NEWLINK (or DELLINK, GETLINK, SETLINK) payload.
func DecodeLink(b []byte) (Link, error) {
	var l Link
	err := l.Decode(b)
	return l, err
}

// Decode fills l from an ifinfomsg payload, overwriting every field. On a
// malformed attribute it keeps what it decoded before it and returns an error.
func (l *Link) Decode(b []byte) error { return l.decode(b, true) }

// decode decodes a veth peer only when withPeer is set, so hostile input
// cannot nest peers deeply.
func (l *Link) decode(b []byte, withPeer bool) error {
	*l = Link{}
	if len(b) < IfInfoMsgLen {
		return fmt.Errorf("ifinfomsg needs %d bytes, have %d", IfInfoMsgLen, len(b))
	}
	l.Family = b[0]
	l.Type = binary.NativeEndian.Uint16(b[2:])
	l.Index = int32(binary.NativeEndian.Uint32(b[4:]))
	l.Flags = binary.NativeEndian.Uint32(b[8:])
	l.Change = binary.NativeEndian.Uint32(b[12:])
	l.Raw = b[IfInfoMsgLen:]
	it := attrIter{b: l.Raw, base: IfInfoMsgLen}
	for {
		typ, data, ok := it.next()
		if !ok {
			break
		}
		if !linkSizes.fits(typ, len(data)) {
			l.Malformed = append(l.Malformed, linkSizes.malformed(ObjectLink, typ, len(data)))
			continue
		}
		l.decodeAttr(typ, data)
	}
	if withPeer && l.Kind == "veth" && l.InfoData != nil {
		l.Peer = decodeVethPeer(l.InfoData)
	}
	if it.err != nil {
		return fmt.Errorf("link %d: %w", l.Index, it.err)
	}
	return nil
}

func (l *Link) decodeAttr(typ uint16, data []byte) {
	switch typ {
	case IFLA_IFNAME:
		l.Name = cstring(data)
	case IFLA_MTU:
		l.MTU, _ = u32(data)
	case IFLA_ADDRESS:
		l.Address = net.HardwareAddr(data)
	case IFLA_BROADCAST:
		l.Broadcast = net.HardwareAddr(data)
	case IFLA_PERM_ADDRESS:
		l.PermAddress = net.HardwareAddr(data)
	case IFLA_OPERSTATE:
		if len(data) == 1 {
			l.OperState = data[0]
		}
	case IFLA_LINKMODE:
		if len(data) == 1 {
			l.LinkMode = data[0]
		}
	case IFLA_CARRIER:
		if len(data) == 1 {
			l.Carrier = data[0]
		}
	case IFLA_PROTO_DOWN:
		if len(data) == 1 {
			l.ProtoDown = data[0]
		}
	case IFLA_MASTER:
		v, _ := u32(data)
		l.Master = int32(v)
	case IFLA_LINK:
		v, _ := u32(data)
		l.Link = int32(v)
	case IFLA_LINK_NETNSID:
		v, ok := u32(data)
		l.LinkNetNSID, l.HasLinkNetNSID = int32(v), ok
	case IFLA_QDISC:
		l.Qdisc = internQdisc(data)
	case IFLA_IFALIAS:
		l.Alias = cstring(data)
	case IFLA_LINKINFO:
		l.decodeLinkInfo(data)
	case IFLA_STATS64:
		l.HasStats = l.Stats.decode(data)
	case IFLA_PROP_LIST:
		l.AltNames = decodeAltNames(data)
	default:
		l.decodeU32(typ, data)
	}
}

func (l *Link) decodeU32(typ uint16, data []byte) {
	var p *uint32
	switch typ {
	case IFLA_TXQLEN:
		p = &l.TxQLen
	case IFLA_GROUP:
		p = &l.Group
	case IFLA_PROMISCUITY:
		p = &l.Promiscuity
	case IFLA_NUM_TX_QUEUES:
		p = &l.NumTxQueues
	case IFLA_NUM_RX_QUEUES:
		p = &l.NumRxQueues
	case IFLA_CARRIER_CHANGES:
		p = &l.CarrierChanges
	case IFLA_MIN_MTU:
		p = &l.MinMTU
	case IFLA_MAX_MTU:
		p = &l.MaxMTU
	case IFLA_GSO_MAX_SIZE:
		p = &l.GSOMaxSize
	case IFLA_GSO_MAX_SEGS:
		p = &l.GSOMaxSegs
	default:
		return
	}
	*p, _ = u32(data)
}

func (l *Link) decodeLinkInfo(b []byte) {
	it := attrIter{b: b}
	for {
		typ, data, ok := it.next()
		if !ok {
			break
		}
		switch typ {
		case IFLA_INFO_KIND:
			l.Kind = internKind(data)
		case IFLA_INFO_SLAVE_KIND:
			l.SlaveKind = internKind(data)
		case IFLA_INFO_DATA:
			l.InfoData = data
		case IFLA_INFO_SLAVE_DATA:
			l.SlaveData = data
		}
	}
}

func decodeVethPeer(b []byte) *Link {
	it := attrIter{b: b}
	for {
		typ, data, ok := it.next()
		if !ok {
			return nil
		}
		if typ == VETH_INFO_PEER {
			var p Link
			if p.decode(data, false) != nil && p.Name == "" {
				return nil
			}
			return &p
		}
	}
}

func decodeAltNames(b []byte) []string {
	var names []string
	it := attrIter{b: b}
	for {
		typ, data, ok := it.next()
		if !ok {
			return names
		}
		if typ == IFLA_ALT_IFNAME {
			names = append(names, cstring(data))
		}
	}
}

// Attrs parses Raw: every attribute the kernel sent, in order.
func (l *Link) Attrs() ([]nlsock.Attr, error) { return rawAttrs(l.Raw, nil) }

// Unknown returns the attributes that have no field in Link, in order, with
// their type numbers and raw data.
func (l *Link) Unknown() ([]nlsock.Attr, error) { return rawAttrs(l.Raw, linkKnown.has) }

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
