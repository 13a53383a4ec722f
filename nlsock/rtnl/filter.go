//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// DumpFilter selects part of a dump. With strict checking on the socket
// (NETLINK_GET_STRICT_CHK, nlsock's default for NETLINK_ROUTE) the kernel
// applies it while dumping, so one table among a million routes costs what
// that table costs; Match applies it again on the replies, for what the
// kernel does not filter (a family it has no dump for answers with every
// family's objects) and for kernels without strict checking. A zero field
// selects everything. The kernel filters:
//
//	routes (RTM_GETROUTE):     family, table, protocol, type, oif (rtmsg and RTA_TABLE, RTA_OIF)
//	links (RTM_GETLINK):       master (IFLA_MASTER), kind (IFLA_LINKINFO/IFLA_INFO_KIND)
//	addresses (RTM_GETADDR):   family, ifindex (ifa_index)
//	neighbours (RTM_GETNEIGH): family, ifindex (NDA_IFINDEX), master (NDA_MASTER)
//	rules (RTM_GETRULE):       family
type DumpFilter struct {
	Family   uint8
	Table    uint32 // routes
	Protocol uint8  // routes
	Type     uint8  // routes
	OIF      int32  // routes: the output link (also a nexthop's, kernel-side)
	IfIndex  int32  // addresses, neighbours
	Master   int32  // links, neighbours
	Kind     string // links
}

// IsZero reports whether f selects everything.
func (f DumpFilter) IsZero() bool { return f == DumpFilter{} }

// Request builds the dump request of msgType (RTM_GETROUTE, RTM_GETLINK,
// RTM_GETADDR, RTM_GETNEIGH, RTM_GETRULE) that asks the kernel for f, or
// an error naming a field the kernel cannot filter that object by.
func (f DumpFilter) Request(msgType uint16) (nlsock.Message, error) {
	var (
		hdr []byte
		w   *attrWriter
	)
	unsupported := func(field string) error {
		return fmt.Errorf("%s dumps cannot be filtered by %s", MessageTypeName(msgType), field)
	}
	switch msgType {
	case RTM_GETROUTE:
		if f.IfIndex != 0 || f.Master != 0 || f.Kind != "" {
			return nlsock.Message{}, unsupported("ifindex, master or kind")
		}
		hdr = make([]byte, RtMsgLen)
		// A table that does not exist fails a dump of one family with
		// ENOENT, but is empty in a dump of all: asked for all, the
		// families come from Match, and a missing table is no error.
		if f.Table == 0 {
			hdr[0] = f.Family
		}
		if f.Table < 256 {
			hdr[4] = uint8(f.Table)
		}
		hdr[5], hdr[7] = f.Protocol, f.Type
		w = routeWriter()
		if f.Table != 0 {
			w.put("rta-table", f.Table)
		}
		if f.OIF != 0 {
			w.put("rta-oif", uint32(f.OIF))
		}
	case RTM_GETLINK:
		if f.Family != 0 || f.Table != 0 || f.Protocol != 0 || f.Type != 0 || f.OIF != 0 || f.IfIndex != 0 {
			return nlsock.Message{}, unsupported("family, table, protocol, type, oif or ifindex")
		}
		hdr = make([]byte, IfInfoMsgLen)
		w = linkWriter()
		if f.Master != 0 {
			w.put("master", uint32(f.Master))
		}
		if f.Kind != "" {
			w.nest("linkinfo", linkInfoTable().Set(), func(w *attrWriter) { w.put("kind", f.Kind) })
		}
	case RTM_GETADDR:
		if f.Table != 0 || f.Protocol != 0 || f.Type != 0 || f.OIF != 0 || f.Master != 0 || f.Kind != "" {
			return nlsock.Message{}, unsupported("table, protocol, type, oif, master or kind")
		}
		hdr = make([]byte, IfAddrMsgLen)
		hdr[0] = f.Family
		binary.NativeEndian.PutUint32(hdr[4:], uint32(f.IfIndex))
		w = addrWriter()
	case RTM_GETNEIGH:
		if f.Table != 0 || f.Protocol != 0 || f.Type != 0 || f.OIF != 0 || f.Kind != "" {
			return nlsock.Message{}, unsupported("table, protocol, type, oif or kind")
		}
		hdr = make([]byte, NdMsgLen)
		hdr[0] = f.Family
		w = neighWriter()
		if f.IfIndex != 0 {
			w.put("ifindex", uint32(f.IfIndex))
		}
		if f.Master != 0 {
			w.put("master", uint32(f.Master))
		}
	case RTM_GETRULE:
		if f != (DumpFilter{Family: f.Family}) {
			return nlsock.Message{}, unsupported("anything but family")
		}
		hdr = make([]byte, FibRuleHdrLen)
		hdr[0] = f.Family
		w = &attrWriter{e: new(nlsock.AttrEncoder), set: ruleKind.table().Set()}
	default:
		return nlsock.Message{}, fmt.Errorf("%s is not a dump request rtnl filters", MessageTypeName(msgType))
	}
	return request(msgType, nlsock.FlagRequest|nlsock.FlagDump, hdr, w)
}

