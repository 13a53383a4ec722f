package rtnl

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/json"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

func TestRtnlConstants(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	luabindtest.MustRun(t, L, `
		assert(rtnl.RTM_NEWLINK == 16 and rtnl.RTM_GETROUTE == 26)
		assert(rtnl.RTNLGRP_LINK == 1 and rtnl.RTNLGRP_IPV4_IFADDR == 5 and rtnl.RTNLGRP_NSID == 28)
		assert(rtnl.IFLA_IFNAME == 3 and rtnl.IFA_LOCAL == 2 and rtnl.RTA_TABLE == 15)
		assert(rtnl.NDA_LLADDR == 2 and rtnl.FRA_PRIORITY == 6 and rtnl.IFF_UP == 1)
		assert(rtnl.RT_TABLE_MAIN == 254 and rtnl.NUD_PERMANENT == 128)
		assert(require("rtnl") == rtnl)
		assert(rtnl.neighbors == rtnl.neighbours)`)
}

// TestRtnlConstantsOnFirstUse: opening the module sets only its functions;
// the first lookup of a missing name sets every constant, keeps what the
// script set meanwhile, and leaves a plain table behind.
func TestRtnlConstantsOnFirstUse(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	luabindtest.MustRun(t, L, `
		assert(rawget(rtnl, "RTM_NEWLINK") == nil and type(rawget(rtnl, "links")) == "function")
		rtnl.IFLA_MTU = "mine"
		assert(rtnl.no_such_name == nil)
		assert(getmetatable(rtnl) == nil)
		assert(rawget(rtnl, "RTM_NEWLINK") == 16 and rtnl.IFLA_MTU == "mine" and rtnl.IFLA_IFNAME == 3)
		local n = 0
		for k, v in pairs(rtnl) do if type(v) == "number" then n = n + 1 end end
		assert(n > 300, n)`)
}

func TestRtnlArgumentErrors(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t), Module)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route")); g = assert(netlink.open("generic"))`)
	tests := []struct{ code, want string }{
		{`rtnl.links()`, "bad argument #1 to rtnl.links (route socket expected, got nil)"},
		{`rtnl.links(g)`, "bad argument #1 to rtnl.links (route socket expected, got a generic socket)"},
		{`rtnl.link_add(s, {kind="veth"})`, "bad argument #2 to rtnl.link_add (field 'name' is required)"},
		{`rtnl.link_add(s, {name="x"})`, "field 'kind' is required"},
		{`rtnl.link_add(s, {name="x", kind="veth", colour="red"})`, "unknown field colour"},
		{`rtnl.link_add(s, {name="0123456789abcdefg", kind="dummy"})`, "longer than 15 bytes"},
		{`rtnl.link_add(s, {name="x", kind="veth", mtu="big"})`, "field 'mtu' must be a number, got string"},
		{`rtnl.link_set(s, {}, {up=true})`, "bad argument #2 to rtnl.link_set (link name or index expected, got table)"},
		{`rtnl.link_set(s, "lo", {up=1})`, "field 'up' must be a boolean"},
		{`rtnl.link_set(s, "lo", {mtu="x"})`, "bad argument #3 to rtnl.link_set (field 'mtu' must be a number, got string (IFLA_MTU is a u32))"},
		{`rtnl.link_set(s, "lo", {mtu=2^32})`, "field 'mtu' must be an integer from 0 to 4294967295"},
		{`rtnl.link_set(s, "lo", {alias=5})`, "field 'alias' must be a string, got number (IFLA_IFALIAS is a string)"},
		{`rtnl.link_set(s, "lo", {min_mtu=5})`, "unknown field min_mtu"},
		{`rtnl.link_set(s, "lo", {netns="x"})`, "bad argument #3 to rtnl.link_set"},
		{`rtnl.addr_add(s, "lo", "10.0.0.300/24")`, "bad argument #3 to rtnl.addr_add"},
		{`rtnl.addr_add(s, "lo")`, "address/prefix string expected, got nil"},
		{`rtnl.route_add(s, {})`, "or 'gateway' is required"},
		{`rtnl.route_add(s, {dst="10.0.0.0/8", table="nosuch"})`, "field 'table': unknown name"},
		{`rtnl.route_add(s, {dst="10.0.0.0/8", protocol=258})`, "field 'protocol' must be an integer from 0 to 255"},
		{`rtnl.route_add(s, {dst="10.0.0.0/8", scope=509})`, "field 'scope' must be an integer from 0 to 255"},
		{`rtnl.route_add(s, {dst="10.0.0.0/8", gateway="fe80::1"})`, "another family"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) { luabindtest.WantError(t, L, tt.code, tt.want) })
	}
}

