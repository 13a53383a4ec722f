package rtnl_test

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// tcScenario is the tc setup the issue asks for, built with tc itself: on
// v0 an htb root with a class tree, tbf and pfifo leaves, u32 filters on
// the root and on clsact's ingress and egress hooks; on v1 a bfifo root
// and an ingress qdisc with a u32 filter.
var tcScenario = []string{
	"qdisc add dev v0 root handle 1: htb default 20 r2q 5",
	"class add dev v0 parent 1: classid 1:1 htb rate 10mbit ceil 20mbit",
	"class add dev v0 parent 1:1 classid 1:10 htb rate 5mbit ceil 10mbit prio 2",
	"class add dev v0 parent 1:1 classid 1:20 htb rate 1mbit burst 4k",
	"qdisc add dev v0 parent 1:10 handle 10: tbf rate 2mbit burst 32k latency 50ms",
	"qdisc add dev v0 parent 1:20 handle 20: pfifo limit 77",
	"qdisc add dev v0 clsact",
	"filter add dev v0 parent 1: protocol ip prio 5 u32 match ip dport 22 0xffff flowid 1:10",
	"filter add dev v0 parent 1: protocol ipv6 prio 7 u32 match u32 0 0 flowid 1:20",
	"filter add dev v0 ingress protocol all prio 1 u32 match u32 0 0",
	"filter add dev v0 egress protocol arp prio 3 u32 match u32 0 0 classid 1:1",
	"qdisc add dev v1 root bfifo limit 10000",
	"qdisc add dev v1 ingress",
	"filter add dev v1 parent ffff: protocol ip prio 9 u32 match ip src 10.0.0.0/8",
}

// newTCNS builds the scenario in a fresh namespace.
func newTCNS(t *testing.T) *testNS {
	t.Helper()
	nlsocktest.LookPath(t, "tc", "iproute2")
	n := newTestNS(t)
	// no IPv6: its router solicitations would move the counters between
	// nlsh's dump and tc's
	n.command(t, "", "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
	n.batch(t, []string{"link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
		"addr add 10.9.0.1/24 dev v0", "addr add 10.9.0.2/24 dev v1"})
	n.command(t, strings.Join(tcScenario, "\n")+"\n", "tc", "-batch", "-")
	// traffic through the htb tree, so that the counters are not all
	// zero: to a static neighbour (no ARP), two datagrams to port 22 (the
	// u32 filter sends them to 1:10's tbf), three to port 9 (htb's
	// default, 1:20's pfifo)
	n.batch(t, []string{"neigh add 10.9.0.3 lladdr 02:00:00:00:00:03 dev v0 nud permanent"})
	n.command(t, "", "/usr/bin/python3", "-c", `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port in (22, 22, 9, 9, 9):
    s.sendto(b"x" * 100, ("10.9.0.3", port))`)
	return n
}

func (n *testNS) ifindex(tb testing.TB, name string) int32 {
	tb.Helper()
	for _, l := range n.ipJSON(tb, "link", "show", name) {
		return int32(l["ifindex"].(float64))
	}
	tb.Fatalf("no link %s", name)
	return 0
}

// psched is tc's tick conversion (tc_core_init): ticks per microsecond.
func psched(tb testing.TB) float64 {
	b, err := os.ReadFile("/proc/net/psched")
	if err != nil {
		tb.Fatal(err)
	}
	var t2us, us2t, res uint32
	if _, err := fmt.Sscanf(string(b), "%08x%08x%08x", &t2us, &us2t, &res); err != nil {
		tb.Fatal(err)
	}
	if res == 1e9 {
		t2us = us2t
	}
	return float64(t2us) / float64(us2t) * float64(res) / 1e6
}

// xmitsize is tc_calc_xmitsize: the bytes a rate sends in ticks.
func xmitsize(rate uint64, ticks uint64, tickInUsec float64) uint64 {
	return uint64(float64(rate) * (float64(ticks) / tickInUsec) / 1e6)
}

// sizeString is tc's sprint_size: "1600b", "4Kb", "2Mb".
func sizeString(n uint64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMb", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKb", n>>10)
	}
	return fmt.Sprintf("%db", n)
}

