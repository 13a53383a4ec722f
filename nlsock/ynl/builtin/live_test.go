package builtin

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// liveSetup builds, in a fresh namespace, what the rtnetlink descriptions
// must decode: veths, a bridge with two ports, an ifb, IPv4 and IPv6
// addresses, routes (one multipath, one in table 100), neighbours and
// rules.
var liveSetup = [][]string{
	{"ip", "link", "add", "br0", "type", "bridge", "forward_delay", "400", "stp_state", "0"},
	{"ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1"},
	{"ip", "link", "add", "p0", "mtu", "1400", "type", "veth", "peer", "name", "p1"},
	{"ip", "link", "set", "v0", "master", "br0"},
	{"ip", "link", "set", "p0", "master", "br0"},
	{"ip", "link", "set", "p0", "type", "bridge_slave", "cost", "7", "priority", "9"},
	{"ip", "link", "add", "ifb0", "type", "ifb"},
	// no IPv6 link-local addresses (and their routes) appearing while
	// the dumps run
	{"ip", "link", "set", "br0", "addrgenmode", "none"},
	{"ip", "link", "set", "v0", "addrgenmode", "none"},
	{"ip", "link", "set", "v1", "addrgenmode", "none"},
	{"ip", "link", "set", "p0", "addrgenmode", "none"},
	{"ip", "link", "set", "ifb0", "addrgenmode", "none"},
	{"ip", "link", "set", "lo", "up"},
	{"ip", "link", "set", "br0", "up"},
	{"ip", "link", "set", "v0", "up"},
	{"ip", "link", "set", "v1", "up"},
	{"ip", "link", "set", "p0", "up"},
	{"ip", "link", "set", "ifb0", "up"},
	{"ip", "addr", "add", "192.0.2.1/24", "dev", "br0"},
	{"ip", "addr", "add", "2001:db8::1/64", "dev", "br0", "nodad"},
	{"ip", "addr", "add", "198.51.100.1/24", "dev", "v1"},
	{"ip", "route", "add", "203.0.113.0/24", "via", "192.0.2.2", "dev", "br0", "metric", "5"},
	{"ip", "route", "add", "10.9.0.0/16", "nexthop", "via", "192.0.2.2", "dev", "br0", "weight", "1",
		"nexthop", "via", "198.51.100.2", "dev", "v1", "weight", "3"},
	{"ip", "route", "add", "10.10.0.0/16", "via", "198.51.100.2", "table", "100", "mtu", "1300"},
	{"ip", "-6", "route", "add", "2001:db8:1::/64", "via", "2001:db8::2", "dev", "br0"},
	{"ip", "neigh", "add", "192.0.2.2", "lladdr", "02:00:00:00:00:02", "dev", "br0", "nud", "permanent"},
	{"ip", "neigh", "add", "2001:db8::2", "lladdr", "02:00:00:00:00:03", "dev", "br0", "nud", "reachable"},
	{"ip", "rule", "add", "from", "192.0.2.0/24", "table", "100", "priority", "1000"},
	{"ip", "rule", "add", "to", "10.1.0.0/16", "table", "200", "priority", "1001"},
	{"ip", "-6", "rule", "add", "from", "2001:db8::/64", "table", "100", "priority", "1002"},
}

// liveNamespace is a namespace with liveSetup done.
func liveNamespace(t *testing.T) *nlsock.Namespace {
	ns := nlsocktest.NewNamespace(t)
	for _, argv := range liveSetup {
		run(t, ns, argv...)
	}
	settle(t, ns)
	return ns
}

// settle waits until the neighbour table stops changing: the multicast
// reports (MLD, IGMP) sent as the links come up add NOARP entries for a
// second or two, and a dump compared with another must not race them.
func settle(t *testing.T, ns *nlsock.Namespace) {
	t.Helper()
	last, same := "", 0
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		cur := string(run(t, ns, "ip", "neigh", "show", "nud", "all"))
		if cur == last {
			if same++; same == 4 {
				return
			}
		} else {
			last, same = cur, 0
		}
	}
	t.Fatalf("the neighbour table kept changing for 10s:\n%s", last)
}

