package rtnl_test

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// The agreement tests compare this package's dumps with what ip -j prints
// for the same namespace.

const agreementPairs = 60

func agreementNS(t *testing.T) *testNS {
	t.Helper()
	n := newTestNS(t)
	// Without DAD, IPv6 addresses are not tentative, so ip and we see the
	// same flags however long apart we look.
	n.sh(t, "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad; echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad")
	populate(t, n, agreementPairs)
	nlsocktest.WaitCarrier(t, n.ns.NetNS()) // flags and operstate settle after link set up returns
	return n
}

func (n *testNS) sh(tb testing.TB, script string) {
	tb.Helper()
	if err := n.ns.NetNS().Run(execCommand("sh", "-c", script)); err != nil {
		tb.Fatalf("sh -c %q: %v", script, err)
	}
}

func TestAgreement(t *testing.T) {
	n := agreementNS(t)
	links := dumped(t, n, rtnl.Links)
	if len(links) < 2*agreementPairs+2 {
		t.Fatalf("%d links, want at least %d", len(links), 2*agreementPairs+2)
	}
	names := map[int32]string{}
	for _, l := range links {
		names[l.Index] = l.Name
	}
	t.Run("links", func(t *testing.T) { agreeLinks(t, n, links, names) })
	t.Run("addrs", func(t *testing.T) { agreeAddrs(t, n) })
	t.Run("routes", func(t *testing.T) { agreeRoutes(t, n, names) })
	t.Run("neighbours", func(t *testing.T) { agreeNeighbours(t, n, names) })
	t.Run("rules", func(t *testing.T) { agreeRules(t, n) })
}

// ipLinkFlags turns our flags into what ip prints: RUNNING hidden, and
// NO-CARRIER first for a link that is up without carrier.
// "M-DOWN" last when the IFLA_LINK device is down.
func ipLinkFlags(flags uint32, lowerDown bool) []string {
	var out []string
	if flags&rtnl.IFF_UP != 0 && flags&rtnl.IFF_RUNNING == 0 {
		out = append(out, "NO-CARRIER")
	}
	for _, f := range rtnl.LinkFlagNames(nil, flags) {
		if f != "RUNNING" {
			out = append(out, f)
		}
	}
	if lowerDown {
		out = append(out, "M-DOWN")
	}
	return out
}

func agreeLinks(t *testing.T, n *testNS, links []rtnl.Link, names map[int32]string) {
	var got, want []string
	flags := map[int32]uint32{}
	for _, l := range links {
		flags[l.Index] = l.Flags
	}
	for _, l := range links {
		lowerDown := l.Link != 0 && flags[l.Link]&rtnl.IFF_UP == 0
		row := fmt.Sprintf("%d %s mtu %d flags %v addr %s qdisc %s txqlen %d oper %s kind %s",
			l.Index, l.Name, l.MTU, ipLinkFlags(l.Flags, lowerDown), l.Address, l.Qdisc, l.TxQLen,
			rtnl.OperStateName(l.OperState), l.Kind)
		if l.Master != 0 {
			row += " master " + names[l.Master]
		}
		if l.Link != 0 {
			row += " link " + names[l.Link]
		}
		got = append(got, row)
	}
	for _, j := range n.ipJSON(t, "-d", "link", "show") {
		kind := ""
		if li, ok := j["linkinfo"].(map[string]any); ok {
			kind = str(li["info_kind"])
		}
		row := fmt.Sprintf("%d %s mtu %d flags %v addr %s qdisc %s txqlen %d oper %s kind %s",
			num(j["ifindex"]), str(j["ifname"]), num(j["mtu"]), strs(j["flags"]), str(j["address"]),
			str(j["qdisc"]), num(j["txqlen"]), str(j["operstate"]), kind)
		if m := str(j["master"]); m != "" {
			row += " master " + m
		}
		if l := str(j["link"]); l != "" {
			row += " link " + l
		}
		want = append(want, row)
	}
	diffSorted(t, "ip -j -d link show", want, got)
}

