package rtnl

import (
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nlsh/nlsh/nlsock"
)

var ignoreRaw = cmp.Options{
	cmpopts.IgnoreFields(Link{}, "Raw", "InfoData"),
	cmpopts.IgnoreFields(Address{}, "Raw"),
	cmpopts.IgnoreFields(Route{}, "Raw"),
	cmpopts.IgnoreFields(NextHop{}, "Raw"),
	cmpopts.IgnoreFields(Neighbour{}, "Raw"),
	cmpopts.IgnoreFields(Rule{}, "Raw"),
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
}

func linkPayload(tb testing.TB) []byte {
	mac := []byte{2, 0, 0, 0, 0, 1}
	stats := make([]byte, 25*8)
	stats[0] = 7  // rx_packets
	stats[16] = 9 // rx_bytes
	return payload(tb, ifinfomsg(0, 5, IFF_UP|IFF_BROADCAST, 0), func(e *nlsock.AttrEncoder) {
		e.String(IFLA_IFNAME, "br0")
		e.Uint32(IFLA_MTU, 1500)
		e.Raw(IFLA_ADDRESS, mac)
		e.Raw(IFLA_BROADCAST, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
		e.Uint8(IFLA_OPERSTATE, IF_OPER_UP)
		e.Uint32(IFLA_MASTER, 3)
		e.Uint32(IFLA_TXQLEN, 1000)
		e.String(IFLA_QDISC, "noqueue")
		e.Uint32(IFLA_MIN_MTU, 68)
		e.Uint32(IFLA_MAX_MTU, 65535)
		e.Raw(IFLA_STATS64, stats)
		e.Nest(IFLA_LINKINFO|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			e.String(IFLA_INFO_KIND, "bridge")
			e.Nest(IFLA_INFO_DATA|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { e.Uint32(1, 1500) })
		})
		e.Nest(IFLA_PROP_LIST|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			e.String(IFLA_ALT_IFNAME, "a-very-long-alternative-name")
			e.String(IFLA_ALT_IFNAME, "alt2")
		})
		e.Uint16(IFLA_MTU+1000, 7) // a type nobody knows
		e.Uint16(IFLA_GROUP, 1)    // wrong length: stays raw
	})
}

func TestDecodeLink(t *testing.T) {
	l, err := DecodeLink(linkPayload(t))
	if err != nil {
		t.Fatal(err)
	}
	want := Link{
		Index: 5, Flags: IFF_UP | IFF_BROADCAST, Name: "br0", MTU: 1500, MinMTU: 68, MaxMTU: 65535,
		Address:   net.HardwareAddr{2, 0, 0, 0, 0, 1},
		Broadcast: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		OperState: IF_OPER_UP, Master: 3, TxQLen: 1000, Qdisc: "noqueue", Kind: "bridge",
		Stats: LinkStats64{RxPackets: 7, RxBytes: 9}, HasStats: true,
		AltNames: []string{"a-very-long-alternative-name", "alt2"},
		// Group stays 0 and is not a value: the attribute is listed here
		Malformed: []Malformed{{Type: IFLA_GROUP, Name: "IFLA_GROUP", Len: 2, Want: "4"}},
	}
	if diff := cmp.Diff(want, l, ignoreRaw); diff != "" {
		t.Errorf("DecodeLink (-want +got):\n%s", diff)
	}
	if len(l.InfoData) != 8 {
		t.Errorf("InfoData = %x, want the raw bridge attributes", l.InfoData)
	}
	unknown, err := l.Unknown()
	if err != nil {
		t.Fatal(err)
	}
	var types []uint16
	for _, a := range unknown {
		types = append(types, a.Type)
	}
	// IFLA_GROUP is known but malformed: it stays in Raw, reported by Attrs.
	if diff := cmp.Diff([]uint16{IFLA_MTU + 1000}, types); diff != "" {
		t.Errorf("Unknown types (-want +got):\n%s", diff)
	}
	all, _ := l.Attrs()
	if len(all) != 15 {
		t.Errorf("Attrs() has %d attributes, want 15", len(all))
	}
	if got := strings.Join(l.FlagNames(), ","); got != "BROADCAST,UP" {
		t.Errorf("FlagNames = %s", got)
	}
}

