//go:build linux

package rtnl

import (
	"context"
	"fmt"
	"math"
	"net"
	"net/netip"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// Module is the rtnl module, for luabind.Open.
var Module = luabind.Module{Name: "rtnl", Open: openRtnl}

// rtnlEnv is the Env as the rtnl module's functions see it.
type rtnlEnv struct{ *luabind.Env }

// openRtnl builds the rtnl module: constants, dumps as arrays of object
// tables, link/address/route changes, and the body decoder of every
// NETLINK_ROUTE message.
//
// Object tables (rtnl.links ..., and message bodies) have their everyday
// fields set; pairs() lists exactly these:
//
//	link:      ifindex name mtu flags{"UP",...} operstate kind address master
//	address:   ifindex family address prefixlen scope label broadcast peer
//	route:     family dst table protocol scope type gateway via prefsrc src ifindex metric nexthops{gateway,via,ifindex,oif,weight,flags}
//	neighbour: family ifindex dst lladdr state{"PERMANENT",...}
//	rule:      family priority table action src dst iifname oifname fwmark
//
// (absent when the kernel did not send them, or sent them with a wrong
// length: then malformed = {"IFLA_MTU: 2 bytes, want 4", ...} lists those,
// rtnl_malformed.go). The dumps take an optional
// options table of filters the kernel applies (strict checking) and
// nlsh checks again, plus where, a predicate on the object:
//
//	rtnl.routes:     family table protocol type ifindex (or oif) where
//	rtnl.links:      master kind where (no family: it selects another listing)
//	rtnl.addrs:      family ifindex where
//	rtnl.neighbours: family ifindex master where
//	rtnl.rules:      family where
//
// family is a name ("inet", "inet6", "bridge", ...) or number; table a
// number or "main", "local", "default" ("all", 0: every table); protocol
// and type names or numbers; oif, ifindex and master link names or
// indexes. rtnl.each.<kind>(sock [, opts]) iterates the same objects as
// they arrive (rtnl_each.go) and rtnl.count.<kind>(sock [, opts]) counts
// them. Routes of rtnl.routes and rtnl.each.routes are compact tables,
// filled on first use (rtnl_compact.go). Every other field is built on
// first access from the message kept behind the table and then cached:
//
//	all:       attrs (every attribute as {type=, name=, nested=, data=}), unknown (those without a field)
//	link:      type family change ifi_flags broadcast perm_address alias altnames linkmode link
//	           link_netnsid txqlen qdisc group promiscuity min_mtu max_mtu num_tx_queues
//	           num_rx_queues carrier carrier_changes proto_down gso_max_size gso_max_segs
//	           slave_kind info_data slave_data peer stats{rx_packets=,...}
//	address:   flags ifa_flags local ifa_address anycast multicast proto metric valid_lft
//	           preferred_lft cacheinfo
//	route:     flags pref metrics{mtu=,...} dst_len src_len tos rtm_flags iif mark expires nhid encap_type table_name
//	neighbour: flags type cacheinfo ndm_state ndm_flags probes vlan master protocol
//	rule:      flags uid_range fwmask goto tos tun_id suppress_prefixlen suppress_ifgroup
//	           l3mdev protocol ip_proto fib_flags table_name
//
// One name for one thing across objects (README "Naming"): the interface
// an object belongs to is ifindex (as the tc, nexthop and netconf objects
// of API.md name it); a route or rule table is table, the number, with
// table_name ("main", "local", "default", or the number as text) built on
// access. The older names keep working as lazy aliases, outside pairs():
// index (links, addresses) and oif (routes) for ifindex.
//
// The constants (385) are set on the first access to a name the table
// lacks, so that starting nlsh does not pay for them: until then pairs()
// lists only the functions.
func openRtnl(host *luabind.Env, L *lua.LState) *lua.LTable {
	e := rtnlEnv{host}
	t := L.CreateTable(0, 16)
	luabind.SetFuncs(L, t, []luabind.Binding{
		{"rtnl.links", luaRtnlLinks},
		{"rtnl.addrs", luaRtnlAddrs},
		{"rtnl.routes", luaRtnlRoutes},
		{"rtnl.neighbours", luaRtnlNeighbours},
		{"rtnl.rules", luaRtnlRules},
		{"rtnl.link", luaRtnlLink},
		{"rtnl.link_add", luaRtnlLinkAdd},
		{"rtnl.link_set", e.luaRtnlLinkSet},
		{"rtnl.link_del", luaRtnlLinkDel},
		{"rtnl.addr_add", luaRtnlAddrAdd},
		{"rtnl.addr_del", luaRtnlAddrDel},
		{"rtnl.route_add", luaRtnlRouteAdd},
		{"rtnl.route_del", luaRtnlRouteDel},
		{"rtnl.nexthops", luaRtnlNexthops}, {"rtnl.nexthop_add", luaRtnlNexthopAdd}, {"rtnl.nexthop_del", luaRtnlNexthopDel}, {"rtnl.netconf", luaRtnlNetconf},
		{"rtnl.neigh_add", luaRtnlNeighAdd}, {"rtnl.neigh_del", luaRtnlNeighDel}, {"rtnl.rule_add", luaRtnlRuleAdd}, {"rtnl.rule_del", luaRtnlRuleDel},
	})
	luabind.SetFuncs(L, t, tcBindings)
	t.RawSetString("neighbors", t.RawGetString("neighbours"))
	each, count := openRtnlStreams(L) // rtnl_each.go
	t.RawSetString("each", each)
	t.RawSetString("count", count)
	luabind.LazyConstants(L, t, func(set func(string, int64)) {
		for _, c := range rtnl.Constants() {
			set(c.Name, int64(c.Value))
		}
	})
	e.SetBodyDecoder(luabind.ProtoRoute, rtnlBody)
	return t
}

// rtnlBody decodes the family header and attributes of a route message into
// the same table rtnl.links (addrs, ...) gives; a decoding error is kept in
// the body's "error" field.
func rtnlBody(L *lua.LState, m nlsock.Message) lua.LValue {
	if rtnl.IsTC(m.Header.Type) {
		return tcBody(L, m)
	}
	obj, err := rtnl.Decode(m.Header.Type, m.Payload)
	if obj == nil { // not an object rtnl decodes (control messages included)
		return describedRouteBody(L, m) // nil but for nexthops and netconf
	}
	lz := newLazyTables(L, 1)
	t := objectTable(L, lz, obj)
	if err != nil {
		t.RawSetString("error", lua.LString(err.Error()))
	}
	return t
}

func objectTable(L *lua.LState, lz *lazyTables, obj any) *lua.LTable {
	switch o := obj.(type) {
	case *rtnl.Link:
		return linkTable(L, lz, o)
	case *rtnl.Address:
		return addrTable(L, lz, o)
	case *rtnl.Route:
		return routeTable(L, lz, o)
	case *rtnl.Neighbour:
		return neighTable(L, lz, o)
	case *rtnl.Rule:
		return ruleTable(L, lz, o)
	}
	return L.CreateTable(0, 0)
}

// dumpObjects runs a dump on the route socket at argument 1 and pushes the
// array of object tables, or nil, msg, errname; only the replies match
// accepts (a nil match takes all). It builds the tables while
// the dump streams in (the datagram buffer is reused), keeping the payloads
// for the lazy fields in a payloadStore. An interrupted dump is run again; one
// that stays inconsistent after rtnl.DumpRetries is a failure ("EINTR").
func dumpObjects[T any, P interface {
	*T
	Decode([]byte) error
}](L *lua.LState, fn string, req nlsock.Message, typ uint16, match func([]byte) bool, compact bool, table func(*lua.LState, *lazyTables, P) *lua.LTable) int {
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	var out *lua.LTable
	n = retryDump(L, fn, func() (interrupted bool, err error) {
		out, interrupted, err = streamObjects(luabind.Context(L), L, s.Sock, req, typ, match, compact, table)
		return interrupted, err
	})
	if n > 0 {
		return n
	}
	L.Push(out)
	return 1
}

// retryDump runs attempt, one whole dump, again while the kernel marks it
// interrupted (NLM_F_DUMP_INTR: a change raced it), up to
// rtnl.DumpRetries times. On a failure, or a dump still interrupted after
// them ("EINTR"), it pushes nil, msg, errname and returns n > 0.
func retryDump(L *lua.LState, fn string, attempt func() (interrupted bool, err error)) int {
	for i := 0; ; i++ {
		interrupted, err := attempt()
		switch {
		case err != nil:
			ctx := luabind.Context(L)
			return luabind.IOFailure(L, ctx, fmt.Errorf("%s: %w", fn, err))
		case interrupted && i < rtnl.DumpRetries:
			continue
		case interrupted:
			L.Push(lua.LNil)
			L.Push(lua.LString(fn + ": " + rtnl.ErrDumpInterrupted.Error()))
			L.Push(lua.LString("EINTR"))
			return 3
		}
		return 0
	}
}

// dumpMessage is a message of a dump on its way from the reading goroutine
// to the Lua goroutine.
type dumpMessage struct {
	index int // 1-based position in the dump, for error messages
	kept  keptPayload
}

// streamObjects runs the dump through readAhead: a helper goroutine reads
// (the kernel fills each datagram during recvmsg, most of a dump's cost)
// and keeps each payload in the store, pure Go; this one, the Lua
// goroutine, decodes them from there and builds the tables meanwhile, so
// the two costs overlap instead of adding up.
func streamObjects[T any, P interface {
	*T
	Decode([]byte) error
}](ctx context.Context, L *lua.LState, s *nlsock.Socket, req nlsock.Message, typ uint16, match func([]byte) bool, compact bool, table func(*lua.LState, *lazyTables, P) *lua.LTable) (*lua.LTable, bool, error) {
	out := L.CreateTable(256, 0)
	lz := newLazyTables(L, 0)
	lz.setKind(P(new(T)))
	var cs *compactSet // compact tables (rtnl_compact.go), whose payloads are kept whole
	if compact {
		cs = newCompactSet(L, lz, typ, fullTable[T, P](L, table))
	}
	// The reader owns the store until readAhead returns; the kept payloads
	// it hands over are never written again.
	store := &lz.store
	interrupted := false
	read := func(put func(dumpMessage) error) error {
		// Read as a Stream, so that the timeout bounds each datagram's
		// wait, not the whole dump: a million routes take seconds.
		st, err := s.StartDump(ctx, req)
		if err != nil {
			return err
		}
		i := 0
		for more := true; more; {
			more, err = st.Next(ctx, func(m nlsock.Message) error {
				i++
				if m.Header.Type != typ || match != nil && !match(m.Payload) {
					return nil
				}
				if cs != nil {
					return put(dumpMessage{index: i, kept: store.keepWhole(m.Payload)})
				}
				return put(dumpMessage{index: i, kept: store.keep(m.Payload)})
			})
		}
		interrupted = st.Interrupted()
		return err
	}
	var (
		obj     T
		scratch []byte
	)
	build := func(batch []dumpMessage) error {
		for _, m := range batch {
			// The table keeps no slice of what it is built from, so one
			// scratch buffer serves every diffed payload.
			payload := m.kept.data
			if m.kept.base != nil {
				scratch = m.kept.rebuild(scratch[:0])
				payload = scratch
			}
			if err := P(&obj).Decode(payload); err != nil {
				return fmt.Errorf("%s message %d: %w", rtnl.MessageTypeName(typ), m.index, err)
			}
			if cs != nil {
				out.Append(cs.add(payload))
				continue
			}
			t := table(L, nil, &obj)
			lz.attachKept(L, t, typ, m.kept)
			out.Append(t)
		}
		return nil
	}
	if err := readAhead(serialDumps, read, build); err != nil {
		return nil, false, err
	}
	return out, interrupted, nil
}

// serialDumps makes streamObjects read on the Lua goroutine too (tests).
var serialDumps bool

// rtnl.links, addrs, routes, neighbours, rules(sock [, opts]) -> array of
// object tables; the options are those of rtnl.each (rtnl_each.go).
func luaRtnlLinks(L *lua.LState) int      { return dumpKinds[0].luaList(L) }
func luaRtnlAddrs(L *lua.LState) int      { return dumpKinds[1].luaList(L) }
func luaRtnlRoutes(L *lua.LState) int     { return dumpKinds[2].luaList(L) }
func luaRtnlNeighbours(L *lua.LState) int { return dumpKinds[3].luaList(L) }
func luaRtnlRules(L *lua.LState) int      { return dumpKinds[4].luaList(L) }

// rtnl.link(sock, name) -> one link table, or nil, msg, "ENODEV".
func luaRtnlLink(L *lua.LState) int {
	const fn = "rtnl.link"
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	name := linkName(L, fn, 2)
	l, err := rtnl.LinkByName(luabind.Context(L), s.Sock, name)
	if err != nil {
		return linkFailure(L, name, err)
	}
	lz := newLazyTables(L, 1)
	L.Push(linkTable(L, lz, &l))
	return 1
}

// linkFailure reports a failed lookup or change of a link by name:
// "link nope: no such device".
func linkFailure(L *lua.LState, name string, err error) int {
	ctx := luabind.Context(L)
	if ctx.Err() != nil {
		return luabind.IOFailure(L, ctx, err)
	}
	return luabind.IOFailure(L, ctx, &nlsock.OpError{Op: "link", Object: name, Err: err})
}

// linkArg resolves argument pos, a link name or index, to an index. On a
// kernel failure it pushes nil, msg, errname and returns n > 0.
func linkArg(L *lua.LState, s *luabind.Socket, fn string, pos int) (int32, int) {
	switch v := L.Get(pos).(type) {
	case lua.LNumber:
		return int32(luabind.IntIn(L, fn, pos, "link index", float64(v), 1, math.MaxInt32)), 0
	case lua.LString:
		if v == "" {
			luabind.ArgError(L, fn, pos, "link name must not be empty")
		}
		idx, err := rtnl.LinkIndex(luabind.Context(L), s.Sock, string(v))
		if err != nil {
			return 0, linkFailure(L, string(v), err)
		}
		return idx, 0
	}
	luabind.ArgError(L, fn, pos, "link name or index expected, got %s", luabind.TypeName(L.Get(pos)))
	return 0, 0
}

func optMAC(L *lua.LState, fn string, pos int, t *lua.LTable, key string) net.HardwareAddr {
	s, ok := luabind.OptString(L, fn, pos, t, key)
	if !ok {
		return nil
	}
	mac, err := net.ParseMAC(s)
	if err != nil {
		luabind.ArgError(L, fn, pos, "field '%s': %v", key, err)
	}
	return mac
}

// optMaster is optLink for a master, which false (like 0) releases; no
// other link field takes false, where it would select or name nothing.
func optMaster(L *lua.LState, s *luabind.Socket, fn string, pos int, t *lua.LTable, key string) (idx int32, given bool, n int) {
	if t.RawGetString(key) == lua.LFalse {
		return 0, true, 0
	}
	return optLink(L, s, fn, pos, t, key)
}

// optLink reads a field holding a link name or index and resolves it.
func optLink(L *lua.LState, s *luabind.Socket, fn string, pos int, t *lua.LTable, key string) (idx int32, given bool, n int) {
	v := t.RawGetString(key)
	switch v := v.(type) {
	case *lua.LNilType:
		return 0, false, 0
	case lua.LNumber:
		return int32(luabind.IntIn(L, fn, pos, "field '"+key+"'", float64(v), 0, math.MaxInt32)), true, 0
	case lua.LString:
		idx, err := rtnl.LinkIndex(luabind.Context(L), s.Sock, string(v))
		if err != nil {
			return 0, true, linkFailure(L, string(v), err)
		}
		return idx, true, 0
	}
	luabind.ArgError(L, fn, pos, "field '%s' must be a link name or an index, got %s", key, luabind.TypeName(v))
	return 0, false, 0
}

// rtnl.link_add(sock, {name=, kind=, peer=, mtu=, up=, master=, address=, txqlen=})
func luaRtnlLinkAdd(L *lua.LState) int {
	const fn = "rtnl.link_add"
	s, t, n := routeOptions(L, fn, 2, optionKeys(linkOptions(), "name", "kind", "peer", "up", "master", "address")...)
	if s == nil {
		return n
	}
	var spec rtnl.LinkSpec
	var ok bool
	if spec.Name, ok = luabind.OptString(L, fn, 2, t, "name"); !ok {
		luabind.ArgError(L, fn, 2, "field 'name' is required")
	}
	if spec.Kind, ok = luabind.OptString(L, fn, 2, t, "kind"); !ok {
		luabind.ArgError(L, fn, 2, "field 'kind' is required (\"veth\", \"bridge\", \"dummy\", ...)")
	}
	spec.Peer, _ = luabind.OptString(L, fn, 2, t, "peer")
	spec.Options = describedOptions(L, fn, 2, t, linkOptions())
	spec.Up, _ = luabind.OptBool(L, fn, 2, t, "up")
	spec.Address = optMAC(L, fn, 2, t, "address")
	master, _, n := optMaster(L, s, fn, 2, t, "master")
	if n > 0 {
		return n
	}
	spec.Master = master
	req, err := rtnl.LinkAddRequest(spec)
	if err != nil {
		luabind.ArgError(L, fn, 2, "%v", err)
	}
	ctx := luabind.Context(L)
	_, err = s.Sock.Request(ctx, req)
	return luabind.Done(L, ctx, "link add", spec.Name, err)
}

// rtnl.link_set(sock, link, {up=, mtu=, master=, name=, netns=, address=, txqlen=, alias=})
func (e rtnlEnv) luaRtnlLinkSet(L *lua.LState) int {
	const fn = "rtnl.link_set"
	s, t, n := routeOptions(L, fn, 3, optionKeys(linkOptions(), "up", "master", "name", "netns", "address")...)
	if s == nil {
		return n
	}
	idx, n := linkArg(L, s, fn, 2)
	if n > 0 {
		return n
	}
	var c rtnl.LinkChange
	if up, ok := luabind.OptBool(L, fn, 3, t, "up"); ok {
		c.Up = &up
	}
	c.Options = describedOptions(L, fn, 3, t, linkOptions())
	if v, ok := luabind.OptString(L, fn, 3, t, "name"); ok {
		c.Name = &v
	}
	c.Address = optMAC(L, fn, 3, t, "address")
	master, given, n := optMaster(L, s, fn, 3, t, "master")
	if n > 0 {
		return n
	}
	if given {
		c.Master = &master
	}
	if nsv := t.RawGetString("netns"); nsv != lua.LNil {
		if n := e.netnsChange(L, fn, nsv, &c); n > 0 {
			return n
		}
	}
	if nothingToChange(c) {
		L.Push(lua.LTrue)
		return 1
	}
	ctx := luabind.Context(L)
	return luabind.Done(L, ctx, "link set", L.Get(2).String(), rtnl.LinkSet(ctx, s.Sock, idx, c))
}

// netnsChange sets the namespace a link moves to: a pid, or anything
// netlink.open accepts as a namespace ({pid=}, {path=}, {name=}, a netns
// object, "host"). A closed netns object pushes a failure (n > 0).
func (e rtnlEnv) netnsChange(L *lua.LState, fn string, nsv lua.LValue, c *rtnl.LinkChange) int {
	if pid, ok := nsv.(lua.LNumber); ok {
		p := int(luabind.IntIn(L, fn, 3, "field 'netns'", float64(pid), 1, math.MaxInt32))
		c.NetNSPID = &p
		return 0
	}
	L.Push(nsv)
	ns, err := e.CheckNS(L, fn, L.GetTop(), 3)
	L.Pop(1)
	if err != nil {
		return luabind.Failure(L, err)
	}
	c.NetNS = &ns
	return 0
}

// rtnl.link_del(sock, link)
func luaRtnlLinkDel(L *lua.LState) int {
	const fn = "rtnl.link_del"
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	idx, n := linkArg(L, s, fn, 2)
	if n > 0 {
		return n
	}
	ctx := luabind.Context(L)
	return luabind.Done(L, ctx, "link del", L.Get(2).String(), rtnl.LinkDel(ctx, s.Sock, idx))
}

// rtnl.addr_add(sock, link, "10.0.0.1/24") and rtnl.addr_del.
func luaRtnlAddrAdd(L *lua.LState) int {
	return addrChange(L, "rtnl.addr_add", "addr add", rtnl.AddrAdd)
}
func luaRtnlAddrDel(L *lua.LState) int {
	return addrChange(L, "rtnl.addr_del", "addr del", rtnl.AddrDel)
}

func addrChange(L *lua.LState, fn, opName string, op func(context.Context, *nlsock.Socket, int32, netip.Prefix) error) int {
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	prefix := checkPrefix(L, fn, 3, true)
	idx, n := linkArg(L, s, fn, 2)
	if n > 0 {
		return n
	}
	ctx := luabind.Context(L)
	return luabind.Done(L, ctx, opName, prefix.String()+" dev "+L.Get(2).String(), op(ctx, s.Sock, idx, prefix))
}

// checkPrefix reads "10.0.0.1/24" (or a bare address, as a host prefix)
// at argument pos; keepHost keeps the host bits (an address, not a network).
func checkPrefix(L *lua.LState, fn string, pos int, keepHost bool) netip.Prefix {
	s, ok := L.Get(pos).(lua.LString)
	if !ok {
		luabind.ArgError(L, fn, pos, "address/prefix string expected, got %s", luabind.TypeName(L.Get(pos)))
	}
	p, err := parsePrefix(string(s))
	if err != nil {
		luabind.ArgError(L, fn, pos, "%v", err)
	}
	if !keepHost {
		p = p.Masked()
	}
	return p
}

func parsePrefix(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an address or prefix", s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// rtnl.route_add(sock, {dst=, gateway=, dev=, table=, metric=, prefsrc=, protocol=, type=, scope=, family=}).
// dst "default" (or no dst with a gateway) is the default route of family
// ("inet" or "inet6"), else of the gateway's family, else inet: as ip route.
func luaRtnlRouteAdd(L *lua.LState) int {
	return routeChange(L, "rtnl.route_add", "route add", rtnl.RouteAdd)
}

// rtnl.route_del(sock, {dst=, gateway=, dev=, table=, ...})
func luaRtnlRouteDel(L *lua.LState) int {
	return routeChange(L, "rtnl.route_del", "route del", rtnl.RouteDel)
}

func routeChange(L *lua.LState, fn, opName string, op func(context.Context, *nlsock.Socket, rtnl.RouteSpec) error) int {
	s, t, n := routeOptions(L, fn, 2, "dst", "gateway", "dev", "table", "metric", "prefsrc", "protocol", "type", "scope", "family", "nhid")
	if s == nil {
		return n
	}
	var r rtnl.RouteSpec
	r.NHID, _ = luabind.OptUint(L, fn, 2, t, "nhid", math.MaxUint32)
	dst, hasDst := luabind.OptString(L, fn, 2, t, "dst")
	if hasDst && dst != "default" {
		p, err := parsePrefix(dst)
		if err != nil {
			luabind.ArgError(L, fn, 2, "field 'dst': %v", err)
		}
		r.Dst = p.Masked()
	}
	r.Family = tableFamily(L, fn, t, r.Family)
	r.Gateway = optAddr(L, fn, t, "gateway")
	r.PrefSrc = optAddr(L, fn, t, "prefsrc")
	r.Priority, _ = luabind.OptUint(L, fn, 2, t, "metric", math.MaxUint32)
	r.Table = optNamed(L, fn, t, "table", rtnl.ParseTable)
	r.Protocol = optNamed(L, fn, t, "protocol", rtnl.ParseProtocol)
	r.Type = optNamed(L, fn, t, "type", rtnl.ParseRouteType)
	if t.RawGetString("scope") != lua.LNil {
		sc := optNamed(L, fn, t, "scope", rtnl.ParseScope)
		r.Scope = &sc
	}
	oif, _, n := optLink(L, s, fn, 2, t, "dev")
	if n > 0 {
		return n
	}
	r.OIF = oif
	if !hasDst && !r.Gateway.IsValid() {
		luabind.ArgError(L, fn, 2, "field 'dst' (a prefix or \"default\") or 'gateway' is required")
	}
	if _, err := rtnl.RouteAddRequest(r); err != nil {
		luabind.ArgError(L, fn, 2, "%v", err)
	}
	ctx := luabind.Context(L)
	object := "default"
	if r.Dst.IsValid() {
		object = r.Dst.String()
	}
	return luabind.Done(L, ctx, opName, object, op(ctx, s.Sock, r))
}

func optAddr(L *lua.LState, fn string, t *lua.LTable, key string) netip.Addr {
	v, ok := luabind.OptString(L, fn, 2, t, key)
	if !ok {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		luabind.ArgError(L, fn, 2, "field '%s': %q is not an address", key, v)
	}
	return a
}

// optNamed reads a field that is a number that fits in K or a name parse
// knows.
func optNamed[K uint8 | uint32](L *lua.LState, fn string, t *lua.LTable, key string, parse func(string) (K, bool)) K {
	switch v := t.RawGetString(key).(type) {
	case *lua.LNilType:
		return 0
	case lua.LNumber:
		return K(luabind.IntIn(L, fn, 2, "field '"+key+"'", float64(v), 0, int64(^K(0))))
	case lua.LString:
		if n, ok := parse(string(v)); ok {
			return n
		}
		luabind.ArgError(L, fn, 2, "field '%s': unknown name %q", key, string(v))
	}
	luabind.ArgError(L, fn, 2, "field '%s' must be a number or a name, got %s", key, luabind.TypeName(t.RawGetString(key)))
	return 0
}

func nothingToChange(c rtnl.LinkChange) bool {
	return c.Up == nil && c.Options == nil && c.Name == nil && c.Master == nil &&
		c.Address == nil && c.NetNS == nil && c.NetNSPID == nil
}
