package monitor_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// TestOverrunResyncNexthopsAndTC forces overruns on a monitor of nexthop
// and tc (4 KiB buffer; a burst that adds nexthops, htb and clsact qdiscs,
// classes and u32 filters on veth links, then removes half of them, one
// ingress priority at once), then checks that the events kept plus the
// resync events account for every object, against what ip -j nexthop and
// tc list after the burst.
func TestOverrunResyncNexthopsAndTC(t *testing.T) {
	nlsocktest.RequireRoot(t)
	nlsocktest.LookPath(t, "tc", "iproute2")
	ns := nlsocktest.NewNamespace(t).NetNS()
	const n = 40
	var links, ipb, tcb, gone strings.Builder
	for i := range n {
		fmt.Fprintf(&links, "link add tsa%d type veth peer name tsb%d\nlink set tsa%d up\nlink set tsb%d up\n", i, i, i, i)
		fmt.Fprintf(&ipb, "nexthop add id %d dev tsa%d\n", 100+i, i)
		fmt.Fprintf(&tcb, "qdisc add dev tsa%d root handle 1: htb\nclass add dev tsa%d parent 1: classid 1:1 htb rate 1mbit\n", i, i)
		fmt.Fprintf(&tcb, "filter add dev tsa%d parent 1: protocol ip prio 1 u32 match ip dst 10.0.%d.1/32 flowid 1:1\n", i, i)
		fmt.Fprintf(&tcb, "qdisc add dev tsa%d clsact\nfilter add dev tsa%d ingress protocol ip prio 1 u32 match ip dst 10.1.%d.1/32 flowid 1:1\n", i, i, i)
	}
	for i := 0; i < n; i += 2 { // filters before their qdiscs, nexthops before their links: those go unannounced
		fmt.Fprintf(&tcb, "filter del dev tsa%d parent 1: protocol ip prio 1 handle 800::800 u32\nfilter del dev tsa%d ingress prio 1\n", i, i)
		fmt.Fprintf(&tcb, "class del dev tsa%d classid 1:1\nqdisc del dev tsa%d root\nqdisc del dev tsa%d clsact\n", i, i, i)
		fmt.Fprintf(&gone, "nexthop del id %d\nlink del tsa%d\n", 100+i, i)
	}
	feed(t, ns, links.String(), "ip", "-batch", "-") // before the monitor: links are not watched here
	m := openMonitor(t, monitor.Options{NetNS: ns, ReadBuffer: 4096, Force: true, Resync: true}, "nexthop", "tc")
	ctx := testCtx(t, 60*time.Second)
	feed(t, ns, ipb.String(), "ip", "-batch", "-")
	feed(t, ns, tcb.String(), "tc", "-batch", "-")
	feed(t, ns, gone.String(), "ip", "-batch", "-")

	names := linkNames(t, ns)
	r := replay(ctx, t, m, signedName(func(text string) string { return tcOrNexthopID(text, names) }))
	r.requireResyncs(t, m, unix.NETLINK_ROUTE)
	want := tcAndNexthopsListed(t, ns, names)
	r.check(t, want)
	if len(want) != 6*n/2 { // per link left: a nexthop, 2 qdiscs, a class, 2 filters
		t.Errorf("ip and tc list %d of the burst's objects, want %d: %v", len(want), 6*n/2, want)
	}
}

// linkNames maps the namespace's ifindexes to names (ip -j link).
func linkNames(t *testing.T, ns nlsock.NetNS) map[string]string {
	var links []struct {
		Ifindex int
		Ifname  string
	}
	jsonIn(t, ns, &links, "ip", "-j", "link", "show")
	names := map[string]string{}
	for _, l := range links {
		names[fmt.Sprint(l.Ifindex)] = l.Ifname
	}
	return names
}

// jsonIn runs a command in ns and decodes its JSON output into v.
func jsonIn(t *testing.T, ns nlsock.NetNS, v any, args ...string) {
	t.Helper()
	out, err := runIn(ns, exec.Command(args[0], args[1:]...))
	if err != nil {
		t.Fatalf("%v: %v: %s", args, err, out)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: %v: %s", args, err, out)
	}
}

// tcOrNexthopID names a nexthop or tc object of the burst as
// tcAndNexthopsListed does: "nexthop 104", "qdisc tsa3 htb 1:", "class
// tsa3 htb 1:1", "filter tsa3 ffff:fff2 u32 800::800"; a filter text of
// handle none (a whole priority removed) gives the prefix of its filters'
// ids, ending in a space. "" for other objects, as the default qdiscs of
// the links and u32's hash tables ("800:"), which the kernel never
// announces.
func tcOrNexthopID(text string, names map[string]string) string {
	f := strings.Fields(text)
	field := func(name string) string {
		for i := 1; i+1 < len(f); i++ {
			if f[i] == name {
				return f[i+1]
			}
		}
		return ""
	}
	if len(f) < 3 {
		return ""
	}
	dev := names[field("ifindex")]
	switch {
	case f[0] == "nexthop":
		return "nexthop " + field("id")
	case !strings.HasPrefix(dev, "ts"):
	case f[0] == "qdisc" && (f[1] == "htb" || f[1] == "clsact"), f[0] == "class":
		return strings.Join([]string{f[0], dev, f[1], f[2]}, " ")
	case f[0] == "filter" && f[2] == "none":
		return strings.Join([]string{f[0], dev, field("parent"), f[1], ""}, " ")
	case f[0] == "filter" && !strings.HasSuffix(f[2], ":"):
		return strings.Join([]string{f[0], dev, field("parent"), f[1], f[2]}, " ")
	}
	return ""
}

