//go:build linux

package rtnl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
)

// Dump requests. Their family headers are all zero, which strict checking
// (NETLINK_GET_STRICT_CHK) accepts; family AF_UNSPEC asks every family.

// LinkDumpRequest asks for every link (RTM_GETLINK, NLM_F_DUMP).
func LinkDumpRequest() nlsock.Message { return dump(RTM_GETLINK, IfInfoMsgLen) }

// AddrDumpRequest asks for every address of every family.
func AddrDumpRequest() nlsock.Message { return dump(RTM_GETADDR, IfAddrMsgLen) }

// RouteDumpRequest asks for the routes of every family and table.
func RouteDumpRequest() nlsock.Message { return dump(RTM_GETROUTE, RtMsgLen) }

// NeighDumpRequest asks for every neighbour entry of every family.
func NeighDumpRequest() nlsock.Message { return dump(RTM_GETNEIGH, NdMsgLen) }

// RuleDumpRequest asks for the rules of every family.
func RuleDumpRequest() nlsock.Message { return dump(RTM_GETRULE, FibRuleHdrLen) }

// NexthopDumpRequest asks for every nexthop (struct nhmsg, 8 bytes).
func NexthopDumpRequest() nlsock.Message { return dump(RTM_GETNEXTHOP, 8) }

// DumpFamily returns the dump request m asking for one address family
// only: the family is the first byte of every rtnetlink family header.
// The kernel answers a family that has no dump of the object with every
// family's objects (RTM_GETADDR with AF_BRIDGE lists inet and inet6
// addresses), so a caller that wants only the family checks FamilyOf each
// reply too. For RTM_GETLINK the family selects a different listing
// (AF_BRIDGE: bridge ports, AF_INET6: per-device IPv6 settings).
func DumpFamily(m nlsock.Message, family uint8) nlsock.Message {
	p := append([]byte(nil), m.Payload...)
	if len(p) > 0 {
		p[0] = family
	}
	m.Payload = p
	return m
}

// FamilyOf is the address family of an rtnetlink message payload (the
// first byte of ifinfomsg, ifaddrmsg, rtmsg, ndmsg and fib_rule_hdr); 0
// for an empty payload.
func FamilyOf(payload []byte) uint8 {
	if len(payload) == 0 {
		return AF_UNSPEC
	}
	return payload[0]
}

// RouteTableOf is the table of a route message payload as Route.Decode
// reads it (RTA_TABLE, or rtm_table without it) without decoding the
// rest; false if the payload is shorter than an rtmsg.
func RouteTableOf(payload []byte) (uint32, bool) {
	if len(payload) < RtMsgLen {
		return 0, false
	}
	return routeKeysOf(payload).table, true
}

func dump(t uint16, hdrLen int) nlsock.Message {
	return nlsock.Message{
		Header:  nlsock.Header{Type: t, Flags: nlsock.FlagRequest | nlsock.FlagDump},
		Payload: make([]byte, hdrLen),
	}
}

// LinkGetRequest asks for one link by name (RTM_GETLINK with IFLA_IFNAME,
// or IFLA_ALT_IFNAME for names longer than 15 bytes).
func LinkGetRequest(name string) (nlsock.Message, error) {
	if err := checkName(name, 127); err != nil {
		return nlsock.Message{}, err
	}
	w := linkWriter()
	if len(name) < 16 {
		w.put("ifname", name)
	} else {
		w.put("alt-ifname", name)
	}
	return request(RTM_GETLINK, nlsock.FlagRequest, ifinfomsg(0, 0, 0, 0), w)
}

func checkName(name string, max int) error {
	switch {
	case name == "":
		return errors.New("empty interface name")
	case len(name) > max:
		return fmt.Errorf("interface name %q is longer than %d bytes", name, max)
	}
	return nil
}

func request(t, flags uint16, hdr []byte, w *attrWriter) (nlsock.Message, error) {
	if w.err != nil {
		return nlsock.Message{}, w.err
	}
	if err := w.e.Err(); err != nil {
		return nlsock.Message{}, err
	}
	return nlsock.Message{
		Header:  nlsock.Header{Type: t, Flags: flags},
		Payload: append(hdr, w.e.Bytes()...),
	}, nil
}

// The writers of each object's attributes, by their descriptions' names.
func linkWriter() *attrWriter {
	return &attrWriter{e: new(nlsock.AttrEncoder), set: linkKind.table().Set()}
}
func addrWriter() *attrWriter {
	return &attrWriter{e: new(nlsock.AttrEncoder), set: addrKind.table().Set()}
}
func routeWriter() *attrWriter {
	return &attrWriter{e: new(nlsock.AttrEncoder), set: routeKind.table().Set()}
}
func neighWriter() *attrWriter {
	return &attrWriter{e: new(nlsock.AttrEncoder), set: neighKind.table().Set()}
}