// Match reports whether the reply payload of msgType (RTM_NEWROUTE, ...)
// is selected by f, as far as the message shows it: a neighbour's master
// and a multipath route's nexthop links are not in the message, so for
// those the kernel's filtering is trusted.
func (f DumpFilter) Match(msgType uint16, p []byte) bool {
	if f.Family != AF_UNSPEC && FamilyOf(p) != f.Family {
		return false
	}
	switch msgType {
	case RTM_NEWROUTE:
		if len(p) < RtMsgLen {
			return false
		}
		if f.Protocol != 0 && p[5] != f.Protocol || f.Type != 0 && p[7] != f.Type {
			return false
		}
		if f.Table == 0 && f.OIF == 0 {
			return true
		}
		k := routeKeysOf(p)
		return (f.Table == 0 || k.table == f.Table) && (f.OIF == 0 || k.oif == f.OIF || k.multipath && k.oif == 0)
	case RTM_NEWADDR:
		return f.IfIndex == 0 || len(p) >= IfAddrMsgLen && int32(binary.NativeEndian.Uint32(p[4:])) == f.IfIndex
	case RTM_NEWNEIGH:
		return f.IfIndex == 0 || len(p) >= NdMsgLen && int32(binary.NativeEndian.Uint32(p[4:])) == f.IfIndex
	case RTM_NEWLINK:
		if f.Master == 0 && f.Kind == "" {
			return true
		}
		if len(p) < IfInfoMsgLen {
			return false
		}
		var k linkKeys
		_ = linkKeysTable().Walk(&k, p[IfInfoMsgLen:], IfInfoMsgLen, nil)
		return (f.Master == 0 || k.master == f.Master) && (f.Kind == "" || k.kind == f.Kind)
	}
	return true
}

// routeKeys and linkKeys are what Match reads of a route and a link.
type routeKeys struct {
	table     uint32
	oif       int32
	multipath bool
}

// routeKeysOf reads a route payload's keys, p at least an rtmsg, without
// decoding the rest: its table is rtm_table unless RTA_TABLE is sent, as
// Route.Decode reads it.
func routeKeysOf(p []byte) routeKeys {
	k := routeKeys{table: uint32(p[4])}
	_ = routeKeysTable().Walk(&k, p[RtMsgLen:], RtMsgLen, nil)
	return k
}

type linkKeys struct {
	master int32
	kind   string
}

var routeKeysTable = builtin.LazyTable("rt-route", "route-attrs", []ynl.Field[routeKeys]{
	{Name: "rta-table", Set: func(k *routeKeys, _ []byte, n uint64) { k.table = uint32(n) }},
	{Name: "rta-oif", Set: func(k *routeKeys, _ []byte, n uint64) { k.oif = int32(n) }},
	{Name: "rta-multipath", Set: func(k *routeKeys, _ []byte, _ uint64) { k.multipath = true }},
}...)

var linkKeysTable = builtin.LazyTable("rt-link", "link-attrs", []ynl.Field[linkKeys]{
	{Name: "master", Set: func(k *linkKeys, _ []byte, n uint64) { k.master = int32(n) }},
	{Name: "linkinfo", Set: func(k *linkKeys, b []byte, _ uint64) { _ = linkKindTable().Walk(k, b, 0, nil) }},
}...)

var linkKindTable = builtin.LazyTable("rt-link", "linkinfo-attrs", ynl.Field[linkKeys]{
	Name: "kind", Set: func(k *linkKeys, b []byte, _ uint64) { k.kind = cstring(b) },
})