func tcNum(v any) uint64 {
	switch x := v.(type) {
	case uint64:
		return x
	case int64:
		return uint64(x)
	case float64:
		return uint64(x)
	}
	return math.MaxUint64
}

func sub(a ynl.Attrs, path ...string) any {
	var v any = a
	for _, p := range path {
		t, _ := v.(ynl.Attrs)
		v = t[p]
	}
	return v
}

// TestQdiscsAgreeWithTc: rtnl.Qdiscs sees each qdisc tc -j shows, with
// its handle and parent as tc writes them, its kind and its main options
// (htb r2q, default, direct_qlen; tbf rate and burst; pfifo/bfifo limit),
// and the counters of tc -s -j.
func TestQdiscsAgreeWithTc(t *testing.T) {
	n := newTCNS(t)
	got, err := rtnl.Qdiscs(ctx(t), n.sock, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := n.commandJSON(t, "tc", "-s", "qdisc", "show")
	tick := psched(t)
	byKey := map[string]rtnl.TC{}
	for _, q := range got {
		byKey[fmt.Sprint(q.Ifindex, " ", rtnl.QdiscHandleString(q.Handle))] = q
	}
	if len(got) != len(want) {
		t.Errorf("%d qdiscs, tc shows %d", len(got), len(want))
	}
	kinds := map[string]bool{}
	for _, w := range want {
		idx := n.ifindex(t, w["dev"].(string))
		key := fmt.Sprint(idx, " ", w["handle"])
		q, ok := byKey[key]
		if !ok {
			t.Errorf("tc shows qdisc %s on %s (%s), rtnl.Qdiscs does not", w["handle"], w["dev"], w["kind"])
			continue
		}
		kinds[q.Kind] = true
		parent := "root"
		if p, ok := w["parent"]; ok {
			parent = p.(string)
		}
		if q.Kind != w["kind"] || rtnl.HandleString(q.Parent) != parent {
			t.Errorf("%s: kind %s parent %s, tc: %s %s", key, q.Kind, rtnl.HandleString(q.Parent), w["kind"], parent)
		}
		st := q.Stats()
		for _, c := range []string{"bytes", "packets", "drops", "overlimits", "requeues", "backlog", "qlen"} {
			if st[c] != tcNum(w[c]) {
				t.Errorf("%s stats %s = %d, tc -s: %v", key, c, st[c], w[c])
			}
		}
		if want := map[string]uint64{"htb": 5, "tbf": 2, "pfifo": 3}[q.Kind]; want != 0 && st["packets"] != want {
			t.Errorf("%s %s: %d packets, the test sent it %d", key, q.Kind, st["packets"], want)
		}
		opts, wo := q.Options(), w["options"].(map[string]any)
		check := func(what string, got any, want any) {
			t.Helper()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s %s: %s = %v, tc: %v", key, q.Kind, what, got, want)
			}
		}
		switch q.Kind {
		case "htb":
			check("r2q", sub(opts, "init", "rate2quantum"), wo["r2q"])
			check("default", fmt.Sprintf("0x%x", tcNum(sub(opts, "init", "defcls"))), wo["default"])
			check("direct_packets_stat", sub(opts, "init", "direct-pkts"), wo["direct_packets_stat"])
			check("direct_qlen", opts["direct-qlen"], wo["direct_qlen"])
		case "tbf":
			rate := tcNum(sub(opts, "parms", "rate", "rate"))
			check("rate", rate, wo["rate"])
			check("burst", xmitsize(rate, tcNum(sub(opts, "parms", "buffer")), tick), wo["burst"])
		case "pfifo", "bfifo":
			check("limit", opts["limit"], wo["limit"])
		case "clsact", "ingress":
			if len(opts) != 0 {
				t.Errorf("%s: options %v, want none", key, opts)
			}
		}
	}
	for _, k := range []string{"htb", "tbf", "pfifo", "bfifo", "clsact", "ingress"} {
		if !kinds[k] {
			t.Errorf("no %s qdisc compared", k)
		}
	}
}