func run(t *testing.T, ns *nlsock.Namespace, argv ...string) []byte {
	t.Helper()
	cmd := exec.Command(nlsocktest.LookPath(t, argv[0], "iproute2"), argv[1:]...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := ns.NetNS().Run(cmd); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, errb.String())
	}
	return []byte(out.String())
}

// spdxCopy writes description name where the kernel's CLI can read it:
// the CLI requires an SPDX tag on the first line of a spec.
func spdxCopy(t *testing.T, name string) string {
	text, err := descriptions.ReadFile("descriptions/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name+".yaml")
	text = append([]byte("# SPDX-License-Identifier: BSD-3-Clause\n"), text...)
	if err := os.WriteFile(p, text, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// liveDump is one dump of a family through one of our descriptions.
type liveDump struct {
	spec *ynl.Spec
	view []any         // the CLI-shaped view as JSON values, one per message
	msgs []ynl.Message // the same replies, decoded
}

func dumpOurs(t *testing.T, ns *nlsock.Namespace, family, op string) liveDump {
	t.Helper()
	spec := MustSpec(family)
	ctx, c, val := dumpViewJSON(t, ns.NetNS(), spec, op, nil)
	msgs, err := c.Dump(ctx, op, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", family, op, err)
	}
	view, _ := val.([]any)
	return liveDump{spec: spec, view: view, msgs: msgs}
}

// dumpViewJSON binds spec to a socket in ns and dumps op with attrs as the
// CLI-shaped view, returned as one JSON value (through our JSON text, as
// the kernel CLI's is read), with the client and its context for more
// calls.
func dumpViewJSON(t *testing.T, ns nlsock.NetNS, spec *ynl.Spec, op string, attrs ynl.Attrs) (context.Context, *ynl.Client, any) {
	t.Helper()
	s := nlsocktest.Open(t, spec.NetlinkProtocol(), ns)
	ctx := nlsocktest.Context(t, 10*time.Second)
	c, err := ynl.NewClient(ctx, s, spec)
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.CallView(ctx, op, true, attrs, 0, ynl.ViewOptions{})
	if err != nil {
		t.Fatalf("%s %s through our description: %v", spec.Name, op, err)
	}
	b, err := ynl.AppendJSON(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := ynltest.ParseJSONLines(string(b))
	if err != nil || len(vals) != 1 {
		t.Fatalf("our JSON %s: %v", b, err)
	}
	return ctx, c, vals[0]
}

// dumpCLI dumps op with the kernel's CLI reading the spec at path.
// Attributes the spec lacks (the kernel's 6.12 rt-link has none of
// 6.18's 66..69) are shown as UnknownAttr(N) rather than failing the run.
func dumpCLI(t *testing.T, cli *ynltest.CLI, ns *nlsock.Namespace, path, op string) []any {
	t.Helper()
	schema := filepath.Join(cli.Dir, "Documentation", "netlink", "netlink-raw.yaml")
	r := cli.Run(t, ns.NetNS(), 30*time.Second, "--spec", path, "--schema", schema, "--dump", op, "--process-unknown", "--output-json")
	vals := r.JSON(t)
	if len(vals) != 1 {
		t.Fatalf("kernel CLI printed %d values, want 1:\n%s", len(vals), r.Stdout)
	}
	l, _ := vals[0].([]any)
	return l
}

// TestLiveDumpsAgree dumps links, addresses, routes, neighbours and rules
// in the live namespace through nlsh's descriptions and checks them three
// ways: the kernel's own CLI reading the same description prints the same
// (sub-messages included); the kernel CLI with the kernel's 6.12 spec,
// where there is one, and `ip -j` agree on the main fields; and nothing
// the kernel sent is missing from the description.
func TestLiveDumpsAgree(t *testing.T) {
	cli := ynltest.NewCLI(t)
	ns := liveNamespace(t)
	type check struct {
		family, op string
		main       func(*testing.T, []any) []string // main fields of a view
		ip         func(*testing.T, *nlsock.Namespace) []string
	}
	links := dumpOurs(t, ns, "rt-link", "getlink")
	names := ifnames(links.view)
	checks := []check{
		{"rt-link", "getlink", func(t *testing.T, v []any) []string { return linkFields(v, ifnames(v)) }, ipLinks},
		{"rt-addr", "getaddr", func(t *testing.T, v []any) []string { return addrFields(v, names) }, ipAddrs},
		{"rt-route", "getroute", func(t *testing.T, v []any) []string { return routeFields(v, names) }, ipRoutes},
		{"rt-neigh", "getneigh", func(t *testing.T, v []any) []string { return neighFields(v, names) }, ipNeighs},
		{"rt-rule", "getrule", func(t *testing.T, v []any) []string { return ruleFields(v) }, ipRules},
	}
	for _, c := range checks {
		t.Run(c.family, func(t *testing.T) {
			ours := dumpOurs(t, ns, c.family, c.op)
			if len(ours.view) == 0 {
				t.Fatalf("%s %s: nothing dumped", c.family, c.op)
			}
			noUnknown(t, c.family, ours.view)
			// 1. the kernel's CLI reading our description
			want := dumpCLI(t, cli, ns, spdxCopy(t, c.family), c.op)
			if diff := ynltest.Diff(steady(want), steady(ours.view)); diff != "" {
				t.Errorf("%s %s (-kernel CLI with our description +nlsh):\n%s", c.family, c.op, diff)
			}
			got := c.main(t, ours.view)
			// 2. the kernel's CLI with the kernel's own spec
			if p, ok := kernelSpecPath(t, c.family); ok {
				if diff := cmp.Diff(c.main(t, dumpCLI(t, cli, ns, p, c.op)), got); diff != "" {
					t.Errorf("%s main fields (-kernel CLI with the kernel's spec +nlsh):\n%s", c.family, diff)
				}
			}
			// 3. ip -j
			if diff := cmp.Diff(c.ip(t, ns), got); diff != "" {
				t.Errorf("%s main fields (-ip -j +nlsh):\n%s", c.family, diff)
			}
			t.Logf("%s: %d objects agree, e.g. %s", c.family, len(got), got[len(got)-1])
		})
	}
	t.Run("multipath", func(t *testing.T) { checkMultipath(t, ns, names) })
	t.Run("sub-messages", func(t *testing.T) { checkSubMessages(t, ns, links.view) })
}

// moving are the counters and timers that change between two dumps a
// moment apart (packets flow on the new links: IPv6 DAD, MLD, the bridge's
// timers): compared as present, not by value.
var moving = map[string]bool{
	"stats": true, "stats64": true, "icmp6-stats": true, "cacheinfo": true,
	"ifa-cacheinfo": true, "rta-cacheinfo": true, "carrier-changes": true,
	"carrier-up-count": true, "carrier-down-count": true, "fdb-n-learned": true,
	"gc-timer": true, "hello-timer": true, "tcn-timer": true, "topology-change-timer": true,
	"message-age-timer": true, "forward-delay-timer": true, "hold-timer": true,
	"mcast-eht-hosts-cnt": true, "mcast-n-groups": true,
}

// steady is v with the moving values replaced by a mark.
func steady(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if moving[k] {
				out[k] = "(moving)"
			} else {
				out[k] = steady(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = steady(val)
		}
		return out
	}
	return v
}

// loadKernelSpec loads the kernel tree's spec of family, which must exist.
func loadKernelSpec(t *testing.T, family string) *ynl.Spec {
	t.Helper()
	spec, err := ynl.Load(ynltest.SpecPath(t, family))
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// kernelSpecPath is the kernel tree's spec of family, if it has one.
func kernelSpecPath(t *testing.T, family string) (string, bool) {
	p := filepath.Join(nlsocktest.KernelSpecs(t), strings.ReplaceAll(family, "-", "_")+".yaml")
	_, err := os.Stat(p)
	return p, err == nil
}

// noUnknown fails on attributes the description lacks (the view names
// them UnknownAttr(N)): the 6.18 kernel sends nothing nlsh cannot name.
func noUnknown(t *testing.T, family string, v any) {
	t.Helper()
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if strings.HasPrefix(k, "UnknownAttr(") {
					t.Errorf("%s: %s.%s is not in the description", family, path, k)
				}
				walk(path+"."+k, val)
			}
		case []any:
			for _, val := range x {
				walk(path, val)
			}
		}
	}
	walk(family, v)
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return fmt.Sprint(v)
}

func ifnames(view []any) map[string]string {
	m := map[string]string{}
	for _, l := range view {
		o := obj(l)
		m[str(o["ifi-index"])] = str(o["ifname"])
	}
	return m
}

func sorted(s []string) []string { sort.Strings(s); return s }

// The main fields, one line per object, from a view (ours or the CLI's).

// mainLines is one line per object of view, sorted; line gives "" for an
// object the comparison leaves out.
func mainLines(view []any, line func(o map[string]any) string) []string {
	var out []string
	for _, v := range view {
		if l := line(obj(v)); l != "" {
			out = append(out, l)
		}
	}
	return sorted(out)
}

func linkFields(view []any, names map[string]string) []string {
	return mainLines(view, func(o map[string]any) string {
		kind := str(obj(o["linkinfo"])["kind"])
		return fmt.Sprintf("%s %s mtu %s addr %s kind %s master %s", str(o["ifi-index"]), str(o["ifname"]),
			str(o["mtu"]), str(o["address"]), kind, names[str(o["master"])])
	})
}

func addrFields(view []any, names map[string]string) []string {
	return mainLines(view, func(o map[string]any) string {
		addr := str(o["ifa-local"])
		if addr == "" {
			addr = str(o["ifa-address"])
		}
		return fmt.Sprintf("%s %s/%s", names[str(o["ifa-index"])], addr, str(o["ifa-prefixlen"]))
	})
}

func routeFields(view []any, names map[string]string) []string {
	return mainLines(view, func(o map[string]any) string {
		table := str(o["rta-table"])
		if table == "255" || str(o["rtm-type"]) != "unicast" && str(o["rtm-type"]) != "1" {
			return "" // local and multicast routes: ip shows them differently; unicast is the point
		}
		dst := "default"
		if d := str(o["rta-dst"]); d != "" {
			dst = d + "/" + str(o["rtm-dst-len"])
		}
		return fmt.Sprintf("%s via %s dev %s table %s", dst, str(o["rta-gateway"]), names[str(o["rta-oif"])], table)
	})
}

func neighFields(view []any, names map[string]string) []string {
	return mainLines(view, func(o map[string]any) string {
		return fmt.Sprintf("%s dev %s lladdr %s state %s", str(o["dst"]), names[str(o["ndm-ifindex"])],
			str(o["lladdr"]), strings.Join(strList(o["ndm-state"]), ","))
	})
}

func ruleFields(view []any) []string {
	return mainLines(view, func(o map[string]any) string {
		src, dst := "all", "all"
		if s := str(o["src"]); s != "" {
			src = s + "/" + str(o["src-len"])
		}
		if d := str(o["dst"]); d != "" {
			dst = d + "/" + str(o["dst-len"])
		}
		prio := str(o["priority"])
		if prio == "" {
			prio = "0" // the kernel leaves out a priority of 0
		}
		return fmt.Sprintf("%s from %s to %s table %s", prio, src, dst, str(o["table"]))
	})
}

// strList is a flags value as names: a list, or one name.
func strList(v any) []string {
	var out []string
	switch x := v.(type) {
	case []any:
		for _, s := range x {
			out = append(out, strings.ToUpper(str(s)))
		}
	case nil:
	default:
		out = append(out, strings.ToUpper(str(x)))
	}
	sort.Strings(out)
	return out
}

// The same fields from ip -j.

func ipJSON(t *testing.T, ns *nlsock.Namespace, argv ...string) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(run(t, ns, argv...), &out); err != nil {
		t.Fatalf("%s: %v", strings.Join(argv, " "), err)
	}
	return out
}

func ipLinks(t *testing.T, ns *nlsock.Namespace) []string {
	var out []string
	for _, l := range ipJSON(t, ns, "ip", "-j", "-d", "link", "show") {
		kind := str(obj(l["linkinfo"])["info_kind"])
		mtu := fmt.Sprint(l["mtu"])
		out = append(out, fmt.Sprintf("%v %s mtu %s addr %s kind %s master %s", l["ifindex"], str(l["ifname"]), mtu, str(l["address"]), kind, str(l["master"])))
	}
	return sorted(out)
}

func ipAddrs(t *testing.T, ns *nlsock.Namespace) []string {
	var out []string
	for _, l := range ipJSON(t, ns, "ip", "-j", "addr", "show") {
		for _, a := range l["addr_info"].([]any) {
			o := obj(a)
			out = append(out, fmt.Sprintf("%s %s/%v", str(l["ifname"]), str(o["local"]), o["prefixlen"]))
		}
	}
	return sorted(out)
}

func ipRoutes(t *testing.T, ns *nlsock.Namespace) []string {
	tables := map[string]string{"main": "254", "local": "255", "default": "253"}
	var out []string
	for _, fam := range []string{"-4", "-6"} {
		for _, r := range ipJSON(t, ns, "ip", "-j", fam, "route", "show", "table", "all") {
			table := str(r["table"])
			if table == "" {
				table = "main"
			}
			if n, ok := tables[table]; ok {
				table = n
			}
			typ := str(r["type"])
			if table == "255" || typ != "" && typ != "unicast" {
				continue
			}
			dst := str(r["dst"])
			if dst != "default" && !strings.Contains(dst, "/") {
				if fam == "-4" {
					dst += "/32"
				} else {
					dst += "/128"
				}
			}
			out = append(out, fmt.Sprintf("%s via %s dev %s table %s", dst, str(r["gateway"]), str(r["dev"]), table))
		}
	}
	return sorted(out)
}

func ipNeighs(t *testing.T, ns *nlsock.Namespace) []string {
	var out []string
	for _, n := range ipJSON(t, ns, "ip", "-j", "neigh", "show", "nud", "all") {
		var st []string
		for _, s := range n["state"].([]any) {
			st = append(st, str(s))
		}
		sort.Strings(st)
		out = append(out, fmt.Sprintf("%s dev %s lladdr %s state %s", str(n["dst"]), str(n["dev"]), str(n["lladdr"]), strings.Join(st, ",")))
	}
	return sorted(out)
}

func ipRules(t *testing.T, ns *nlsock.Namespace) []string {
	tables := map[string]string{"main": "254", "local": "255", "default": "253"}
	var out []string
	for _, fam := range []string{"-4", "-6"} {
		for _, r := range ipJSON(t, ns, "ip", "-j", fam, "rule", "show") {
			src, dst := str(r["src"]), str(r["dst"])
			if src != "all" {
				src += "/" + fmt.Sprint(r["srclen"])
			}
			if dst == "" {
				dst = "all"
			} else {
				dst += "/" + fmt.Sprint(r["dstlen"])
			}
			table := str(r["table"])
			if n, ok := tables[table]; ok {
				table = n
			}
			out = append(out, fmt.Sprintf("%v from %s to %s table %s", r["priority"], src, dst, table))
		}
	}
	return sorted(out)
}

// checkMultipath reads rta-multipath of the 10.9.0.0/16 route through the
// description (the rtnexthop struct, then route-attrs for what follows
// each) and compares the next hops with ip -j's.
func checkMultipath(t *testing.T, ns *nlsock.Namespace, names map[string]string) {
	routes := dumpOurs(t, ns, "rt-route", "getroute")
	spec := routes.spec
	hdr := spec.Structs["rtnexthop"]
	var got []string
	for _, m := range routes.msgs {
		dst, _ := m.Attrs["rta-dst"].([]byte)
		if a, ok := netip.AddrFromSlice(dst); !ok || a.String() != "10.9.0.0" {
			continue
		}
		mp, _ := m.Attrs["rta-multipath"].([]byte)
		for len(mp) >= hdr.Size {
			n := int(binary.NativeEndian.Uint16(mp))
			if n < hdr.Size || n > len(mp) {
				t.Fatalf("rtnexthop length %d in %d bytes", n, len(mp))
			}
			weight := int(mp[3]) + 1
			ifindex := int32(binary.NativeEndian.Uint32(mp[4:]))
			attrs, err := spec.Decode("route-attrs", mp[hdr.Size:n])
			if err != nil {
				t.Fatal(err)
			}
			gw, _ := netip.AddrFromSlice(attrs["rta-gateway"].([]byte))
			got = append(got, fmt.Sprintf("via %s dev %s weight %d", gw, names[fmt.Sprint(ifindex)], weight))
			mp = mp[(n+3)&^3:]
		}
	}
	var want []string
	for _, r := range ipJSON(t, ns, "ip", "-j", "route", "show", "10.9.0.0/16") {
		for _, h := range r["nexthops"].([]any) {
			o := obj(h)
			want = append(want, fmt.Sprintf("via %s dev %s weight %v", str(o["gateway"]), str(o["dev"]), o["weight"]))
		}
	}
	if len(want) != 2 {
		t.Fatalf("ip -j shows %d next hops for 10.9.0.0/16, want 2", len(want))
	}
	if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
		t.Errorf("multipath next hops (-ip -j +nlsh):\n%s", diff)
	}
}

