//go:build linux

package rtnl

import (
	"encoding/binary"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
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

// routeBindings bind rt-route's route-attrs, and the rtmsg header, to
// Route's fields: the everyday ones first, in RouteSummary's order.
func routeBindings() []binding[Route] {
	return []binding[Route]{
		header("family", func(r *Route) Value { return Value{Kind: EnumValue, U: uint64(r.Family), S: FamilyName(r.Family)} }),
		// the prefix, 0.0.0.0/0 or ::/0 for a default route
		{Field: ynl.Field[Route]{Name: "rta-dst", Set: func(r *Route, b []byte, _ uint64) { r.Dst, _ = ipAddr(b) }},
			field: Field[Route]{Name: "dst", Get: func(r *Route) Value {
				p := r.Prefix()
				if !p.IsValid() {
					return Value{}
				}
				return Value{Kind: PrefixValue, A: p.Addr(), U: uint64(p.Bits())}
			}}},
		always(named("table", uintAttr("rta-table", func(r *Route) *uint32 { return &r.Table }))), // rtm_table unless sent
		header("protocol", func(r *Route) Value { return Value{Kind: NameValue, S: ProtocolName(r.Protocol)} }),
		header("scope", func(r *Route) Value { return Value{Kind: NameValue, S: ScopeName(r.Scope)} }),
		header("type", func(r *Route) Value { return Value{Kind: NameValue, S: RouteTypeName(r.Type)} }),
		named("gateway", ipAttr("rta-gateway", func(r *Route) *netip.Addr { return &r.Gateway })),
		{Field: ynl.Field[Route]{Name: "rta-via", Set: func(r *Route, b []byte, _ uint64) { r.Via = decodeVia(b) }},
			field: Field[Route]{Name: "via", Get: func(r *Route) Value { return ipOrNone(r.Via) }}},
		named("prefsrc", ipAttr("rta-prefsrc", func(r *Route) *netip.Addr { return &r.PrefSrc })),
		{Field: ynl.Field[Route]{Name: "rta-src", Set: func(r *Route, b []byte, _ uint64) { r.Src, _ = ipAddr(b) }},
			field: Field[Route]{Name: "src", Get: func(r *Route) Value { return prefixOrNone(r.Src, r.SrcLen) }}},
		alias("oif", named("ifindex", indexAttr("rta-oif", func(r *Route) *uint32 { return &r.OIF }))),
		// IPv6 routes always have a metric; IPv4's 0 is no metric
		{Field: ynl.Field[Route]{Name: "rta-priority", Set: func(r *Route, _ []byte, n uint64) { r.Priority = uint32(n) }},
			field: Field[Route]{Name: "metric", Get: func(r *Route) Value {
				if r.Priority != 0 || r.Family == AF_INET6 {
					return Value{Kind: UintValue, U: uint64(r.Priority)}
				}
				return Value{}
			}}},

		header("table_name", func(r *Route) Value { return Value{Kind: NameValue, S: TableName(r.Table)} }),
		{field: Field[Route]{Name: "flags", Get: func(r *Route) Value { return Value{Kind: FlagsValue, U: uint64(r.Flags)} }, Flags: routeFlags.get}},
		{Field: ynl.Field[Route]{Name: "rta-pref", Set: func(r *Route, _ []byte, n uint64) { r.Pref, r.HasPref = uint8(n), true }},
			field: Field[Route]{Name: "pref", Get: func(r *Route) Value {
				if !r.HasPref {
					return Value{}
				}
				return Value{Kind: EnumValue, U: uint64(r.Pref), S: RoutePrefName(r.Pref)}
			}}},
		header("dst_len", func(r *Route) Value { return Value{Kind: UintValue, U: uint64(r.DstLen)} }),
		header("src_len", func(r *Route) Value { return Value{Kind: UintValue, U: uint64(r.SrcLen)} }),
		header("tos", func(r *Route) Value { return Value{Kind: UintValue, U: uint64(r.TOS)} }),
		header("rtm_flags", func(r *Route) Value { return Value{Kind: UintValue, U: uint64(r.Flags)} }),
		named("iif", uintAttr("rta-iif", func(r *Route) *uint32 { return &r.IIF })),
		named("mark", uintAttr("rta-mark", func(r *Route) *uint32 { return &r.Mark })),
		named("expires", uintAttr("rta-expires", func(r *Route) *uint32 { return &r.Expires })),
		named("nhid", uintAttr("rta-nh-id", func(r *Route) *uint32 { return &r.NHID })),
		named("encap_type", uintAttr("rta-encap-type", func(r *Route) *uint16 { return &r.EncapType })),
		{Field: ynl.Field[Route]{Name: "rta-encap", Set: func(r *Route, b []byte, _ uint64) { r.Encap = b }}},
		{Field: ynl.Field[Route]{Name: "rta-metrics", Set: func(r *Route, b []byte, _ uint64) { r.Metrics = decodeMetrics(b) }}},
		{Field: ynl.Field[Route]{Name: "rta-multipath", Set: func(r *Route, b []byte, _ uint64) { r.MultiPath = decodeMultiPath(b) }}},
	}
}

var routeKind = objectKind[Route]{hdrName: "rtmsg", hdrLen: RtMsgLen, family: "rt-route", attrs: "route-attrs", bindings: routeBindings}

// RouteFields are a route's fields, in order: the everyday ones first.
func RouteFields() []Field[Route] { return routeKind.fieldList() }

// RouteSummary is how many of RouteFields are a route's everyday fields,
// those Lua tables build at once (and its next hops).
const RouteSummary = 12

// RouteJSON are the fields nlsh monitor's JSON of a route shows after its
// family and destination.
func RouteJSON() []int { return routeJSONPos.get() }

var routeJSONPos = lazy[[]int]{build: func() []int {
	return fieldPositions(RouteFields(), "gateway", "ifindex", "table", "table_name", "protocol", "scope", "type", "metric")
}}

// RouteColumns are the fields a table of routes shows; gateway and via
// share a column.
var RouteColumns = []string{"dst", "gateway", "via", "ifindex", "prefsrc", "table", "protocol", "scope", "type", "metric"}

// nextHopTable reads the route attributes that follow a multipath route's
// rtnexthop.
var nextHopTable = builtin.LazyTable("rt-route", "route-attrs", []ynl.Field[NextHop]{
	{Name: "rta-gateway", Set: func(h *NextHop, b []byte, _ uint64) { h.Gateway, _ = ipAddr(b) }},
	{Name: "rta-via", Set: func(h *NextHop, b []byte, _ uint64) { h.Via = decodeVia(b) }},
}...)

// DecodeRoute decodes an RTM_NEWROUTE (or DELROUTE) payload.
func DecodeRoute(b []byte) (Route, error) { return decodeValue[Route](b) }

// Decode fills r from an rtmsg payload, overwriting every field.
func (r *Route) Decode(b []byte) error { return decodeObject(r, b, &routeKind) }

func (r *Route) header(b []byte) {
	r.Family, r.DstLen, r.SrcLen, r.TOS = b[0], b[1], b[2], b[3]
	r.Table, r.Protocol, r.Scope, r.Type = uint32(b[4]), b[5], b[6], b[7]
	r.Flags = binary.NativeEndian.Uint32(b[8:])
}

func (r *Route) body() (*[]byte, *[]Malformed) { return &r.Raw, &r.Malformed }
func (r *Route) where() string                 { return "route" }

// decodeVia reads struct rtvia: a 16-bit family and the address.
func decodeVia(b []byte) netip.Addr {
	if len(b) < 2 {
		return netip.Addr{}
	}
	a, _ := ipAddr(b[2:])
	return a
}

// decodeMetrics reads every metric; one the description types as a
// string (RTAX_CC_ALGO) keeps its bytes in Data, the others are u32.
func decodeMetrics(b []byte) []Metric {
	var ms []Metric
	set := metricsSet()
	it := nlsock.AttrIter{B: b}
	for {
		typ, data, ok := it.Next()
		if !ok {
			return ms
		}
		m := Metric{Type: typ}
		if a, ok := set.ByType(typ); ok && a.Type == "string" {
			m.Data = data
		} else if len(data) == 4 {
			m.Value = binary.NativeEndian.Uint32(data)
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
		_ = nextHopTable().Walk(&h, h.Raw, 0, nil)
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
func (r *Route) Unknown() ([]nlsock.Attr, error) { return rawAttrs(r.Raw, routeKind.table().Bound) }