// classLine is one class of `tc class show` (which prints no JSON for
// htb): kind, handle, parent or root, leaf, prio, rate, ceil, burst, cburst.
var classLine = regexp.MustCompile(`^class (\S+) (\S+) (?:parent (\S+)|(root))(?: leaf (\S+))?(?: prio (\d+))?(?: rate (\S+) ceil (\S+) burst (\S+) cburst (\S+))?`)

// bits reads tc's rate notation ("5Mbit") as bits per second.
func bits(tb testing.TB, s string) uint64 {
	for _, u := range []struct {
		suffix string
		mult   float64
	}{{"Gbit", 1e9}, {"Mbit", 1e6}, {"Kbit", 1e3}, {"bit", 1}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				tb.Fatalf("rate %q", s)
			}
			return uint64(f * u.mult)
		}
	}
	tb.Fatalf("rate %q", s)
	return 0
}

// TestClassesAgreeWithTc: rtnl.Classes gives each class `tc class show`
// prints, with handle, parent, leaf qdisc (tcm_info), and htb's prio,
// rate, ceil, burst and cburst from the decoded parms.
func TestClassesAgreeWithTc(t *testing.T) {
	n := newTCNS(t)
	v0 := n.ifindex(t, "v0")
	got, err := rtnl.Classes(ctx(t), n.sock, v0)
	if err != nil {
		t.Fatal(err)
	}
	tick := psched(t)
	lines := strings.Split(strings.TrimSpace(string(n.command(t, "", "tc", "class", "show", "dev", "v0"))), "\n")
	if len(got) != len(lines) {
		t.Errorf("%d classes, tc shows %d:\n%s", len(got), len(lines), strings.Join(lines, "\n"))
	}
	byHandle := map[string]rtnl.TC{}
	for _, c := range got {
		byHandle[rtnl.HandleString(c.Handle)] = c
	}
	htb := 0
	for _, line := range lines {
		m := classLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("cannot read tc's line %q", line)
		}
		c, ok := byHandle[m[2]]
		if !ok {
			t.Errorf("tc shows class %s, rtnl.Classes does not", m[2])
			continue
		}
		parent := m[3] + m[4]
		if c.Kind != m[1] || rtnl.HandleString(c.Parent) != parent || c.Ifindex != v0 {
			t.Errorf("class %s: %s parent %s ifindex %d, tc: %q", m[2], c.Kind, rtnl.HandleString(c.Parent), c.Ifindex, line)
		}
		if m[5] != "" && rtnl.HandleString(c.Info) != m[5] {
			t.Errorf("class %s: leaf %s, tc: %s", m[2], rtnl.HandleString(c.Info), m[5])
		}
		if c.Kind != "htb" {
			continue
		}
		htb++
		parms, _ := c.Options()["parms"].(ynl.Attrs)
		rate, ceil := tcNum(sub(parms, "rate", "rate")), tcNum(sub(parms, "ceil", "rate"))
		got := fmt.Sprint(tcNum(parms["prio"]), " ", rate*8, " ", ceil*8, " ",
			sizeString(xmitsize(rate, tcNum(parms["buffer"]), tick)), " ", sizeString(xmitsize(ceil, tcNum(parms["cbuffer"]), tick)))
		want := fmt.Sprint(m[6], " ", bits(t, m[7]), " ", bits(t, m[8]), " ", m[9], " ", m[10])
		if m[6] == "" { // the root class has no prio line
			want = "0" + want
		}
		if got != want {
			t.Errorf("class %s: prio rate ceil burst cburst = %s, tc: %s (%q)", m[2], got, want, line)
		}
		x, _ := c.XStats().(ynl.Attrs)
		if _, ok := x["tokens"]; !ok {
			t.Errorf("class %s: no htb xstats tokens in %v", m[2], c.XStats())
		}
	}
	if htb != 3 {
		t.Errorf("%d htb classes compared, want 3", htb)
	}
}