func agreeAddrs(t *testing.T, n *testNS) {
	addrs := dumped(t, n, rtnl.Addrs)
	var got, want []string
	for _, a := range addrs {
		flags := []string{}
		for _, f := range a.FlagNames() {
			if f != "permanent" {
				flags = append(flags, f)
			}
		}
		if a.Flags&rtnl.IFA_F_PERMANENT == 0 {
			flags = append(flags, "dynamic")
		}
		brd := ""
		if a.Broadcast.IsValid() {
			brd = a.Broadcast.String()
		}
		got = append(got, addrRow(int(a.Index), rtnl.FamilyName(a.Family), a.Addr().String(), int(a.PrefixLen),
			brd, rtnl.ScopeName(a.Scope), a.Label, int64(a.CacheInfo.Valid), int64(a.CacheInfo.Preferred), flags))
	}
	flagKeys := []string{"secondary", "temporary", "tentative", "deprecated", "home", "nodad", "mngtmpaddr",
		"noprefixroute", "autojoin", "dynamic", "dadfailed", "optimistic", "stable-privacy"}
	for _, j := range n.ipJSON(t, "addr", "show") {
		infos, _ := j["addr_info"].([]any)
		for _, ai := range infos {
			a := ai.(map[string]any)
			flags := []string{}
			for _, k := range flagKeys {
				if a[k] == true {
					flags = append(flags, k)
				}
			}
			want = append(want, addrRow(num(j["ifindex"]), str(a["family"]), str(a["local"]), num(a["prefixlen"]),
				str(a["broadcast"]), str(a["scope"]), str(a["label"]), int64(num(a["valid_life_time"])),
				int64(num(a["preferred_life_time"])), flags))
		}
	}
	if len(want) < 2*agreementPairs {
		t.Fatalf("ip shows %d addresses", len(want))
	}
	diffSorted(t, "ip -j addr show", want, got)
}

func addrRow(index int, family, local string, plen int, brd, scope, label string, valid, pref int64, flags []string) string {
	sort.Strings(flags)
	return fmt.Sprintf("%d %s %s/%d brd %q scope %s label %q valid %d pref %d %v",
		index, family, local, plen, brd, scope, label, valid, pref, flags)
}

func agreeRoutes(t *testing.T, n *testNS, names map[int32]string) {
	routes := dumped(t, n, rtnl.Routes)
	for _, fam := range []struct {
		flag   string
		family uint8
	}{{"-4", rtnl.AF_INET}, {"-6", rtnl.AF_INET6}} {
		t.Run(fam.flag, func(t *testing.T) {
			var got, want []string
			for _, r := range routes {
				if r.Family == fam.family {
					got = append(got, ourRouteRow(r, names))
				}
			}
			for _, j := range n.ipJSON(t, fam.flag, "route", "show", "table", "all") {
				want = append(want, ipRouteRow(j))
			}
			if len(want) < agreementPairs {
				t.Fatalf("ip shows %d routes", len(want))
			}
			diffSorted(t, "ip -j "+fam.flag+" route show table all", want, got)
		})
	}
}

func ourRouteRow(r rtnl.Route, names map[int32]string) string {
	dst := "default"
	if r.DstLen > 0 || r.Dst.IsValid() {
		dst = r.Prefix().String()
		if int(r.DstLen) == r.Dst.BitLen() {
			dst = r.Dst.String()
		}
	}
	row := routeRow(rtnl.RouteTypeName(r.Type), dst, addrStr(r.Gateway), names[int32(r.OIF)],
		rtnl.TableName(r.Table), rtnl.ProtocolName(r.Protocol), rtnl.ScopeName(r.Scope),
		addrStr(r.PrefSrc), int(r.Priority), r.FlagNames())
	for _, h := range r.MultiPath {
		row += fmt.Sprintf(" nexthop via %s dev %s weight %d %v", addrStr(h.Gateway), names[h.IfIndex],
			h.Weight(), rtnl.RouteFlagNames([]string{}, uint32(h.Flags)))
	}
	return row
}

