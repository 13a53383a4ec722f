package rtnl

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// routeNS is a namespace with a veth v0/v1 (192.0.2.1/24 on v0), main
// routes 10.0.x.y/32 via v0's gateway, and table 100 of static routes
// 172.16.x.y/32, table 200 of routes out of v1.
func routeNS(t testing.TB, main, t100, t200 int) *nlsock.Namespace {
	t.Helper()
	ns := nlsocktest.NewNamespace(t)
	lines := []string{
		"link add v0 type veth peer name v1", "addr add 192.0.2.1/24 dev v0",
		"link set v0 up", "link set v1 up",
	}
	for i := range main {
		lines = append(lines, fmt.Sprintf("route add 10.0.%d.%d/32 via 192.0.2.2", i/256, i%256))
	}
	for i := range t100 {
		lines = append(lines, fmt.Sprintf("route add 172.16.%d.%d/32 via 192.0.2.2 table 100 proto static", i/256, i%256))
	}
	for i := range t200 {
		lines = append(lines, fmt.Sprintf("route add 172.17.0.%d/32 dev v1 table 200", i))
	}
	luabindtest.IPBatch(t, ns.NetNS(), lines)
	return ns
}

// ipRouteDsts is the dst of every route `ip -j route show ARGS` lists, as
// nlsh writes them (a host route as a prefix /32).
func ipRouteDsts(t *testing.T, ns nlsock.NetNS, args ...string) map[string]bool {
	t.Helper()
	out, err := ipIn(ns, append([]string{"-j", "route", "show"}, args...)...)
	if err != nil {
		t.Fatalf("ip route show %v: %v", args, err)
	}
	var routes []struct{ Dst string }
	if err := json.Unmarshal([]byte(out), &routes); err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, r := range routes {
		if !strings.Contains(r.Dst, "/") {
			r.Dst += "/32"
		}
		m[r.Dst] = true
	}
	return m
}

// TestRtnlEachAndFilters: every route streamed once; the kernel-side
// filters (table, protocol, oif) give what ip -j route show (IPv4 unless
// told) gives for the same selection, and the kernel really filtered: rtnl.count says it sent
// only the selected messages, in fewer bytes.
func TestRtnlEachAndFilters(t *testing.T) {
	ns := routeNS(t, 3000, 500, 20)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	collect := func(opts string) map[string]bool {
		luabindtest.MustRun(t, L, `got = {} for r in rtnl.each.routes(s, `+opts+`) do got[#got + 1] = r.dst or "default" end`)
		m := map[string]bool{}
		got := L.GetGlobal("got").(*lua.LTable)
		for i := 1; i <= got.Len(); i++ {
			d := got.RawGetInt(i).String()
			if m[d] {
				t.Fatalf("%s streamed twice", d)
			}
			m[d] = true
		}
		return m
	}
	same := func(what string, got, want map[string]bool) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: nlsh has %d routes, ip %d", what, len(got), len(want))
		}
		for d := range want {
			if !got[d] {
				t.Fatalf("%s: ip lists %s, nlsh does not", what, d)
			}
		}
	}
	same("table 100", collect(`{table = 100, family = "inet"}`), ipRouteDsts(t, ns.NetNS(), "table", "100"))
	same("table 200", collect(`{table = 200, family = "inet"}`), ipRouteDsts(t, ns.NetNS(), "table", "200"))
	same("main", collect(`{table = "main", family = "inet"}`), ipRouteDsts(t, ns.NetNS(), "table", "main"))
	same("proto static", collect(`{protocol = "static", family = "inet"}`), ipRouteDsts(t, ns.NetNS(), "table", "all", "proto", "static"))
	same("oif v1 table 200", collect(`{oif = "v1", table = 200}`), ipRouteDsts(t, ns.NetNS(), "table", "200", "dev", "v1"))
	same("where", collect(`{table = 100, where = function(r) return r.dst:match("^172%.16%.1%.") end}`),
		func() map[string]bool {
			m := map[string]bool{}
			for d := range ipRouteDsts(t, ns.NetNS(), "table", "100") {
				if strings.HasPrefix(d, "172.16.1.") {
					m[d] = true
				}
			}
			return m
		}())
	luabindtest.MustRun(t, L, `
		local all, st = assert(rtnl.count.routes(s))
		assert(all == #rtnl.routes(s) and all > 3520, all)
		local n = 0
		for r in rtnl.each.routes(s) do n = n + 1 end
		assert(n == all, n)
		-- Kernel-side: only table 100's 500 messages arrive.
		local c, f = assert(rtnl.count.routes(s, {table = 100}))
		assert(c == 500 and f.messages == 500 and f.bytes < st.bytes / 4, c .. " " .. f.messages .. " " .. f.bytes)
		c, f = assert(rtnl.count.routes(s, {oif = "v1"}))
		assert(c >= 20 and f.messages == c, c .. " " .. f.messages)
		-- where counts what it keeps; the kernel sent the table.
		c, f = assert(rtnl.count.routes(s, {table = 100, where = function(r) return r.protocol == "static" end}))
		assert(c == 500 and f.messages == 500)
		c = assert(rtnl.count.routes(s, {table = 100, where = function(r) return false end}))
		assert(c == 0)`)
}