// TestFiltersAgreeWithTc: rtnl.Filters on the root qdisc, on clsact's
// ingress and egress hooks and on an ingress qdisc gives the filters
// tc -j filter show does: kind, protocol, pref, chain, u32's handle (fh),
// flowid (classid), divisor, and the first key's match (value, mask,
// offset).
func TestFiltersAgreeWithTc(t *testing.T) {
	n := newTCNS(t)
	protoNames := map[uint16]string{0x0003: "all", 0x0800: "ip", 0x86dd: "ipv6", 0x0806: "arp"}
	for _, tt := range []struct {
		dev, parent string // parent as tc filter show takes it
	}{
		{"v0", ""}, {"v0", "ingress"}, {"v0", "egress"}, {"v1", "ingress"},
	} {
		idx := n.ifindex(t, tt.dev)
		var parent uint32
		args := []string{"filter", "show", "dev", tt.dev}
		if tt.parent != "" {
			var err error
			if parent, err = rtnl.ParseHandle(tt.parent, true); err != nil {
				t.Fatal(err)
			}
			args = append(args, tt.parent)
		}
		got, err := rtnl.Filters(ctx(t), n.sock, idx, parent)
		if err != nil {
			t.Fatal(err)
		}
		want := n.commandJSON(t, "tc", args...)
		if len(want) == 0 || len(got) != len(want) {
			t.Errorf("%s %s: %d filters, tc shows %d", tt.dev, tt.parent, len(got), len(want))
			continue
		}
		for i, w := range want {
			f := got[i]
			opts := f.Options()
			wo, _ := w["options"].(map[string]any)
			gotS := fmt.Sprint(f.Kind, " ", protoNames[f.Protocol()], " ", f.Pref(), " ", tcNum(f.Attrs["chain"]))
			wantS := fmt.Sprint(w["kind"], " ", w["protocol"], " ", w["pref"], " ", w["chain"])
			if wo != nil {
				gotS += " fh " + rtnl.FilterHandleString(f.Kind, f.Handle)
				wantS += fmt.Sprint(" fh ", wo["fh"])
				if c, ok := opts["classid"]; ok {
					gotS += " flowid " + rtnl.HandleString(uint32(tcNum(c)))
				}
				if fl, ok := wo["flowid"]; ok {
					wantS += fmt.Sprint(" flowid ", fl)
				}
				if d, ok := opts["divisor"]; ok {
					gotS += fmt.Sprint(" divisor ", d)
				}
				if d, ok := wo["ht_divisor"]; ok {
					wantS += fmt.Sprint(" divisor ", d)
				}
				if keys, ok := sub(opts, "sel", "keys").([]any); ok && len(keys) > 0 {
					k := keys[0].(ynl.Attrs)
					gotS += fmt.Sprintf(" match %x/%x at %d", tcNum(k["val"]), tcNum(k["mask"]), tcNum(k["off"]))
				}
				if m, ok := wo["match"].(map[string]any); ok {
					wantS += fmt.Sprintf(" match %s/%s at %v", m["value"], m["mask"], m["off"])
				}
			}
			if tt.parent == "" {
				gotS += " parent " + rtnl.HandleString(f.Parent)
				wantS += fmt.Sprint(" parent ", w["parent"])
			}
			if gotS != wantS {
				t.Errorf("%s %s filter %d: %s\n                  tc: %s", tt.dev, tt.parent, i, gotS, wantS)
			}
		}
	}
}
