//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
)

// RtMsgLen is the size of struct rtmsg.
const RtMsgLen = 12

// Route is a routing table entry: struct rtmsg and its RTA_ attributes.
type Route struct {
	Family   uint8
	DstLen   uint8
	SrcLen   uint8
	TOS      uint8
	Table    uint32 // rtm_table, or RTA_TABLE when present (tables above 255)
	Protocol uint8  // RTPROT_*
	Scope    uint8  // RT_SCOPE_*
	Type     uint8  // RTN_*
	Flags    uint32 // RTM_F_* and RTNH_F_*

	Dst, Src, Gateway, PrefSrc netip.Addr // Dst invalid (and DstLen 0) for a default route
	Via                        netip.Addr // RTA_VIA (a gateway of another family)
	IIF, OIF                   uint32
	Priority                   uint32 // the metric
	Mark                       uint32
	Expires                    uint32
	NHID                       uint32
	Pref                       uint8 // RTA_PREF (IPv6 router preference), valid if HasPref
	HasPref                    bool
	EncapType                  uint16
	Encap                      []byte // RTA_ENCAP, raw

	Metrics   []Metric  // RTA_METRICS
	MultiPath []NextHop // RTA_MULTIPATH

	Malformed []Malformed // attributes of a wrong length, left out of the fields above

	Raw []byte // every attribute after the rtmsg, as received
}

// Metric is one RTAX_ route metric. RTAX_CC_ALGO carries a name: Value is 0
// and Data holds it.
type Metric struct {
	Type  uint16
	Value uint32
	Data  []byte
}

// NextHop is one struct rtnexthop of a multipath route with its attributes.
type NextHop struct {
	Flags   uint8 // RTNH_F_*
	Hops    uint8 // weight - 1
	IfIndex int32
	Gateway netip.Addr
	Via     netip.Addr
	Raw     []byte
}

// Weight is the next hop's weight as ip prints it (rtnh_hops + 1).
func (n NextHop) Weight() int { return int(n.Hops) + 1 }

var routeKnown = knownSet(RTA_DST, RTA_SRC, RTA_IIF, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC,
	RTA_METRICS, RTA_MULTIPATH, RTA_TABLE, RTA_MARK, RTA_VIA, RTA_PREF, RTA_ENCAP_TYPE, RTA_ENCAP,
	RTA_EXPIRES, RTA_NH_ID)

// DecodeRoute decodes an RTM_NEWROUTE (or DELROUTE) payload.
func DecodeRoute(b []byte) (Route, error) {
	var r Route
	err := r.Decode(b)
	return r, err
}

// Decode fills r from an rtmsg payload, overwriting every field.
func (r *Route) Decode(b []byte) error {
	*r = Route{}
	if len(b) < RtMsgLen {
		return fmt.Errorf("rtmsg needs %d bytes, have %d", RtMsgLen, len(b))
	}
	r.Family, r.DstLen, r.SrcLen, r.TOS = b[0], b[1], b[2], b[3]
	r.Table, r.Protocol, r.Scope, r.Type = uint32(b[4]), b[5], b[6], b[7]
	r.Flags = binary.NativeEndian.Uint32(b[8:])
	r.Raw = b[RtMsgLen:]
	it := attrIter{b: r.Raw, base: RtMsgLen}
	for {
		typ, data, ok := it.next()
		if !ok {
			break
		}
		if !routeSizes.fits(typ, len(data)) {
			r.Malformed = append(r.Malformed, routeSizes.malformed(ObjectRoute, typ, len(data)))
			continue
		}
		r.decodeAttr(typ, data)
	}
	if it.err != nil {
		return fmt.Errorf("route: %w", it.err)
	}
	return nil
}