func ifinfomsg(family uint8, index int32, flags, change uint32) []byte {
	b := make([]byte, IfInfoMsgLen, 256)
	b[0] = family
	binary.NativeEndian.PutUint32(b[4:], uint32(index))
	binary.NativeEndian.PutUint32(b[8:], flags)
	binary.NativeEndian.PutUint32(b[12:], change)
	return b
}

// LinkSpec describes a link to create.
type LinkSpec struct {
	Name    string
	Kind    string   // "veth", "bridge", "dummy", "vlan", ...
	Peer    string   // the other end of a veth; empty lets the kernel pick a name
	Options []Option // LinkOptions: mtu, txqlen, ...
	Address net.HardwareAddr
	Master  int32 // index of a master to enslave to at creation
	Link    int32 // IFLA_LINK: the lower device (vlan, macvlan)
	Up      bool
	// NetNSFD, when >= 0 and HasNetNS, creates the link in that namespace.
	NetNSFD  int
	HasNetNS bool
	// InfoData is encoded as IFLA_INFO_DATA for kinds other than veth: raw
	// nested attributes of the kind (IFLA_BR_*, IFLA_VLAN_*).
	InfoData []byte
}

// LinkAddRequest builds RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL.
func LinkAddRequest(spec LinkSpec) (nlsock.Message, error) {
	if err := checkName(spec.Name, 15); err != nil {
		return nlsock.Message{}, err
	}
	if spec.Kind == "" {
		return nlsock.Message{}, fmt.Errorf("link %s: no kind", spec.Name)
	}
	var flags uint32
	if spec.Up {
		flags = IFF_UP
	}
	w := linkWriter()
	w.put("ifname", spec.Name)
	if err := putOptions(w, LinkFields(), spec.Options); err != nil {
		return nlsock.Message{}, fmt.Errorf("link %s: %w", spec.Name, err)
	}
	if spec.Address != nil {
		w.put("address", []byte(spec.Address))
	}
	if spec.Master != 0 {
		w.put("master", uint32(spec.Master))
	}
	if spec.Link != 0 {
		w.put("link", uint32(spec.Link))
	}
	if spec.HasNetNS {
		w.put("net-ns-fd", uint32(spec.NetNSFD))
	}
	if err := linkInfo(w, spec); err != nil {
		return nlsock.Message{}, err
	}
	return request(RTM_NEWLINK, nlsock.FlagRequest|nlsock.FlagCreate|nlsock.FlagExcl,
		ifinfomsg(AF_UNSPEC, 0, flags, flags), w)
}

func linkInfo(w *attrWriter, spec LinkSpec) error {
	if spec.Peer != "" && spec.Kind != "veth" {
		return fmt.Errorf("link %s: peer given for kind %s (only veth has one)", spec.Name, spec.Kind)
	}
	if spec.Peer != "" {
		if err := checkName(spec.Peer, 15); err != nil {
			return err
		}
	}
	w.nest("linkinfo", linkInfoTable().Set(), func(w *attrWriter) {
		w.put("kind", spec.Kind)
		switch {
		case spec.Kind == "veth" && spec.Peer != "":
			w.nest("data", vethTable().Set(), func(w *attrWriter) {
				peer := linkWriter()
				peer.put("ifname", spec.Peer)
				w.raw("peer", append(ifinfomsg(0, 0, 0, 0), peer.e.Bytes()...), true)
			})
		case spec.InfoData != nil:
			w.raw("data", spec.InfoData, true)
		}
	})
	return nil
}

// LinkChange says what LinkSetRequest changes; nil fields stay as they are.
type LinkChange struct {
	Up      *bool
	Options []Option // LinkOptions: mtu, txqlen, alias, ...
	Name    *string
	Master  *int32 // 0 releases the link from its master
	Address net.HardwareAddr
	// NetNSFD, NetNSPID or NetNS moves the link to another namespace.
	// NetNS is resolved to a descriptor by LinkSet; LinkSetRequest cannot
	// take it.
	NetNSFD  *int
	NetNSPID *int
	NetNS    *nlsock.NetNS
}

// LinkSetRequest builds RTM_NEWLINK for an existing link (by index) with the
// changes in c. It is an error to ask for no change.
func LinkSetRequest(index int32, c LinkChange) (nlsock.Message, error) {
	if index <= 0 {
		return nlsock.Message{}, fmt.Errorf("link index %d", index)
	}
	var flags, change uint32
	if c.Up != nil {
		change = IFF_UP
		if *c.Up {
			flags = IFF_UP
		}
	}
	w := linkWriter()
	if err := encodeChange(w, c); err != nil {
		return nlsock.Message{}, err
	}
	if change == 0 && len(w.e.Bytes()) == 0 {
		return nlsock.Message{}, errors.New("link set: nothing to change")
	}
	return request(RTM_NEWLINK, nlsock.FlagRequest, ifinfomsg(AF_UNSPEC, index, flags, change), w)
}

