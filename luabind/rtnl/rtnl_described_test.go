package rtnl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// linkNames maps ifindex to name as ip -j link sees them.
func linkNames(t *testing.T, ns nlsock.NetNS) map[float64]string {
	names := map[float64]string{}
	for _, l := range luabindtest.IPJSON(t, ns, "ip", "-j", "link") {
		names[l["ifindex"].(float64)] = l["ifname"].(string)
	}
	return names
}

// nexthopLine is a nexthop as ip -j nexthop and rtnl.nexthops both say it,
// in one comparable string.
func ipNexthopLine(nh map[string]any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "id %v", nh["id"])
	if gw, ok := nh["gateway"]; ok {
		fmt.Fprintf(&b, " via %v", gw)
	}
	if dev, ok := nh["dev"]; ok {
		fmt.Fprintf(&b, " dev %v", dev)
	}
	if _, ok := nh["blackhole"]; ok {
		b.WriteString(" blackhole")
	}
	if g, ok := nh["group"].([]any); ok {
		b.WriteString(" group")
		for _, m := range g {
			mm := m.(map[string]any)
			w := mm["weight"]
			if w == nil {
				w = 1.0
			}
			fmt.Fprintf(&b, " %v/%v", mm["id"], w)
		}
		typ := nh["type"]
		if typ == nil {
			typ = "mpath"
		}
		fmt.Fprintf(&b, " type %v", typ)
		if r, ok := nh["resilient_args"].(map[string]any); ok {
			fmt.Fprintf(&b, " buckets %v idle_timer %v", r["buckets"], r["idle_timer"])
		}
	}
	if _, ok := nh["fdb"]; ok {
		b.WriteString(" fdb")
	}
	return b.String()
}

func nlshNexthopLine(nh ynl.Attrs, names map[float64]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "id %v", nh["id"])
	if gw, ok := nh["gateway"]; ok {
		fmt.Fprintf(&b, " via %v", gw)
	}
	if idx, ok := nh["ifindex"].(float64); ok {
		fmt.Fprintf(&b, " dev %v", names[idx])
	}
	if nh["blackhole"] == true {
		b.WriteString(" blackhole")
	}
	if g, ok := nh["group"].([]any); ok {
		b.WriteString(" group")
		for _, m := range g {
			mm := m.(ynl.Attrs)
			fmt.Fprintf(&b, " %v/%v", mm["id"], mm["weight"])
		}
		fmt.Fprintf(&b, " type %v", nh["type"])
		if r, ok := nh["resilient"].(ynl.Attrs); ok {
			fmt.Fprintf(&b, " buckets %v idle_timer %v", r["buckets"], r["idle_timer"])
		}
	}
	if nh["fdb"] == true {
		b.WriteString(" fdb")
	}
	return b.String()
}