// TestRtnlChanges drives every change function from Lua and checks the
// result through the dumps and through ip.
func TestRtnlChanges(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		assert(rtnl.link_add(s, {name="v0", kind="veth", peer="v1", mtu=1400}))
		assert(rtnl.link_add(s, {name="br0", kind="bridge", up=true}))
		assert(rtnl.link_set(s, "v0", {up=true, master="br0"}))
		assert(rtnl.link_set(s, "v1", {up=true, name="w1", mtu=1300}))
		assert(rtnl.addr_add(s, "w1", "10.5.0.1/24"))
		assert(rtnl.addr_add(s, "w1", "2001:db8:5::1/64"))
		assert(rtnl.route_add(s, {dst="10.6.0.0/16", gateway="10.5.0.254", table=100, metric=5}))
		assert(rtnl.route_add(s, {dst="10.7.0.0/16", dev="w1"}))

		local ok, msg, errname = rtnl.link_add(s, {name="v0", kind="veth"})
		assert(ok == nil and errname == "EEXIST", tostring(msg))
		ok, msg, errname = rtnl.link_del(s, "nope")
		assert(ok == nil and errname == "ENODEV" and msg:find("nope"), tostring(msg))
		ok, msg, errname = rtnl.route_del(s, {dst="10.99.0.0/16"})
		assert(ok == nil and errname == "ESRCH", tostring(msg))

		local byname = {}
		for _, l in ipairs(assert(rtnl.links(s))) do byname[l.name] = l end
		local v0, w1, br0 = byname.v0, byname.w1, byname.br0
		assert(v0.kind == "veth" and v0.mtu == 1400 and v0.master == br0.index, "v0")
		assert(w1.mtu == 1300 and w1.link == v0.index and w1.operstate == "UP", "w1 " .. w1.operstate)
		assert(br0.kind == "bridge" and #br0.address == 17)
		local flags = table.concat(v0.flags, ",")
		assert(flags:find("UP") and flags:find("BROADCAST"), flags)
		-- lazy fields
		assert(v0.type == "ether" and v0.broadcast == "ff:ff:ff:ff:ff:ff", tostring(v0.type))
		assert(v0.stats.rx_packets ~= nil and v0.min_mtu == 68)
		local names = {}
		for _, a in ipairs(v0.attrs) do names[a.name or a.type] = a end
		assert(names.IFLA_IFNAME.data == "v0\0" and names.IFLA_MTU.type == 4)
		for _, a in ipairs(v0.unknown) do assert(a.name ~= "IFLA_IFNAME" and a.name ~= "IFLA_MTU") end
		assert(#v0.unknown > 0 and #v0.unknown < #v0.attrs)
		assert(v0.nosuchfield == nil)

		local found = {}
		for _, a in ipairs(assert(rtnl.addrs(s))) do
			if a.index == w1.index then found[a.address .. "/" .. a.prefixlen] = a end
		end
		local a4, a6 = found["10.5.0.1/24"], found["2001:db8:5::1/64"]
		assert(a4 and a4.family == "inet" and a4.broadcast == "10.5.0.255" and a4.label == "w1" and a4.scope == "global")
		assert(a6 and a6.family == "inet6" and a6.valid_lft == "forever")
		assert(table.concat(a4.flags, ",") == "permanent", table.concat(a4.flags, ","))

		local r100, r7
		for _, r in ipairs(assert(rtnl.routes(s))) do
			if r.table == 100 and r.dst == "10.6.0.0/16" then r100 = r end
			if r.dst == "10.7.0.0/16" then r7 = r end
		end
		assert(r100 and r100.gateway == "10.5.0.254" and r100.metric == 5 and r100.protocol == "boot" and r100.oif == w1.index)
		assert(r7 and r7.table == 254 and r7.scope == "link" and r7.type == "unicast")

		assert(rtnl.route_del(s, {dst="10.6.0.0/16", table=100}))
		assert(rtnl.addr_del(s, "w1", "10.5.0.1/24"))
		assert(rtnl.link_set(s, "v0", {master=false}))
		assert(rtnl.link(s, "v0").master == nil)
	`)
	out, err := ipIn(ns.NetNS(), "-j", "route", "show", "table", "100")
	if err != nil || strings.Contains(out, "10.6.0.0") {
		t.Errorf("route still in table 100: %s %v", out, err)
	}
	// move a link into a namespace given as a netns object
	luabindtest.MustRun(t, L, `
		local n2 = netns.new()
		assert(rtnl.link_set(s, "w1", {netns=n2}))
		assert(rtnl.link(s, "w1") == nil)
		local s2 = assert(netlink.open("route", n2))
		assert(rtnl.link(s2, "w1").name == "w1")
		assert(rtnl.link_del(s, "v0"))
	`)
}

func ipIn(ns nlsock.NetNS, args ...string) (string, error) {
	cmd := exec.Command("ip", args...)
	var out strings.Builder
	cmd.Stdout = &out
	err := ns.Run(cmd)
	return out.String(), err
}

// TestRtnlBody checks that every route message a script receives carries a
// decoded body: dump replies from sock:request and events from sock:recv.
func TestRtnlBody(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("route"))
		local r = assert(s:request{type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
		assert(#r == 1 and r[1].body.name == "lo" and r[1].body.index == 1 and r[1].body.type == "loopback")

		local ev = assert(netlink.open("route"))
		assert(ev:join("link"))
		assert(ev:join("address"))
		assert(rtnl.link_add(s, {name="d0", kind="veth", peer="d1"}))
		assert(rtnl.addr_add(s, "d0", "10.8.0.1/24"))
		local seen = {}
		for i = 1, 20 do
			local m = ev:recv(1)
			if not m then break end
			if m.name == "RTM_NEWLINK" then seen[m.body.name] = true end
			if m.name == "RTM_NEWADDR" then seen[m.body.address] = m.body.prefixlen end
			if seen.d0 and seen.d1 and seen["10.8.0.1"] then break end
		end
		assert(seen.d0 and seen.d1 and seen["10.8.0.1"] == 24)

		-- bodies of the other objects
		local msgs = assert(s:request{type = rtnl.RTM_GETROUTE, flags = netlink.F_DUMP, payload = string.rep("\0", 12)})
		assert(#msgs > 0 and msgs[1].body.table ~= nil and msgs[1].body.family)
		-- a truncated message still decodes what it can, with an error
		local bad = netlink.decode(netlink.encode{type = rtnl.RTM_NEWLINK, payload = string.rep("\0", 16) .. "\8\0\3\0d0"}, netlink.ROUTE)
		assert(bad[1].body.error:find("attribute at offset 16"), bad[1].body.error)
		-- a tc message is decoded by the tc description; a short one says why
		local q = netlink.decode(netlink.encode{type = rtnl.RTM_NEWQDISC, payload = ""}, netlink.ROUTE)
		assert(q[1].body.error:find("fixed header tcmsg needs 20 bytes, have 0"), q[1].body.error)
		-- a route message type without a decoder has no body
		local u = netlink.decode(netlink.encode{type = rtnl.RTM_NEWPREFIX, payload = ""}, netlink.ROUTE)
		assert(u[1].body == nil)
	`)
}

// TestRtnlAgreesWithGo builds many links, addresses, routes and neighbours
// and checks that the Lua tables carry what the Go decoders (checked
// against ip -j in nlsock/rtnl) decode.
func TestRtnlAgreesWithGo(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	var lines []string
	for i := range 50 {
		lines = append(lines,
			fmt.Sprintf("link add a%d type veth peer name b%d", i, i), fmt.Sprintf("link set a%d up", i),
			fmt.Sprintf("link set b%d up", i),
			fmt.Sprintf("addr add 10.1.%d.1/24 dev b%d", i, i),
			fmt.Sprintf("addr add 2001:db8:%x::1/64 dev b%d nodad", i, i),
			fmt.Sprintf("neigh add 10.1.%d.2 lladdr 02:00:00:00:00:%02x dev b%d", i, i, i),
			fmt.Sprintf("route add 10.2.%d.0/24 via 10.1.%d.2 table 100", i, i))
	}
	// No IPv6 link-local addresses: the kernel adds them (and their local
	// routes) asynchronously, so the Go and the Lua dump would see different
	// sets; the nodad addresses above are enough IPv6.
	noLinkLocal := exec.Command("sysctl", "-qw", "net.ipv6.conf.default.addr_gen_mode=1")
	if out, err := luabindtest.RunOut(ns.NetNS(), noLinkLocal); err != nil {
		t.Fatalf("sysctl: %v\n%s", err, out)
	}
	luabindtest.IPBatch(t, ns.NetNS(), lines)
	s, err := nlsock.Open(0, ns.NetNS())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nlsocktest.WaitCarrier(t, ns.NetNS())

	var want []string
	links, err := rtnl.Links(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		want = append(want, fmt.Sprintf("link %d %s %d %s %s %d %s %s", l.Index, l.Name, l.MTU,
			strings.Join(l.FlagNames(), ","), l.Address, l.Link, l.Kind, rtnl.OperStateName(l.OperState)))
	}
	addrs, _ := rtnl.Addrs(ctx, s)
	for _, a := range addrs {
		want = append(want, fmt.Sprintf("addr %d %s %s/%d %s", a.Index, rtnl.FamilyName(a.Family), a.Addr(), a.PrefixLen, rtnl.ScopeName(a.Scope)))
	}
	routes, _ := rtnl.Routes(ctx, s)
	for _, r := range routes {
		gw := ""
		if r.Gateway.IsValid() {
			gw = r.Gateway.String()
		}
		want = append(want, fmt.Sprintf("route %s %s %d %s %s", rtnl.FamilyName(r.Family), r.Prefix(), r.Table, gw, rtnl.RouteTypeName(r.Type)))
	}
	rules, _ := rtnl.Rules(ctx, s)
	for _, r := range rules {
		want = append(want, fmt.Sprintf("rule %s %d %d %s", rtnl.FamilyName(r.Family), r.Priority, r.Table, r.ActionName()))
	}
	neighs, _ := rtnl.Neighbours(ctx, s)
	for _, n := range neighs {
		if n.State != rtnl.NUD_PERMANENT { // others come and go (IPv6 multicast)
			continue
		}
		dst := ""
		if n.Dst.IsValid() {
			dst = n.Dst.String()
		}
		want = append(want, fmt.Sprintf("neigh %d %s %s %s", n.IfIndex, dst, n.LLAddr, strings.Join(n.StateNames(), ",")))
	}

	got := luaEmits(t, ns.NetNS(), `
		local s = assert(netlink.open("route"))
		local function s_(v) return v == nil and "" or tostring(v) end
		for _, l in ipairs(assert(rtnl.links(s))) do
			emit(string.format("link %d %s %d %s %s %d %s %s", l.index, l.name, l.mtu, table.concat(l.flags, ","),
				s_(l.address), l.link or 0, s_(l.kind), l.operstate))
		end
		for _, a in ipairs(assert(rtnl.addrs(s))) do
			emit(string.format("addr %d %s %s/%d %s", a.index, a.family, a.address, a.prefixlen, a.scope))
		end
		for _, r in ipairs(assert(rtnl.routes(s))) do
			emit(string.format("route %s %s %d %s %s", r.family, r.dst, r.table, s_(r.gateway), r.type))
		end
		for _, r in ipairs(assert(rtnl.rules(s))) do
			emit(string.format("rule %s %d %d %s", r.family, r.priority, r.table, r.action))
		end
		for _, n in ipairs(assert(rtnl.neighbours(s))) do
			if n.ndm_state == rtnl.NUD_PERMANENT then emit(string.format("neigh %d %s %s %s", n.ifindex, s_(n.dst), s_(n.lladdr), table.concat(n.state, ","))) end
		end
	`)
	slices.Sort(want)
	slices.Sort(got)
	if len(want) < 300 {
		t.Fatalf("only %d objects", len(want))
	}
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		for i := range max(len(want), len(got)) {
			if i >= len(want) || i >= len(got) || want[i] != got[i] {
				t.Fatalf("first difference at %d:\n go: %q\nlua: %q", i, at(want, i), at(got, i))
			}
		}
	}
}