func encodeChange(w *attrWriter, c LinkChange) error {
	if c.Name != nil {
		if err := checkName(*c.Name, 15); err != nil {
			return err
		}
		w.put("ifname", *c.Name)
	}
	if err := putOptions(w, LinkFields(), c.Options); err != nil {
		return fmt.Errorf("link set: %w", err)
	}
	if c.Master != nil {
		w.put("master", uint32(*c.Master))
	}
	if c.Address != nil {
		w.put("address", []byte(c.Address))
	}
	switch {
	case c.NetNS != nil:
		return errors.New("link set: a NetNS needs LinkSet, which opens a descriptor for it")
	case c.NetNSFD != nil && c.NetNSPID != nil:
		return errors.New("link set: both a namespace fd and a pid")
	case c.NetNSFD != nil:
		w.put("net-ns-fd", uint32(*c.NetNSFD))
	case c.NetNSPID != nil:
		w.put("net-ns-pid", uint32(*c.NetNSPID))
	}
	return nil
}

// LinkDelRequest builds RTM_DELLINK for a link by index.
func LinkDelRequest(index int32) nlsock.Message {
	return nlsock.Message{
		Header:  nlsock.Header{Type: RTM_DELLINK, Flags: nlsock.FlagRequest},
		Payload: ifinfomsg(AF_UNSPEC, index, 0, 0),
	}
}

// AddrAddRequest builds RTM_NEWADDR for prefix ("10.0.0.1/24") on link index,
// with NLM_F_CREATE|NLM_F_EXCL like ip addr add. IPv4 addresses get the
// broadcast address of the prefix, as `ip addr add ... brd +` gives.
func AddrAddRequest(index int32, prefix netip.Prefix) (nlsock.Message, error) {
	return addrRequest(RTM_NEWADDR, nlsock.FlagRequest|nlsock.FlagCreate|nlsock.FlagExcl, index, prefix)
}

// AddrDelRequest builds RTM_DELADDR for prefix on link index.
func AddrDelRequest(index int32, prefix netip.Prefix) (nlsock.Message, error) {
	return addrRequest(RTM_DELADDR, nlsock.FlagRequest, index, prefix)
}

func addrRequest(t, flags uint16, index int32, p netip.Prefix) (nlsock.Message, error) {
	if !p.IsValid() {
		return nlsock.Message{}, fmt.Errorf("invalid prefix %v", p)
	}
	p = unmapPrefix(p)
	a := p.Addr()
	hdr := make([]byte, IfAddrMsgLen, 64)
	hdr[0] = AF_INET6
	if a.Is4() {
		hdr[0] = AF_INET
	}
	hdr[1] = uint8(p.Bits())
	binary.NativeEndian.PutUint32(hdr[4:], uint32(index))
	w := addrWriter()
	w.put("ifa-local", a.AsSlice())
	w.put("ifa-address", a.AsSlice())
	if a.Is4() && t == RTM_NEWADDR && p.Bits() < 31 {
		w.put("ifa-broadcast", broadcast4(a, p.Bits()))
	}
	return request(t, flags, hdr, w)
}

// unmapPrefix turns a prefix of an IPv4-mapped IPv6 address
// (::ffff:10.0.0.0/104) into the IPv4 prefix it covers (10.0.0.0/8); one
// shorter than /96 covers more than IPv4 and stays IPv6. Unmapping the
// address alone kept the IPv6 length: 104 for an IPv4 address, or, for a
// route, an invalid prefix sent as length 255.
func unmapPrefix(p netip.Prefix) netip.Prefix {
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		return netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p
}

func broadcast4(a netip.Addr, bits int) []byte {
	b := a.As4()
	v := binary.BigEndian.Uint32(b[:]) | (1<<(32-bits) - 1)
	return binary.BigEndian.AppendUint32(nil, v)
}

// RouteSpec describes a route to add or delete.
type RouteSpec struct {
	Dst      netip.Prefix // invalid means the default route (of Family, else of Gateway's family)
	Family   uint8        // AF_INET or AF_INET6; 0: Dst's or Gateway's, else AF_INET as ip
	Gateway  netip.Addr
	OIF      int32  // output link index
	Table    uint32 // 0 means main
	Priority uint32 // metric
	PrefSrc  netip.Addr
	Protocol uint8 // 0 means RTPROT_BOOT, as ip uses
	Scope    *uint8
	Type     uint8  // 0 means RTN_UNICAST
	NHID     uint32 // a nexthop object (rtnl.NexthopAdd) instead of Gateway and OIF
}

