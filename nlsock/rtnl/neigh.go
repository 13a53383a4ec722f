//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
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

var neighKnown = knownSet(NDA_DST, NDA_LLADDR, NDA_CACHEINFO, NDA_PROBES, NDA_VLAN, NDA_MASTER,
	NDA_PROTOCOL, NDA_FLAGS_EXT)

// DecodeNeighbour decodes an RTM_NEWNEIGH (or DELNEIGH) payload.
func DecodeNeighbour(b []byte) (Neighbour, error) {
	var n Neighbour
	err := n.Decode(b)
	return n, err
}

// Decode fills n from an ndmsg payload, overwriting every field.
func (n *Neighbour) Decode(b []byte) error {
	*n = Neighbour{}
	if len(b) < NdMsgLen {
		return fmt.Errorf("ndmsg needs %d bytes, have %d", NdMsgLen, len(b))
	}
	n.Family = b[0]
	n.IfIndex = int32(binary.NativeEndian.Uint32(b[4:]))
	n.State = binary.NativeEndian.Uint16(b[8:])
	n.Flags, n.Type = b[10], b[11]
	n.Raw = b[NdMsgLen:]
	it := attrIter{b: n.Raw, base: NdMsgLen}
	for {
		typ, data, ok := it.next()
		if !ok {
			break
		}
		if !neighSizes.fits(typ, len(data)) {
			n.Malformed = append(n.Malformed, neighSizes.malformed(ObjectNeighbour, typ, len(data)))
			continue
		}
		n.decodeAttr(typ, data)
	}
	if it.err != nil {
		return fmt.Errorf("neighbour on link %d: %w", n.IfIndex, it.err)
	}
	return nil
}

func (n *Neighbour) decodeAttr(typ uint16, data []byte) {
	switch typ {
	case NDA_DST:
		n.Dst, _ = ipAddr(data)
	case NDA_LLADDR:
		n.LLAddr = net.HardwareAddr(data)
	case NDA_PROBES:
		n.Probes, _ = u32(data)
	case NDA_VLAN:
		n.VLAN, _ = u16(data)
	case NDA_MASTER:
		n.Master, _ = u32(data)
	case NDA_FLAGS_EXT:
		n.FlagsExt, _ = u32(data)
	case NDA_PROTOCOL:
		if len(data) == 1 {
			n.Protocol = data[0]
		}
	case NDA_CACHEINFO:
		if len(data) == 16 {
			n.CacheInfo = NeighCacheInfo{
				Confirmed: binary.NativeEndian.Uint32(data),
				Used:      binary.NativeEndian.Uint32(data[4:]),
				Updated:   binary.NativeEndian.Uint32(data[8:]),
				RefCnt:    binary.NativeEndian.Uint32(data[12:]),
			}
			n.HasCacheInfo = true
		}
	}
}

// StateNames returns the state names ("PERMANENT", "REACHABLE").
func (n *Neighbour) StateNames() []string { return NeighStateNames(nil, n.State) }

// FlagNames returns the neighbour flag names ("router", "self").
func (n *Neighbour) FlagNames() []string { return NeighFlagNames(nil, n.Flags) }

// Attrs parses Raw: every attribute the kernel sent, in order.
func (n *Neighbour) Attrs() ([]nlsock.Attr, error) { return rawAttrs(n.Raw, nil) }

// Unknown returns the attributes that have no field in Neighbour.
func (n *Neighbour) Unknown() ([]nlsock.Attr, error) { return rawAttrs(n.Raw, neighKnown.has) }