// TestRtnlLazyAttrsExact: in a namespace where nothing moves (links down),
// the attrs of every link and address from rtnl.links and rtnl.addrs are
// the bytes rtnl.Links and rtnl.Addrs decoded from another dump, counters
// included. A dump keeps most payloads as their differences from another,
// so this checks the rebuilding.
func TestRtnlLazyAttrsExact(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	var lines []string
	for i := range 150 {
		lines = append(lines, fmt.Sprintf("link add a%d type veth peer name b%d", i, i),
			fmt.Sprintf("addr add 10.3.%d.1/24 dev a%d", i, i))
		if i%10 == 0 {
			lines = append(lines, fmt.Sprintf("link add long-bridge%d type bridge", i),
				fmt.Sprintf("link set a%d alias a%d-alias", i, i),
				fmt.Sprintf("addr add 10.4.%d.1/24 brd + dev b%d label b%d:x", i, i, i))
		}
	}
	luabindtest.IPBatch(t, ns.NetNS(), lines)
	s, err := nlsock.Open(0, ns.NetNS())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, serial := range []bool{false, true} { // read ahead on a helper goroutine, and not
		serialDumps = serial
		t.Cleanup(func() { serialDumps = false })
		if diff := lazyAttrsDiff(t, s, ns.NetNS()); diff != "" {
			t.Fatalf("serial=%v %s", serial, diff)
		}
	}
}