// TestRtnlEachBreak: a loop that breaks after ten routes of thousands
// leaves the socket usable: the next dump, request and stream on it are
// whole. The private socket of a finished loop is closed at its end, that
// of a broken one once the iterator is garbage.
func TestRtnlEachBreak(t *testing.T) {
	ns := routeNS(t, 3000, 0, 0)
	L, env := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		local all = assert(rtnl.count.routes(s))
		local n = 0
		for r in rtnl.each.routes(s) do n = n + 1 if n == 10 then break end end
		assert(#rtnl.routes(s) == all)
		n = 0
		for r in rtnl.each.routes(s) do n = n + 1 if n == 10 then break end end
		local links = assert(rtnl.links(s))
		assert(#links == 3, #links)
		n = 0
		for r in rtnl.each.routes(s) do n = n + 1 if n == 10 then break end end
		n = 0
		for r in rtnl.each.routes(s) do n = n + 1 end
		assert(n == all, n)
		n = 0
		for r in rtnl.each.routes(s) do n = n + 1 if n == 10 then break end end
		assert(rtnl.count.routes(s) == all)`)
	luabindtest.MustRun(t, L, `for r in rtnl.each.routes(s) do end`)
	if n := env.Sockets(); n > 5 {
		t.Fatalf("%d sockets open after the loops, want s and at most the 4 broken loops' private ones", n)
	}
	luabindtest.MustRun(t, L, `collectgarbage() for i = 1, 100 do local x = {} end`)
	deadline := time.Now().Add(5 * time.Second)
	for env.Sockets() > 1 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := env.Sockets(); n != 1 {
		t.Fatalf("%d sockets open once the broken loops' iterators are garbage, want 1", n)
	}
}

// TestRtnlEachErrors: a kernel error ends the loop with a raised error
// naming the function and errno (rules of the bridge family:
// EAFNOSUPPORT); a dump that raced a change (an address added while
// the loop ran) raises EINTR after its objects; bad options raise argument
// errors.
func TestRtnlEachErrors(t *testing.T) {
	ns := routeNS(t, 0, 0, 0)
	var lines []string
	for i := range 2000 {
		lines = append(lines, fmt.Sprintf("addr add 10.9.%d.%d/32 dev lo", i/250, i%250+1))
	}
	luabindtest.IPBatch(t, ns.NetNS(), lines)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		local ok, err = pcall(function() for r in rtnl.each.rules(s, {family = "bridge"}) do end end)
		assert(not ok and err:match("rtnl.each.rules: .*EAFNOSUPPORT"), err)
		assert(#rtnl.links(s) == 3)

		local other = assert(netlink.open("route"))
		local n, added = 0, false
		ok, err = pcall(function()
			for a in rtnl.each.addrs(s) do
				n = n + 1
				if not added then added = true assert(rtnl.addr_add(other, "lo", "10.10.0.1/32")) end
			end
		end)
		assert(not ok and err:match("EINTR"), tostring(err))
		assert(n >= 2000, n)
		-- count repeats an interrupted dump instead
		assert(rtnl.count.addrs(s) >= 2001)`)
	for _, tt := range []struct{ code, want string }{
		{`rtnl.each.routes(s, {colour = 1})`, `unknown option "colour" (known: family, table, protocol, type, ifindex, oif, where)`},
		{`rtnl.each.routes(s, {where = 1})`, "option 'where' must be a function"},
		{`rtnl.each.routes(s, {protocol = "nope"})`, "field 'protocol': unknown name"},
		{`rtnl.each.links(s, {family = "inet"})`, "option 'family' does not apply to links"},
		{`rtnl.each.routes(s, {oif = "nope"})`, "rtnl.each.routes: link nope"},
		{`rtnl.count.rules(s, {table = 1})`, `unknown option "table"`},
	} {
		t.Run(tt.code, func(t *testing.T) { luabindtest.WantError(t, L, tt.code, tt.want) })
	}
}

// TestRtnlEachKeptRoute: a route kept from an earlier datagram answers
// its own fields, not those of the route the loop handed out last (which
// are decoded in a route the loop reuses).
func TestRtnlEachKeptRoute(t *testing.T) {
	ns := routeNS(t, 3000, 0, 0)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local prev, seen, n = nil, {}, 0
		for r in rtnl.each.routes(assert(netlink.open("route")), {family = "inet", table = 254}) do
			assert(not (prev and prev.dst == r.dst), "route " .. n .. " answers the next one's dst " .. tostring(r.dst))
			assert(not seen[r.dst], r.dst)
			seen[r.dst] = true
			prev, n = r, n + 1
		end
		assert(n >= 3000, n)`)
}

// TestRouteFilterIfindex: a route dump filters by ifindex, the convention
// name of a route's output link (README "Naming"), as by its old name oif,
// and what it keeps is what ip lists for that device.
func TestRouteFilterIfindex(t *testing.T) {
	ns := routeNS(t, 0, 0, 7)
	want := ipRouteDsts(t, ns.NetNS(), "table", "200", "dev", "v1")
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("route"))
		local function dsts(opts)
			local out = {}
			for _, r in ipairs(assert(rtnl.routes(s, opts))) do out[#out + 1] = r.dst end
			table.sort(out)
			return out
		end
		got = dsts{table = 200, ifindex = "v1"}
		local old = dsts{table = 200, oif = "v1"}
		assert(#got == 7 and table.concat(got, " ") == table.concat(old, " "), table.concat(got, " "))
		assert(#dsts{table = 200, ifindex = "v0"} == 0)
		-- oif alone filters too: an absent ifindex must not clear it
		assert(#dsts{table = 200, oif = "v0"} == 0)
		assert(#dsts{table = 200, oif = "v1", ifindex = "v1"} == 7)
		local ok, err = pcall(rtnl.routes, s, {table = 200, oif = "v1", ifindex = "v0"})
		assert(not ok and err:find("differ"), err)
		ok, err = pcall(rtnl.routes, s, {oif = false})
		assert(not ok and err:find("field 'oif' must be a link name or an index, got boolean", 1, true), err)
		-- false releases a master (link_set); as any other link it is no link
		ok, err = pcall(rtnl.qdiscs, s, {dev = false})
		assert(not ok and err:find("field 'dev' must be a link name or an index, got boolean", 1, true), err)`)
	got := L.GetGlobal("got").(*lua.LTable)
	if got.Len() != len(want) {
		t.Fatalf("rtnl.routes{ifindex=v1}: %d routes, ip route show dev v1: %d", got.Len(), len(want))
	}
	for i := 1; i <= got.Len(); i++ {
		if d := got.RawGetInt(i).String(); !want[d] {
			t.Errorf("rtnl.routes{ifindex=v1} gave %s, which ip route show dev v1 lacks", d)
		}
	}
}