// checkSubMessages compares the bridge's linkinfo data and its ports'
// slave-data (decoded through the sub-messages, by kind and slave-kind)
// with ip -d -j.
func checkSubMessages(t *testing.T, ns *nlsock.Namespace, view []any) {
	byName := map[string]map[string]any{}
	for _, l := range view {
		byName[str(obj(l)["ifname"])] = obj(obj(l)["linkinfo"])
	}
	ip := map[string]map[string]any{}
	for _, l := range ipJSON(t, ns, "ip", "-j", "-d", "link", "show") {
		ip[str(l["ifname"])] = obj(l["linkinfo"])
	}
	br, ipbr := obj(byName["br0"]["data"]), obj(ip["br0"]["info_data"])
	for ours, theirs := range map[string]string{"forward-delay": "forward_delay", "hello-time": "hello_time", "max-age": "max_age", "stp-state": "stp_state", "priority": "priority", "vlan-filtering": "vlan_filtering"} {
		if str(br[ours]) != fmt.Sprint(ipbr[theirs]) {
			t.Errorf("br0 data %s = %q, ip -d says %s %v", ours, str(br[ours]), theirs, ipbr[theirs])
		}
	}
	if str(br["forward-delay"]) != "400" {
		t.Errorf("br0 forward-delay %s, set to 400", str(br["forward-delay"]))
	}
	for _, port := range []string{"v0", "p0"} {
		sd, ipsd := obj(byName[port]["slave-data"]), obj(ip[port]["info_slave_data"])
		if str(byName[port]["slave-kind"]) != "bridge" || len(sd) == 0 {
			t.Fatalf("%s linkinfo %v: no bridge slave-data", port, byName[port])
		}
		for _, f := range []string{"state", "priority", "cost"} {
			if str(sd[f]) != fmt.Sprint(ipsd[f]) {
				t.Errorf("%s slave-data %s = %q, ip -d says %v", port, f, str(sd[f]), ipsd[f])
			}
		}
	}
	if p0 := obj(byName["p0"]["slave-data"]); str(p0["cost"]) != "7" || str(p0["priority"]) != "9" {
		t.Errorf("p0 port cost %s priority %s, set to 7 and 9", str(p0["cost"]), str(p0["priority"]))
	}
	if byName["ifb0"]["kind"] != "ifb" || byName["v1"]["kind"] != "veth" {
		t.Errorf("kinds: ifb0 %v, v1 %v", byName["ifb0"]["kind"], byName["v1"]["kind"])
	}
}