// rtnl.nexthops agrees with ip -j nexthop on nexthops ip made and on
// nexthops nlsh made (single, blackhole, IPv6, fdb, mpath and resilient
// groups with weights), and nexthop_del removes them as ip sees it.
func TestNexthopsAgreeWithIP(t *testing.T) {
	nsh := nlsocktest.NewNamespace(t)
	ns := nsh.NetNS()
	for _, c := range []string{
		"ip link set lo up", "ip link add v0 type veth peer name v1", "ip link set v0 up", "ip link set v1 up",
		"ip addr add 10.0.0.1/24 dev v0", "ip -6 addr add 2001:db8::1/64 dev v0 nodad",
		"ip nexthop add id 1 via 10.0.0.2 dev v0", "ip nexthop add id 2 via 10.0.0.3 dev v0",
		"ip nexthop add id 3 blackhole", "ip nexthop add id 4 via 2001:db8::2 dev v0",
		"ip nexthop add id 5 via 10.0.0.5 fdb", "ip nexthop add id 6 via 10.0.0.6 fdb",
		"ip nexthop add id 10 group 1/2,3", "ip nexthop add id 11 group 1/2,2 type resilient buckets 8 idle_timer 10",
		"ip nexthop add id 12 group 5/6 fdb",
	} {
		luabindtest.IPRun(t, ns, strings.Fields(c)...)
	}
	L, _ := newState(t, ns)
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		assert(rtnl.nexthop_add(s, {id = 20, gateway = "10.0.0.9", dev = "v0"}))
		assert(rtnl.nexthop_add(s, {id = 21, gateway = "2001:db8::9", dev = "v0", protocol = "static"}))
		assert(rtnl.nexthop_add(s, {id = 22, blackhole = true}))
		assert(rtnl.nexthop_add(s, {id = 23, gateway = "10.0.0.23", fdb = true}))
		assert(rtnl.nexthop_add(s, {id = 30, group = {{id = 20, weight = 3}, {id = 1}, {id = 2, weight = 256}}}))
		assert(rtnl.nexthop_add(s, {id = 31, group = {{id = 20}, {id = 2, weight = 5}}, type = "resilient", buckets = 16, idle_timer = 7}))
		assert(rtnl.nexthop_add(s, {id = 32, group = {{id = 23}, {id = 5}}, fdb = true}))
		-- dev and ifindex are one field: two links are refused, not one dropped
		local ok, err = pcall(rtnl.nexthop_add, s, {id = 40, gateway = "10.0.0.40", dev = "v0", ifindex = "v1"})
		assert(not ok and err:find("differ"), tostring(err))
		assert(rtnl.nexthop_add(s, {id = 41, gateway = "10.0.0.41", dev = "v0", ifindex = "v0"}))
		assert(rtnl.nexthop_del(s, 41))
	`)
	names := linkNames(t, ns)
	compare := func(when string) {
		t.Helper()
		var want, got []string
		for _, nh := range luabindtest.IPJSON(t, ns, "ip", "-j", "nexthop") {
			want = append(want, ipNexthopLine(nh))
		}
		for _, nh := range luabindtest.LuaObjects(t, L, "rtnl.nexthops(s)") {
			got = append(got, nlshNexthopLine(nh, names))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%s: rtnl.nexthops:\n%s\nip -j nexthop:\n%s", when, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(want) == 0 {
			t.Fatalf("%s: no nexthops at all", when)
		}
	}
	compare("after adding")
	// a route through a nexthop object, as ip sees it
	luabindtest.MustRun(t, L, `assert(rtnl.route_add(s, {dst = "10.50.0.0/16", nhid = 30}))`)
	routes := luabindtest.IPJSON(t, ns, "ip", "-j", "route", "show", "10.50.0.0/16")
	if len(routes) != 1 || routes[0]["nhid"] != 30.0 {
		t.Fatalf("ip -j route after rtnl.route_add{nhid = 30}: %v", routes)
	}
	luabindtest.MustRun(t, L, `
		local found
		for _, r in ipairs(rtnl.routes(s)) do if r.dst == "10.50.0.0/16" then found = r end end
		assert(found and found.nhid == 30, "rtnl.routes sees nhid")
		assert(rtnl.route_del(s, {dst = "10.50.0.0/16", nhid = 30}))
	`)
	luabindtest.MustRun(t, L, `
		for _, id in ipairs({30, 31, 32, 21, 22, 23}) do assert(rtnl.nexthop_del(s, id)) end
		assert(rtnl.nexthop_del(s, {id = 20}))
		local ok, msg, errname = rtnl.nexthop_del(s, 20)
		assert(ok == nil and errname == "ENOENT", tostring(msg))
	`)
	compare("after deleting")
	for _, nh := range luabindtest.IPJSON(t, ns, "ip", "-j", "nexthop") {
		if id := nh["id"].(float64); id >= 20 {
			t.Fatalf("ip still lists nexthop %v after nexthop_del", id)
		}
	}
	luabindtest.MustRun(t, L, `
		local nh = rtnl.nexthops(s)
		assert(nh[1].family == "inet" and nh[1].scope == "link" and nh[1].protocol ~= nil, "fields")
		assert(type(nh[1].flags) == "table", "flags")
	`)
}

// Argument mistakes are one-line errors naming what was wrong.
func TestNexthopArgumentErrors(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t), Module)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	for code, want := range map[string]string{
		`rtnl.nexthop_add(s, {id = 1, nope = 1})`:                               "unknown field nope",
		`rtnl.nexthop_add(s, {id = 1, gateway = "bogus"})`:                      `"bogus" is not an IP address`,
		`rtnl.nexthop_add(s, {id = 1, gateway = "10.0.0.1", family = "inet6"})`: "is not of family inet6",
		`rtnl.nexthop_add(s, {id = 1, group = {{id = 2, weight = 257}}})`:       "weight' must be an integer from 0 to 256",
		`rtnl.nexthop_add(s, {id = 1, group = {{weight = 2}}})`:                 "'group'[1] needs an id",
		`rtnl.nexthop_add(s, {id = 1, group = {{id = 2, weight = 0}}})`:         "'group'[1]: weight 0 is no weight",
		`rtnl.nexthop_add(s, {id = 1, group = {{id = 2, x = 1}}})`:              "'group'[1]: unknown field x",
		`rtnl.nexthop_add(s, {id = 1, group = {{id = 2}}, type = "weird"})`:     `group type "weird"`,
		`rtnl.nexthop_add(s, {id = 1, blackhole = true, gateway = "10.0.0.1"})`: "a blackhole takes no gateway",
		`rtnl.nexthop_add(s, {id = 1})`:                                         "give a gateway, a device, blackhole or a group",
		`rtnl.nexthop_del(s, "x")`:                                              "nexthop id or {id=} expected",
		`rtnl.nexthop_del(s, 0)`:                                                "nexthop id must be an integer from 1",
		`rtnl.netconf(s, {family = "inet", x = 1})`:                             "unknown field x",
		`rtnl.nexthops(s, {})`:                                                  "takes no options",
	} {
		luabindtest.WantError(t, L, code, want)
	}
}

// rtnl.netconf agrees with ip -j netconf, per family: every interface
// (and "all", "default") with forwarding, rp_filter, mc_forwarding,
// proxy_neigh and ignore_routes_with_linkdown, after changing some.
func TestNetconfAgreesWithIP(t *testing.T) {
	nsh := nlsocktest.NewNamespace(t)
	ns := nsh.NetNS()
	for _, c := range []string{
		"ip link add v0 type veth peer name v1",
		"sysctl -qw net.ipv4.conf.v0.forwarding=1", "sysctl -qw net.ipv4.conf.v1.rp_filter=2",
		"sysctl -qw net.ipv4.conf.all.rp_filter=1", "sysctl -qw net.ipv6.conf.v1.forwarding=1",
		"sysctl -qw net.ipv4.conf.v0.proxy_arp=1", "sysctl -qw net.ipv6.conf.default.ignore_routes_with_linkdown=1",
	} {
		luabindtest.IPRun(t, ns, strings.Fields(c)...)
	}
	names := linkNames(t, ns)
	L, _ := newState(t, ns)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	line := func(fam string, name any, c map[string]any) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %v", fam, name)
		for _, k := range []string{"forwarding", "rp_filter", "mc_forwarding", "proxy_neigh", "ignore_routes_with_linkdown"} {
			v, ok := c[k]
			switch x := v.(type) {
			case bool: // ip -j writes the flags as booleans
				v = 0.0
				if x {
					v = 1.0
				}
			}
			if ok {
				fmt.Fprintf(&b, " %s=%v", k, v)
			}
		}
		return b.String()
	}
	for _, fam := range []string{"inet", "inet6"} {
		arg := map[string]string{"inet": "-4", "inet6": "-6"}[fam]
		var want, got []string
		for _, c := range luabindtest.IPJSON(t, ns, "ip", "-j", arg, "netconf") {
			want = append(want, line(fam, c["interface"], c))
		}
		for _, c := range luabindtest.LuaObjects(t, L, `rtnl.netconf(s, {family = "`+fam+`"})`) {
			if c["family"] != fam {
				t.Fatalf("rtnl.netconf(family %s) gave an entry of family %v", fam, c["family"])
			}
			name := c["interface"]
			if name == nil {
				name = names[c["ifindex"].(float64)]
			}
			got = append(got, line(fam, name, map[string]any(c)))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("family %s: rtnl.netconf:\n%s\nip -j netconf:\n%s", fam, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if !strings.Contains(strings.Join(got, "\n"), "forwarding=1") {
			t.Fatalf("family %s: the forwarding set by sysctl is not seen:\n%s", fam, strings.Join(got, "\n"))
		}
	}
	luabindtest.MustRun(t, L, `
		local all = assert(rtnl.netconf(s))
		local fams = {}
		for _, c in ipairs(all) do fams[c.family] = true end
		assert(fams.inet and fams.inet6, "rtnl.netconf(s) lists every family")
	`)
}

// Events carry the same tables as the dumps in m.body: a nexthop added
// and a netconf change, read by a socket that joined their groups.
func TestDescribedEventBodies(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		ev = assert(netlink.open("route"))
		assert(ev:join("nexthop")); assert(ev:join("ipv4-netconf"))
		local s = assert(netlink.open("route"))
		assert(rtnl.link_set(s, "lo", {up = true}))
		assert(rtnl.nexthop_add(s, {id = 9, blackhole = true}))
		local m = assert(ev:recv(2))
		assert(m.type == 104 and m.body.id == 9 and m.body.blackhole == true and m.body.family == "inet", "nexthop body")
	`)
	luabindtest.IPRun(t, ns.NetNS(), "sysctl", "-qw", "net.ipv4.conf.lo.forwarding=1")
	luabindtest.MustRun(t, L, `
		local m = assert(ev:recv(2))
		assert(m.type == 80 and m.body.forwarding == 1 and m.body.ifindex == 1 and m.body.family == "inet", "netconf body")
	`)
}