// tcAndNexthopsListed names the burst's objects that ip -j nexthop, tc -j
// qdisc, tc class and tc -j filter list after it.
func tcAndNexthopsListed(t *testing.T, ns nlsock.NetNS, names map[string]string) map[string]bool {
	ids := map[string]bool{}
	var nhs []struct{ ID int }
	jsonIn(t, ns, &nhs, "ip", "-j", "nexthop", "show")
	for _, nh := range nhs {
		ids[fmt.Sprintf("nexthop %d", nh.ID)] = true
	}
	var qdiscs []struct{ Kind, Handle, Dev string }
	jsonIn(t, ns, &qdiscs, "tc", "-j", "qdisc", "show")
	for _, q := range qdiscs {
		if strings.HasPrefix(q.Dev, "ts") && (q.Kind == "htb" || q.Kind == "clsact") {
			ids[strings.Join([]string{"qdisc", q.Dev, q.Kind, q.Handle}, " ")] = true
		}
	}
	for _, dev := range names {
		if !strings.HasPrefix(dev, "tsa") {
			continue
		}
		// tc class show has no JSON for htb: "class htb 1:1 root prio 0 rate ..."
		out, err := runIn(ns, exec.Command("tc", "class", "show", "dev", dev))
		if err != nil {
			t.Fatalf("tc class show dev %s: %v: %s", dev, err, out)
		}
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if f := strings.Fields(l); len(f) >= 3 && f[0] == "class" {
				ids[strings.Join([]string{"class", dev, f[1], f[2]}, " ")] = true
			}
		}
		for parent, args := range map[string][]string{"1:": {"parent", "1:"}, "ffff:fff2": {"ingress"}} {
			var filters []struct {
				Kind    string
				Options struct{ Fh string }
			}
			jsonIn(t, ns, &filters, append([]string{"tc", "-j", "filter", "show", "dev", dev}, args...)...)
			for _, f := range filters {
				if f.Options.Fh != "" && !strings.HasSuffix(f.Options.Fh, ":") {
					ids[strings.Join([]string{"filter", dev, parent, f.Kind, f.Options.Fh}, " ")] = true
				}
			}
		}
	}
	return ids
}

// TestResyncAfterQuietChangesFindsNone: when no event was lost, a resync
// finds nothing the events did not say: the events and the dumps name
// every object alike, the ingress qdisc's filters included (added under
// "parent ffff:" or "ingress", ffff:fff2, they are one block, which the
// dump lists under ffff:), and a priority removed whole. The only
// finding allowed is u32's hash table of each priority ("800:"), which
// the kernel makes without an event.
func TestResyncAfterQuietChangesFindsNone(t *testing.T) {
	nlsocktest.RequireRoot(t)
	nlsocktest.LookPath(t, "tc", "iproute2")
	ns := nlsocktest.NewNamespace(t).NetNS()
	feed(t, ns, "link set lo up\nlink add qa type veth peer name qb\nlink set qa up\nlink set qb up\naddr add 10.9.0.1/24 dev qa\n", "ip", "-batch", "-")
	m := openMonitor(t, monitor.Options{NetNS: ns, Resync: true}, "nexthop", "tc")
	ctx := testCtx(t, 30*time.Second)
	feed(t, ns, "nexthop add id 1 dev qa\nnexthop add id 2 via 10.9.0.2 dev qa\nnexthop add id 4 blackhole\nnexthop add id 3 group 1/2\nnexthop del id 2\n", "ip", "-batch", "-")
	feed(t, ns, `qdisc add dev qa root handle 1: htb
class add dev qa parent 1: classid 1:1 htb rate 1mbit
class add dev qa parent 1:1 classid 1:10 htb rate 1mbit
filter add dev qa parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.1/32 flowid 1:10
filter add dev qa parent 1:1 protocol ip prio 2 u32 match ip dst 10.0.0.2/32 flowid 1:10
filter add dev qa parent 1: protocol ip prio 3 u32 match ip dst 10.0.0.3/32 flowid 1:10
filter add dev qa parent 1: protocol ip prio 3 u32 match ip dst 10.0.0.4/32 flowid 1:10
filter del dev qa parent 1: prio 3
qdisc add dev qb ingress
filter add dev qb parent ffff: protocol ip prio 1 u32 match ip dst 10.0.0.5/32 flowid 1:1
filter add dev qb ingress protocol ip prio 2 u32 match ip dst 10.0.0.7/32 flowid 1:1
qdisc add dev qa clsact
filter add dev qa egress protocol ip prio 1 u32 match ip dst 10.0.0.6/32 flowid 1:1
`, "tc", "-batch", "-")
	for { // read until quiet
		wait, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		ev, err := m.Next(wait)
		cancel()
		if err != nil {
			break
		}
		if ev.Overrun {
			t.Fatalf("overrun: %s", ev.Text)
		}
	}
	evs := monitor.ResyncForTest(ctx, m)
	for _, ev := range evs {
		f := strings.Fields(ev.Text)
		switch {
		case ev.Object == "":
			t.Log(ev.Text)
		case len(f) > 2 && f[0] == "+filter" && f[1] == "u32" && strings.HasSuffix(f[2], ":"):
		default:
			t.Errorf("resync after no loss found %s", ev.Text)
		}
	}
	if len(evs) == 0 || evs[len(evs)-1].Object != "" {
		t.Fatalf("no resync note: %v", evs)
	}
}