// lazyAttrsDiff dumps links and addresses through Go's rtnl and through
// Lua's lazy attrs and describes the first object whose attributes differ.
func lazyAttrsDiff(t *testing.T, s *nlsock.Socket, ns nlsock.NetNS) string {
	t.Helper()
	links, err := rtnl.Links(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	addrs, err := rtnl.Addrs(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range links {
		want = append(want, fmt.Sprintf("link %d%s", l.Index, attrString(must(l.Attrs()))))
	}
	for _, a := range addrs {
		want = append(want, fmt.Sprintf("addr %d%s", a.Index, attrString(must(a.Attrs()))))
	}
	got := luaEmits(t, ns, `
		local s = assert(netlink.open("route"))
		local function emitAll(what, list)
			for _, o in ipairs(list) do
				local out = {what, " ", o.index}
				for _, a in ipairs(o.attrs) do
					out[#out+1] = " " .. a.type .. ":" .. a.data:gsub(".", function(c) return string.format("%02x", c:byte()) end)
				end
				emit(table.concat(out))
			end
		end
		emitAll("link", assert(rtnl.links(s)))
		emitAll("addr", assert(rtnl.addrs(s)))
	`)
	if len(want) != 316+165 || len(got) != len(want) { // 2*150+15+lo links, 150+15 addresses
		t.Fatalf("%d objects from Go, %d from Lua", len(want), len(got))
	}
	for i := range want {
		if w, g := steady(want[i]), steady(got[i]); w != g {
			return fmt.Sprintf("object %d:\n go: %s\nlua: %s", i+1, w, g)
		}
	}
	return ""
}

// movingLinkAttrs are the link attributes whose bytes the kernel changes
// on its own between two dumps (traffic counters; IFLA_AF_SPEC holds
// IPv6's): the Go and Lua dumps are two dumps.
var movingLinkAttrs = func() map[string]bool {
	m := map[string]bool{}
	for _, name := range []string{"IFLA_STATS", "IFLA_STATS64", "IFLA_AF_SPEC"} {
		t, _ := rtnl.AttrType(rtnl.RTM_NEWLINK, name)
		m[fmt.Sprint(t)] = true
	}
	return m
}()

// steady is a "link|addr INDEX type:hex..." line with the value of each
// moving attribute replaced by its length: the attributes' order, types
// and sizes still compare exactly (a decoder that split them wrongly
// shows there), their changing counters do not.
func steady(line string) string {
	f := strings.Fields(line)
	if len(f) == 0 || f[0] != "link" {
		return line
	}
	for i := 2; i < len(f); i++ {
		if typ, hex, ok := strings.Cut(f[i], ":"); ok && movingLinkAttrs[typ] {
			f[i] = fmt.Sprintf("%s:<%d bytes>", typ, len(hex)/2)
		}
	}
	return strings.Join(f, " ")
}

// attrString is attrs as " type:hex" each.
func attrString(attrs []nlsock.Attr) string {
	var b strings.Builder
	for _, a := range attrs {
		fmt.Fprintf(&b, " %d:%x", a.Type, a.Data)
	}
	return b.String()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func at(l []string, i int) string {
	if i < len(l) {
		return l[i]
	}
	return "<none>"
}

// newState is a fresh Lua state with netlink, netns and rtnl and json open.
// luaEmits runs script in a new state in ns and returns the lines it
// passed to emit(line), in order.
func luaEmits(t *testing.T, ns nlsock.NetNS, script string) []string {
	t.Helper()
	L, _ := newState(t, ns)
	var got []string
	L.SetGlobal("emit", L.NewFunction(func(L *lua.LState) int {
		got = append(got, L.CheckString(1))
		return 0
	}))
	luabindtest.MustRun(t, L, script)
	return got
}

func newState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *luabind.Env) {
	return luabindtest.NewState(tb, luabind.Options{DefaultNS: ns}, Module, json.Module)
}