func TestDecodeLinkMalformed(t *testing.T) {
	b := linkPayload(t)
	tests := []struct {
		name    string
		b       []byte
		wantErr string
	}{
		{"short header", b[:10], "ifinfomsg needs 16 bytes, have 10"},
		{"cut attribute", b[:IfInfoMsgLen+8+6], "attribute at offset 24 (type 4): nla_len 8 exceeds the 6 bytes left"},
		{"trailing bytes", b[:IfInfoMsgLen+8+2], "attribute at offset 24: 2 trailing bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := DecodeLink(tt.b)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if len(tt.b) > IfInfoMsgLen && (l.Index != 5 || l.Name != "br0") {
				t.Errorf("decoded before the error: index %d name %q", l.Index, l.Name)
			}
		})
	}
}

func TestVethPeerRoundTrip(t *testing.T) {
	m, err := LinkAddRequest(LinkSpec{Name: "v0", Kind: "veth", Peer: "v1", Options: []Option{{"mtu", uint32(9000)}}, Up: true})
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Type != RTM_NEWLINK || m.Header.Flags != nlsock.FlagRequest|nlsock.FlagCreate|nlsock.FlagExcl {
		t.Errorf("header %+v", m.Header)
	}
	l, err := DecodeLink(m.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if l.Name != "v0" || l.Kind != "veth" || l.MTU != 9000 || l.Flags != IFF_UP || l.Change != IFF_UP {
		t.Errorf("decoded %+v", l)
	}
	if l.Peer == nil || l.Peer.Name != "v1" {
		t.Fatalf("peer = %+v", l.Peer)
	}
}

func TestLinkRequests(t *testing.T) {
	up, name, master, fd := true, "new", int32(0), 7
	m, err := LinkSetRequest(4, LinkChange{Up: &up, Options: []Option{{"mtu", 1400}}, Name: &name, Master: &master, NetNSFD: &fd})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := DecodeLink(m.Payload)
	if l.Index != 4 || l.Flags != IFF_UP || l.Change != IFF_UP || l.MTU != 1400 || l.Name != "new" {
		t.Errorf("decoded %+v", l)
	}
	all, _ := l.Attrs()
	var types []uint16
	for _, a := range all {
		types = append(types, a.Type)
	}
	if diff := cmp.Diff([]uint16{IFLA_IFNAME, IFLA_MTU, IFLA_MASTER, IFLA_NET_NS_FD}, types); diff != "" {
		t.Errorf("attribute types (-want +got):\n%s", diff)
	}
	errs := []struct {
		name string
		err  error
	}{
		{"nothing", second(LinkSetRequest(4, LinkChange{}))},
		{"unknown option", second(LinkSetRequest(4, LinkChange{Options: []Option{{"min_mtu", 1}}}))},
		{"option of a wrong type", second(LinkSetRequest(4, LinkChange{Options: []Option{{"mtu", "x"}}}))},
		{"option out of range", second(LinkAddRequest(LinkSpec{Name: "x", Kind: "dummy", Options: []Option{{"mtu", 1 << 32}}}))},
		{"bad index", second(LinkSetRequest(0, LinkChange{Up: &up}))},
		{"long name", second(LinkAddRequest(LinkSpec{Name: "0123456789abcdef", Kind: "dummy"}))},
		{"no kind", second(LinkAddRequest(LinkSpec{Name: "x"}))},
		{"peer of bridge", second(LinkAddRequest(LinkSpec{Name: "x", Kind: "bridge", Peer: "y"}))},
		{"two namespaces", second(LinkSetRequest(4, LinkChange{NetNSFD: &fd, NetNSPID: &fd}))},
	}
	for _, e := range errs {
		if e.err == nil {
			t.Errorf("%s: no error", e.name)
		}
	}
	if d := LinkDelRequest(9); d.Header.Type != RTM_DELLINK || len(d.Payload) != IfInfoMsgLen {
		t.Errorf("LinkDelRequest = %+v", d)
	}
}

func second[T any](_ T, err error) error { return err }

func TestAddressRoundTrip(t *testing.T) {
	tests := []struct {
		prefix string
		family uint8
		brd    string
	}{
		{"10.0.0.1/24", AF_INET, "10.0.0.255"},
		{"10.0.0.1/32", AF_INET, "invalid IP"},
		{"2001:db8::1/64", AF_INET6, "invalid IP"},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			m, err := AddrAddRequest(3, netip.MustParsePrefix(tt.prefix))
			if err != nil {
				t.Fatal(err)
			}
			a, err := DecodeAddress(m.Payload)
			if err != nil {
				t.Fatal(err)
			}
			if a.Family != tt.family || a.Index != 3 || a.Prefix().String() != tt.prefix || a.Broadcast.String() != tt.brd {
				t.Errorf("decoded %+v", a)
			}
		})
	}
}