func (r *Route) decodeAttr(typ uint16, data []byte) {
	switch typ {
	case RTA_DST:
		r.Dst, _ = ipAddr(data)
	case RTA_SRC:
		r.Src, _ = ipAddr(data)
	case RTA_GATEWAY:
		r.Gateway, _ = ipAddr(data)
	case RTA_PREFSRC:
		r.PrefSrc, _ = ipAddr(data)
	case RTA_VIA:
		r.Via = decodeVia(data)
	case RTA_TABLE:
		if v, ok := u32(data); ok {
			r.Table = v
		}
	case RTA_PREF:
		if len(data) == 1 {
			r.Pref, r.HasPref = data[0], true
		}
	case RTA_ENCAP_TYPE:
		r.EncapType, _ = u16(data)
	case RTA_ENCAP:
		r.Encap = data
	case RTA_METRICS:
		r.Metrics = decodeMetrics(data)
	case RTA_MULTIPATH:
		r.MultiPath = decodeMultiPath(data)
	case RTA_IIF:
		r.IIF, _ = u32(data)
	case RTA_OIF:
		r.OIF, _ = u32(data)
	case RTA_PRIORITY:
		r.Priority, _ = u32(data)
	case RTA_MARK:
		r.Mark, _ = u32(data)
	case RTA_EXPIRES:
		r.Expires, _ = u32(data)
	case RTA_NH_ID:
		r.NHID, _ = u32(data)
	}
}

// decodeVia reads struct rtvia: a 16-bit family and the address.
func decodeVia(b []byte) netip.Addr {
	if len(b) < 2 {
		return netip.Addr{}
	}
	a, _ := ipAddr(b[2:])
	return a
}

func decodeMetrics(b []byte) []Metric {
	var ms []Metric
	it := attrIter{b: b}
	for {
		typ, data, ok := it.next()
		if !ok {
			return ms
		}
		v, _ := u32(data)
		m := Metric{Type: typ, Value: v}
		if typ == RTAX_CC_ALGO {
			m.Value, m.Data = 0, data
		}
		ms = append(ms, m)
	}
}

// decodeMultiPath reads the rtnexthop array of RTA_MULTIPATH; a truncated
// entry ends it.
func decodeMultiPath(b []byte) []NextHop {
	var hops []NextHop
	for len(b) >= 8 {
		n := int(binary.NativeEndian.Uint16(b))
		if n < 8 || n > len(b) {
			break
		}
		h := NextHop{Flags: b[2], Hops: b[3], IfIndex: int32(binary.NativeEndian.Uint32(b[4:])), Raw: b[8:n:n]}
		it := attrIter{b: h.Raw}
		for {
			typ, data, ok := it.next()
			if !ok {
				break
			}
			switch typ {
			case RTA_GATEWAY:
				h.Gateway, _ = ipAddr(data)
			case RTA_VIA:
				h.Via = decodeVia(data)
			}
		}
		hops = append(hops, h)
		b = b[min((n+3)&^3, len(b)):]
	}
	return hops
}

// Prefix returns the destination as a prefix ("10.0.0.0/24"); for a default
// route it is the family's zero prefix ("0.0.0.0/0", "::/0").
func (r *Route) Prefix() netip.Prefix {
	if r.Dst.IsValid() {
		return netip.PrefixFrom(r.Dst, int(r.DstLen))
	}
	switch r.Family {
	case AF_INET, RTNL_FAMILY_IPMR:
		return netip.PrefixFrom(netip.IPv4Unspecified(), 0)
	case AF_INET6, RTNL_FAMILY_IP6MR:
		return netip.PrefixFrom(netip.IPv6Unspecified(), 0)
	}
	return netip.Prefix{}
}

// FlagNames returns the route flag names ("onlink", "linkdown").
func (r *Route) FlagNames() []string { return RouteFlagNames(nil, r.Flags) }

// Attrs parses Raw: every attribute the kernel sent, in order.
func (r *Route) Attrs() ([]nlsock.Attr, error) { return rawAttrs(r.Raw, nil) }

// Unknown returns the attributes that have no field in Route.
func (r *Route) Unknown() ([]nlsock.Attr, error) { return rawAttrs(r.Raw, routeKnown.has) }