// RouteAddRequest builds RTM_NEWROUTE with NLM_F_CREATE|NLM_F_EXCL.
func RouteAddRequest(r RouteSpec) (nlsock.Message, error) {
	return routeRequest(RTM_NEWROUTE, nlsock.FlagRequest|nlsock.FlagCreate|nlsock.FlagExcl, r)
}

// RouteDelRequest builds RTM_DELROUTE.
func RouteDelRequest(r RouteSpec) (nlsock.Message, error) {
	return routeRequest(RTM_DELROUTE, nlsock.FlagRequest, r)
}

func routeRequest(t, flags uint16, r RouteSpec) (nlsock.Message, error) {
	dst, family, err := routeDst(r)
	if err != nil {
		return nlsock.Message{}, err
	}
	table := r.Table
	if table == 0 {
		table = RT_TABLE_MAIN
	}
	hdr := make([]byte, RtMsgLen, 96)
	hdr[0], hdr[1] = family, uint8(dst.Bits())
	hdr[4] = uint8(RT_TABLE_UNSPEC)
	if table < 256 {
		hdr[4] = uint8(table)
	}
	hdr[5], hdr[6], hdr[7] = routeDefaults(t, r, family)
	w := routeWriter()
	if dst.Bits() > 0 {
		w.put("rta-dst", dst.Addr().AsSlice())
	}
	if r.Gateway.IsValid() {
		w.put("rta-gateway", r.Gateway.Unmap().AsSlice())
	}
	if r.OIF != 0 {
		w.put("rta-oif", uint32(r.OIF))
	}
	if r.PrefSrc.IsValid() {
		w.put("rta-prefsrc", r.PrefSrc.Unmap().AsSlice())
	}
	if r.Priority != 0 {
		w.put("rta-priority", r.Priority)
	}
	if r.NHID != 0 {
		w.put("rta-nh-id", r.NHID)
	}
	w.put("rta-table", table)
	return request(t, flags, hdr, w)
}

// routeDst is the destination and family of r. Like ip route, a default
// route (no Dst) takes its family from Family, else from the gateway, else
// it is AF_INET ("ip route add default dev eth0").
func routeDst(r RouteSpec) (netip.Prefix, uint8, error) {
	dst := r.Dst
	if r.Family != 0 && r.Family != AF_INET && r.Family != AF_INET6 {
		return dst, 0, fmt.Errorf("route: family %d is neither inet (%d) nor inet6 (%d)", r.Family, AF_INET, AF_INET6)
	}
	if !dst.IsValid() {
		switch {
		case r.Family == AF_INET6, r.Family == 0 && r.Gateway.IsValid() && !r.Gateway.Unmap().Is4():
			dst = netip.PrefixFrom(netip.IPv6Unspecified(), 0)
		default:
			dst = netip.PrefixFrom(netip.IPv4Unspecified(), 0)
		}
	}
	dst = unmapPrefix(dst).Masked()
	family := AF_INET6
	if dst.Addr().Is4() {
		family = AF_INET
	}
	if r.Family != 0 && r.Family != family {
		return dst, 0, fmt.Errorf("route %v: family %s, but the destination is %s", dst, FamilyName(r.Family), FamilyName(family))
	}
	if r.Gateway.IsValid() && r.Gateway.Unmap().Is4() != dst.Addr().Is4() {
		return dst, 0, fmt.Errorf("route %v: gateway %v is of another family", dst, r.Gateway)
	}
	return dst, family, nil
}

// routeDefaults returns protocol, scope and type as ip route add chooses
// them: boot, link scope for a unicast route without a gateway, unicast;
// a delete matches any protocol, type and scope unless they are given.
func routeDefaults(t uint16, r RouteSpec, family uint8) (proto, scope, typ uint8) {
	proto, typ = r.Protocol, r.Type
	if proto == 0 && t == RTM_NEWROUTE {
		proto = RTPROT_BOOT
	}
	if typ == 0 && t == RTM_NEWROUTE {
		typ = RTN_UNICAST
	}
	switch {
	case r.Scope != nil:
		scope = *r.Scope
	case t == RTM_DELROUTE:
		scope = RT_SCOPE_NOWHERE
	case typ == RTN_LOCAL:
		scope = RT_SCOPE_HOST
	case typ == RTN_UNICAST && !r.Gateway.IsValid() && family == AF_INET:
		scope = RT_SCOPE_LINK // ip leaves IPv6 routes at universe scope
	}
	return proto, scope, typ
}