func TestMappedPrefixes(t *testing.T) {
	m, err := AddrAddRequest(3, netip.MustParsePrefix("::ffff:10.0.0.1/120"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := DecodeAddress(m.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if a.Family != AF_INET || a.Prefix().String() != "10.0.0.1/24" || a.Broadcast.String() != "10.0.0.255" {
		t.Errorf("address ::ffff:10.0.0.1/120 encoded as %+v", a)
	}
	m, err = RouteAddRequest(RouteSpec{Dst: netip.MustParsePrefix("::ffff:10.0.0.0/104"), OIF: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := DecodeRoute(m.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if r.Family != AF_INET || r.Prefix().String() != "10.0.0.0/8" {
		t.Errorf("route ::ffff:10.0.0.0/104 encoded as %+v", r)
	}
}

func TestDecodeAddressFlags(t *testing.T) {
	hdr := []byte{AF_INET6, 64, byte(IFA_F_PERMANENT), RT_SCOPE_LINK, 2, 0, 0, 0}
	b := payload(t, hdr, func(e *nlsock.AttrEncoder) {
		e.Raw(IFA_ADDRESS, netip.MustParseAddr("fe80::1").AsSlice())
		e.Uint32(IFA_FLAGS, IFA_F_PERMANENT|IFA_F_NOPREFIXROUTE)
		e.Raw(IFA_CACHEINFO, append(append(le32(Forever), le32(Forever)...), append(le32(10), le32(20)...)...))
		e.String(IFA_LABEL, "eth0")
	})
	a, err := DecodeAddress(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Address{Family: AF_INET6, PrefixLen: 64, Flags: IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE,
		Scope: RT_SCOPE_LINK, Index: 2, Address: netip.MustParseAddr("fe80::1"), Label: "eth0",
		CacheInfo: AddrCacheInfo{Forever, Forever, 10, 20}, HasCacheInfo: true}
	if diff := cmp.Diff(want, a, ignoreRaw); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := strings.Join(a.FlagNames(), " "); got != "permanent noprefixroute" {
		t.Errorf("FlagNames = %q", got)
	}
}

func TestRouteRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		spec RouteSpec
		want Route
	}{
		{"gateway in table 100", RouteSpec{Dst: netip.MustParsePrefix("10.1.0.0/16"),
			Gateway: netip.MustParseAddr("10.0.0.254"), Table: 100, Priority: 20},
			Route{Family: AF_INET, DstLen: 16, Table: 100, Protocol: RTPROT_BOOT, Type: RTN_UNICAST,
				Dst: netip.MustParseAddr("10.1.0.0"), Gateway: netip.MustParseAddr("10.0.0.254"), Priority: 20}},
		// ip route leaves IPv6 routes at universe scope, gateway or not
		{"device route", RouteSpec{Dst: netip.MustParsePrefix("2001:db8::/64"), OIF: 4},
			Route{Family: AF_INET6, DstLen: 64, Table: RT_TABLE_MAIN, Protocol: RTPROT_BOOT,
				Scope: RT_SCOPE_UNIVERSE, Type: RTN_UNICAST, Dst: netip.MustParseAddr("2001:db8::"), OIF: 4}},
		{"default route", RouteSpec{Gateway: netip.MustParseAddr("10.0.0.1")},
			Route{Family: AF_INET, Table: RT_TABLE_MAIN, Protocol: RTPROT_BOOT, Type: RTN_UNICAST,
				Gateway: netip.MustParseAddr("10.0.0.1")}},
		{"table 1000", RouteSpec{Dst: netip.MustParsePrefix("10.9.9.9/32"), OIF: 1, Table: 1000},
			Route{Family: AF_INET, DstLen: 32, Table: 1000, Protocol: RTPROT_BOOT, Scope: RT_SCOPE_LINK,
				Type: RTN_UNICAST, Dst: netip.MustParseAddr("10.9.9.9"), OIF: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := RouteAddRequest(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			r, err := DecodeRoute(m.Payload)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, r, ignoreRaw); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if m, err := RouteAddRequest(RouteSpec{}); err != nil || m.Payload[0] != AF_INET || m.Payload[1] != 0 {
		t.Errorf("an empty spec is not the inet default route (ip route add default): %v", err)
	}
	if _, err := RouteAddRequest(RouteSpec{Dst: netip.MustParsePrefix("10.0.0.0/8"), Gateway: netip.MustParseAddr("::1")}); err == nil {
		t.Error("gateway of another family accepted")
	}
	d, _ := RouteDelRequest(RouteSpec{Dst: netip.MustParsePrefix("10.0.0.0/8")})
	if r, _ := DecodeRoute(d.Payload); r.Scope != RT_SCOPE_NOWHERE || r.Type != RTN_UNSPEC || r.Protocol != 0 {
		t.Errorf("delete matches %+v", r)
	}
}

func TestDecodeRouteMultipath(t *testing.T) {
	hop := func(ifindex uint32, weight uint8, gw string) []byte {
		var e nlsock.AttrEncoder
		e.Raw(RTA_GATEWAY, netip.MustParseAddr(gw).AsSlice())
		b := []byte{0, 0, byte(RTNH_F_ONLINK), weight - 1}
		b = append(b, le32(ifindex)...)
		b = append(b, e.Bytes()...)
		b[0] = byte(len(b))
		return b
	}
	b := payload(t, []byte{AF_INET, 24, 0, 0, 254, RTPROT_STATIC, 0, RTN_UNICAST, 0, 0, 0, 0}, func(e *nlsock.AttrEncoder) {
		e.Raw(RTA_DST, []byte{10, 2, 0, 0})
		e.Raw(RTA_MULTIPATH, append(hop(2, 1, "10.0.0.1"), hop(3, 5, "10.0.1.1")...))
		e.Nest(RTA_METRICS|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			e.Uint32(RTAX_MTU, 1400)
			e.String(RTAX_CC_ALGO, "bbr")
		})
		e.Uint8(RTA_PREF, 1)
	})
	r, err := DecodeRoute(b)
	if err != nil {
		t.Fatal(err)
	}
	want := []NextHop{
		{Flags: uint8(RTNH_F_ONLINK), IfIndex: 2, Gateway: netip.MustParseAddr("10.0.0.1")},
		{Flags: uint8(RTNH_F_ONLINK), Hops: 4, IfIndex: 3, Gateway: netip.MustParseAddr("10.0.1.1")},
	}
	if diff := cmp.Diff(want, r.MultiPath, ignoreRaw); diff != "" {
		t.Errorf("MultiPath (-want +got):\n%s", diff)
	}
	if r.MultiPath[1].Weight() != 5 {
		t.Errorf("weight %d", r.MultiPath[1].Weight())
	}
	wantM := []Metric{{Type: RTAX_MTU, Value: 1400}, {Type: RTAX_CC_ALGO, Data: []byte("bbr\x00")}}
	if diff := cmp.Diff(wantM, r.Metrics); diff != "" {
		t.Errorf("Metrics (-want +got):\n%s", diff)
	}
	if !r.HasPref || RoutePrefName(r.Pref) != "high" || r.Prefix().String() != "10.2.0.0/24" {
		t.Errorf("route %+v", r)
	}
}

func TestDecodeNeighbour(t *testing.T) {
	hdr := []byte{AF_INET, 0, 0, 0, 4, 0, 0, 0, byte(NUD_PERMANENT), 0, NTF_ROUTER, RTN_UNICAST}
	b := payload(t, hdr, func(e *nlsock.AttrEncoder) {
		e.Raw(NDA_DST, []byte{10, 0, 0, 9})
		e.Raw(NDA_LLADDR, []byte{2, 0, 0, 0, 0, 9})
		e.Uint32(NDA_PROBES, 3)
		e.Raw(NDA_CACHEINFO, append(append(le32(1), le32(2)...), append(le32(3), le32(4)...)...))
		e.Uint32(NDA_FDB_EXT_ATTRS, 0)
	})
	n, err := DecodeNeighbour(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Neighbour{Family: AF_INET, IfIndex: 4, State: NUD_PERMANENT, Flags: NTF_ROUTER, Type: RTN_UNICAST,
		Dst: netip.MustParseAddr("10.0.0.9"), LLAddr: net.HardwareAddr{2, 0, 0, 0, 0, 9}, Probes: 3,
		CacheInfo: NeighCacheInfo{1, 2, 3, 4}, HasCacheInfo: true}
	if diff := cmp.Diff(want, n, ignoreRaw); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if u, _ := n.Unknown(); len(u) != 1 || u[0].Type != NDA_FDB_EXT_ATTRS {
		t.Errorf("Unknown = %+v", u)
	}
	if got := strings.Join(n.StateNames(), ","); got != "PERMANENT" {
		t.Errorf("StateNames %s", got)
	}
}

func TestDecodeRule(t *testing.T) {
	hdr := []byte{AF_INET, 0, 24, 0, 0, 0, 0, FR_ACT_TO_TBL, 2, 0, 0, 0}
	b := payload(t, hdr, func(e *nlsock.AttrEncoder) {
		e.Raw(FRA_SRC, []byte{10, 3, 0, 0})
		e.Uint32(FRA_PRIORITY, 100)
		e.Uint32(FRA_TABLE, 1000)
		e.String(FRA_IIFNAME, "eth0")
		e.Uint32(FRA_FWMARK, 7)
		e.Raw(FRA_UID_RANGE, append(le32(1000), le32(2000)...))
		e.Raw(FRA_DPORT_RANGE, []byte{80, 0, 90, 0})
		e.Uint8(FRA_PROTOCOL, RTPROT_STATIC)
		e.Uint32(FRA_SUPPRESS_PREFIXLEN, 0xffffffff)
	})
	r, err := DecodeRule(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Rule{Family: AF_INET, SrcLen: 24, Table: 1000, Action: FR_ACT_TO_TBL, Flags: FIB_RULE_INVERT,
		Src: netip.MustParseAddr("10.3.0.0"), IIFName: "eth0", Priority: 100, HasPriority: true,
		FwMark: 7, HasFwMark: true, UIDRange: [2]uint32{1000, 2000}, HasUIDRange: true,
		DportRange: [2]uint16{80, 90}, Protocol: RTPROT_STATIC, SuppressPrefixLen: 0xffffffff}
	if diff := cmp.Diff(want, r, ignoreRaw); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if r.ActionName() != "lookup" || strings.Join(r.FlagNames(), ",") != "not" {
		t.Errorf("names %s %v", r.ActionName(), r.FlagNames())
	}
}

func TestDecodeDispatch(t *testing.T) {
	tests := []struct {
		typ  uint16
		b    []byte
		want string
	}{
		{RTM_NEWLINK, linkPayload(t), "*rtnl.Link"},
		{RTM_DELADDR, make([]byte, IfAddrMsgLen), "*rtnl.Address"},
		{RTM_NEWROUTE, make([]byte, RtMsgLen), "*rtnl.Route"},
		{RTM_NEWNEIGH, make([]byte, NdMsgLen), "*rtnl.Neighbour"},
		{RTM_NEWRULE, make([]byte, FibRuleHdrLen), "*rtnl.Rule"},
		{RTM_NEWQDISC, nil, "<nil>"},
	}
	for _, tt := range tests {
		v, err := Decode(tt.typ, tt.b)
		if err != nil {
			t.Errorf("%s: %v", MessageTypeName(tt.typ), err)
		}
		if got := typeName(v); got != tt.want {
			t.Errorf("%s decoded to %s, want %s", MessageTypeName(tt.typ), got, tt.want)
		}
		if tt.b != nil && HeaderLen(tt.typ) > len(tt.b) {
			t.Errorf("HeaderLen(%d) = %d", tt.typ, HeaderLen(tt.typ))
		}
	}
	for _, typ := range []uint16{RTM_NEWLINK, RTM_NEWADDR, RTM_NEWROUTE, RTM_NEWNEIGH, RTM_NEWRULE} {
		if _, err := Decode(typ, []byte{1}); err == nil {
			t.Errorf("%s: 1-byte payload decoded without error", MessageTypeName(typ))
		}
	}
}

func typeName(v any) string {
	switch v.(type) {
	case *Link:
		return "*rtnl.Link"
	case *Address:
		return "*rtnl.Address"
	case *Route:
		return "*rtnl.Route"
	case *Neighbour:
		return "*rtnl.Neighbour"
	case *Rule:
		return "*rtnl.Rule"
	case nil:
		return "<nil>"
	}
	return "?"
}

// TestDumpFilterHelpers: the family byte of a dump request, and the table
// of a route read without decoding it, as Route.Decode reads it.
func TestDumpFilterHelpers(t *testing.T) {
	req := AddrDumpRequest()
	got := DumpFamily(req, AF_INET6)
	if FamilyOf(got.Payload) != AF_INET6 || len(got.Payload) != IfAddrMsgLen || req.Payload[0] != AF_UNSPEC {
		t.Errorf("DumpFamily: payload %x (request left %x)", got.Payload, req.Payload)
	}
	if FamilyOf(nil) != AF_UNSPEC {
		t.Error("FamilyOf(nil) is not AF_UNSPEC")
	}
	hdr := func(table uint8) []byte { return []byte{AF_INET, 24, 0, 0, table, 2, 0, 1, 0, 0, 0, 0} }
	var e nlsock.AttrEncoder
	e.Uint32(RTA_OIF, 3)
	e.Uint32(RTA_TABLE, 1000)
	tests := []struct {
		name    string
		payload []byte
		want    uint32
		ok      bool
	}{
		{"rtm_table", hdr(100), 100, true},
		{"RTA_TABLE", append(hdr(uint8(RT_TABLE_COMPAT)), e.Bytes()...), 1000, true},
		{"short", hdr(100)[:RtMsgLen-1], 0, false},
		{"truncated attribute", append(hdr(254), 8, 0), 254, true},
	}
	for _, tt := range tests {
		got, ok := RouteTableOf(tt.payload)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: RouteTableOf = %d, %v; want %d, %v", tt.name, got, ok, tt.want, tt.ok)
		}
		if r, err := DecodeRoute(tt.payload); ok && r.Table != got {
			t.Errorf("%s: Route.Decode says table %d (%v), RouteTableOf %d", tt.name, r.Table, err, got)
		}
	}
	if names := strings.Join(FamilyNames(), " "); names != "unspec inet bridge inet6 link mpls ipmr ip6mr" {
		t.Errorf("FamilyNames = %s", names)
	}
}