func ipRouteRow(j map[string]any) string {
	row := routeRow(def(str(j["type"]), "unicast"), str(j["dst"]), str(j["gateway"]), str(j["dev"]),
		def(str(j["table"]), "main"), def(str(j["protocol"]), "boot"), def(str(j["scope"]), "global"),
		str(j["prefsrc"]), num(j["metric"]), strs(j["flags"]))
	hops, _ := j["nexthops"].([]any)
	for _, h := range hops {
		m := h.(map[string]any)
		row += fmt.Sprintf(" nexthop via %s dev %s weight %d %v", str(m["gateway"]), str(m["dev"]),
			num(m["weight"]), strs(m["flags"]))
	}
	return row
}

func routeRow(typ, dst, gw, dev, table, proto, scope, prefsrc string, metric int, flags []string) string {
	if flags == nil {
		flags = []string{}
	}
	return fmt.Sprintf("%s %s via %q dev %q table %s proto %s scope %s src %q metric %d %v",
		typ, dst, gw, dev, table, proto, scope, prefsrc, metric, flags)
}

func agreeNeighbours(t *testing.T, n *testNS, names map[int32]string) {
	neighs := dumped(t, n, rtnl.Neighbours)
	var got, want []string
	for _, nb := range neighs {
		// ip neigh show lists IP neighbours and hides NOARP entries.
		if nb.Family != rtnl.AF_INET && nb.Family != rtnl.AF_INET6 || nb.State&rtnl.NUD_NOARP != 0 {
			continue
		}
		got = append(got, fmt.Sprintf("%s dev %s lladdr %s %v", nb.Dst, names[nb.IfIndex], nb.LLAddr, nb.StateNames()))
	}
	for _, j := range n.ipJSON(t, "neigh", "show") {
		want = append(want, fmt.Sprintf("%s dev %s lladdr %s %v", str(j["dst"]), str(j["dev"]), str(j["lladdr"]), strs(j["state"])))
	}
	if len(want) < agreementPairs {
		t.Fatalf("ip shows %d neighbours", len(want))
	}
	diffSorted(t, "ip -j neigh show", want, got)
}

func agreeRules(t *testing.T, n *testNS) {
	rules := dumped(t, n, rtnl.Rules)
	for _, fam := range []struct {
		flag   string
		family uint8
	}{{"-4", rtnl.AF_INET}, {"-6", rtnl.AF_INET6}} {
		var got, want []string
		for _, r := range rules {
			if r.Family != fam.family {
				continue
			}
			src, dst := "all", ""
			if r.SrcLen > 0 {
				src = fmt.Sprintf("%s/%d", r.Src, r.SrcLen)
			}
			if r.DstLen > 0 {
				dst = fmt.Sprintf("%s/%d", r.Dst, r.DstLen)
			}
			got = append(got, fmt.Sprintf("%d from %s to %s table %s", r.Priority, src, dst, rtnl.TableName(r.Table)))
		}
		for _, j := range n.ipJSON(t, fam.flag, "rule", "show") {
			src, dst := str(j["src"]), ""
			if l := num(j["srclen"]); l > 0 {
				src = fmt.Sprintf("%s/%d", src, l)
			}
			if d := str(j["dst"]); d != "" {
				dst = fmt.Sprintf("%s/%d", d, num(j["dstlen"]))
			}
			want = append(want, fmt.Sprintf("%d from %s to %s table %s", num(j["priority"]), src, dst, str(j["table"])))
		}
		diffSorted(t, "ip -j "+fam.flag+" rule show", want, got)
	}
}

// dumped is what dump returns on n's socket, or the test's end on its
// error: dumped(t, n, rtnl.Routes).
func dumped[T any](t *testing.T, n *testNS, dump func(context.Context, *nlsock.Socket) ([]T, error)) []T {
	t.Helper()
	v, err := dump(ctx(t), n.sock)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func diffSorted(t *testing.T, what string, want, got []string) {
	t.Helper()
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s disagrees (-ip +rtnl):\n%s", what, diff)
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func strs(v any) []string {
	out := []string{}
	l, _ := v.([]any)
	for _, x := range l {
		out = append(out, str(x))
	}
	return out
}

func def(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func addrStr(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}
