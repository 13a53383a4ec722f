package rtnl

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// ipRuleLines lists ip -j rule (family -4 or -6) in one line per rule.
func ipRuleLines(t *testing.T, ns nlsock.NetNS, fam string) []string {
	var out []string
	for _, r := range luabindtest.IPJSON(t, ns, "ip", "-j", fam, "rule") {
		var b strings.Builder
		fmt.Fprintf(&b, "%v:", r["priority"])
		if _, ok := r["not"]; ok {
			b.WriteString(" not")
		}
		for _, k := range []string{"src", "srclen", "dst", "dstlen", "fwmark", "fwmask", "iif", "oif", "table", "goto", "action"} {
			if v, ok := r[k]; ok {
				fmt.Fprintf(&b, " %s=%v", k, v)
			}
		}
		if _, ok := r["nop"]; ok {
			b.WriteString(" nop")
		}
		out = append(out, b.String())
	}
	return out
}

// Rules and neighbours added by rtnl.rule_add and rtnl.neigh_add are the
// ones ip -j rule and ip -j neigh then list, and rule_del and neigh_del
// take them away again.
func TestRuleAndNeighChangesSeenByIP(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	luabindtest.IPRun(t, ns, "ip", "link", "set", "lo", "up")
	before4, before6 := ipRuleLines(t, ns, "-4"), ipRuleLines(t, ns, "-6")
	L, _ := newState(t, ns)
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		assert(rtnl.link_add(s, {name = "d0", kind = "veth", peer = "d1"}))
		assert(rtnl.rule_add(s, {priority = 100, src = "10.1.0.0/16", dst = "10.2.0.0/24", iif = "lo", table = 200, fwmark = 5, fwmask = 0xff}))
		assert(rtnl.rule_add(s, {priority = 101, action = "blackhole"}))
		assert(rtnl.rule_add(s, {priority = 102, oif = "lo", ["goto"] = 200}))
		assert(rtnl.rule_add(s, {priority = 103, table = "main", invert = true, src = "10.0.0.0/8"}))
		assert(rtnl.rule_add(s, {priority = 104, action = "nop"}))
		assert(rtnl.rule_add(s, {priority = 105, table = 5000}))
		assert(rtnl.rule_add(s, {family = "inet6", priority = 50, src = "2001:db8::/32", table = 1000}))
		assert(rtnl.neigh_add(s, {dev = "d0", dst = "10.0.0.5", lladdr = "02:00:00:00:00:05"}))
		assert(rtnl.neigh_add(s, {dev = "d0", dst = "2001:db8::5", lladdr = "02:00:00:00:00:06", state = "reachable", router = true}))
		assert(rtnl.neigh_add(s, {dev = "d0", dst = "10.0.0.7", lladdr = "02:00:00:00:00:07", state = "stale"}))
		assert(rtnl.neigh_add(s, {dev = "d0", dst = "10.0.0.7", lladdr = "02:00:00:00:00:08", state = "permanent", replace = true}))
		local ok, msg, errname = rtnl.neigh_add(s, {dev = "d0", dst = "10.0.0.5", lladdr = "02:00:00:00:00:05"})
		assert(ok == nil and errname == "EEXIST", tostring(msg))
	`)
	want4 := []string{
		"100: src=10.1.0.0 srclen=16 dst=10.2.0.0 dstlen=24 fwmark=0x5 fwmask=0xff iif=lo table=200",
		"101: src=all action=blackhole",
		"102: src=all oif=lo goto=200",
		"103: not src=10.0.0.0 srclen=8 table=main",
		"104: src=all nop",
		"105: src=all table=5000",
	}
	got4 := ipRuleLines(t, ns, "-4")
	if g, w := strings.Join(got4, "\n"), strings.Join(sortedUnion(before4, want4), "\n"); g != w {
		t.Fatalf("ip -j rule after rtnl.rule_add:\n%s\nwant:\n%s", g, w)
	}
	if g := strings.Join(ipRuleLines(t, ns, "-6"), "\n"); !strings.Contains(g, "50: src=2001:db8:: srclen=32 table=1000") {
		t.Fatalf("ip -j -6 rule after rtnl.rule_add:\n%s", g)
	}
	neigh := func() string {
		var lines []string
		for _, n := range luabindtest.IPJSON(t, ns, "ip", "-j", "neigh", "show", "dev", "d0") {
			_, router := n["router"] // ip -j writes "router": null
			lines = append(lines, fmt.Sprintf("%v %v %v %v", n["dst"], n["lladdr"], n["state"], router))
		}
		sort.Strings(lines)
		return strings.Join(lines, "\n")
	}
	wantNeigh := "10.0.0.5 02:00:00:00:00:05 [PERMANENT] false\n10.0.0.7 02:00:00:00:00:08 [PERMANENT] false\n2001:db8::5 02:00:00:00:00:06 [REACHABLE] true"
	if g := neigh(); g != wantNeigh {
		t.Fatalf("ip -j neigh after rtnl.neigh_add:\n%s\nwant:\n%s", g, wantNeigh)
	}
	luabindtest.MustRun(t, L, `
		for p = 100, 105 do assert(rtnl.rule_del(s, {priority = p})) end
		assert(rtnl.rule_del(s, {family = "inet6", priority = 50, table = 1000}))
		local ok, msg, errname = rtnl.rule_del(s, {priority = 100})
		assert(ok == nil and errname == "ENOENT", tostring(msg))
		assert(rtnl.neigh_del(s, {dev = "d0", dst = "10.0.0.5"}))
		assert(rtnl.neigh_del(s, {dev = "d0", dst = "10.0.0.7"}))
		assert(rtnl.neigh_del(s, {dev = "d0", dst = "2001:db8::5"}))
	`)
	if g, w := strings.Join(ipRuleLines(t, ns, "-4"), "\n"), strings.Join(before4, "\n"); g != w {
		t.Fatalf("ip -j rule after rtnl.rule_del:\n%s\nwant:\n%s", g, w)
	}
	if g, w := strings.Join(ipRuleLines(t, ns, "-6"), "\n"), strings.Join(before6, "\n"); g != w {
		t.Fatalf("ip -j -6 rule after rtnl.rule_del:\n%s\nwant:\n%s", g, w)
	}
	if g := neigh(); g != "" {
		t.Fatalf("ip -j neigh after rtnl.neigh_del:\n%s", g)
	}
}

// sortedUnion merges ip's default rules with the added ones by priority.
func sortedUnion(a, b []string) []string {
	all := append(append([]string{}, a...), b...)
	prio := func(s string) int {
		var p int
		fmt.Sscanf(s, "%d:", &p)
		return p
	}
	sort.SliceStable(all, func(i, j int) bool { return prio(all[i]) < prio(all[j]) })
	return all
}

func TestRuleAndNeighArgumentErrors(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t), Module)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	for code, want := range map[string]string{
		`rtnl.neigh_add(s, {dev = "lo", lladdr = "02:00:00:00:00:01"})`:                                    "field 'dst' is required",
		`rtnl.neigh_add(s, {dst = "10.0.0.1", lladdr = "02:00:00:00:00:01"})`:                              "field 'dev' is required",
		`rtnl.neigh_add(s, {dev = "lo", dst = "10.0.0.1"})`:                                                "field 'lladdr' is required",
		`rtnl.neigh_add(s, {dev = "lo", dst = "nope", lladdr = "02:00:00:00:00:01"})`:                      `"nope" is not an IP address`,
		`rtnl.neigh_add(s, {dev = "lo", dst = "10.0.0.1", lladdr = "zz"})`:                                 "field 'lladdr'",
		`rtnl.neigh_add(s, {dev = "lo", dst = "10.0.0.1", lladdr = "02:00:00:00:00:01", state = "happy"})`: `"happy" is not a neighbour state`,
		`rtnl.neigh_del(s, {dev = "lo", dst = "10.0.0.1", lladdr = "02:00:00:00:00:01"})`:                  "unknown field lladdr",
		`rtnl.rule_add(s, {priority = 5})`:                                                                 "give a table, a goto or an action",
		`rtnl.rule_add(s, {table = 5, action = "jump"})`:                                                   `rule action "jump"`,
		`rtnl.rule_add(s, {table = "nosuch"})`:                                                             `"nosuch" is not a table`,
		`rtnl.rule_add(s, {table = 5, src = "10.0.0.0/40"})`:                                               `"10.0.0.0/40" is not an address or prefix`,
		`rtnl.rule_add(s, {table = 5, src = "10.0.0.0/8", family = "inet6"})`:                              "is not of family inet6",
		`rtnl.rule_add(s, {table = 5, color = "red"})`:                                                     "unknown field color",
	} {
		luabindtest.WantError(t, L, code, want)
	}
}
