package monitor_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// TestOverrunResyncNetdev forces overruns on a monitor of netdev:mgmt
// decoded by the kernel's netdev.yaml (4 KiB buffer, a burst of veth pairs
// made and half removed), then checks that the events kept plus the
// resync events, which re-dump dev-get, account for every device the
// kernel's own YNL CLI dumps after the burst.
func TestOverrunResyncNetdev(t *testing.T) {
	dir := kernelYNL(t)
	specs := filepath.Join(dir, "Documentation", "netlink", "specs")
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, ReadBuffer: 4096, Force: true, Resync: true, SpecDirs: []string{specs}}, "netdev:mgmt")
	ctx := testCtx(t, 60*time.Second)

	const n = 150
	var ipb strings.Builder
	for i := range n {
		fmt.Fprintf(&ipb, "link add nda%d type veth peer name ndb%d\n", i, i)
	}
	for i := 0; i < n; i += 2 {
		fmt.Fprintf(&ipb, "link del nda%d\n", i)
	}
	feed(t, ns, ipb.String(), "ip", "-batch", "-")

	r := replay(ctx, t, m, func(ev *monitor.Event) (string, bool) {
		id := netdevID(ev.Text)
		if ev.Resync {
			return id, strings.HasPrefix(ev.Text, "-")
		}
		return id, ev.Type == "netdev dev-del-ntf"
	})
	r.requireResyncs(t, m, unix.NETLINK_GENERIC)

	var devs []struct{ Ifindex int }
	jsonIn(t, ns, &devs, "/usr/bin/python3", filepath.Join(dir, "tools", "net", "ynl", "cli.py"),
		"--spec", filepath.Join(specs, "netdev.yaml"), "--dump", "dev-get", "--output-json")
	want := map[string]bool{}
	for _, d := range devs {
		if d.Ifindex != 1 { // lo: there before the monitor
			want[fmt.Sprintf("netdev %d", d.Ifindex)] = true
		}
	}
	r.check(t, want)
	if len(want) != n { // a veth's removal takes its peer along
		t.Errorf("the kernel's YNL CLI dumps %d devices besides lo, want %d", len(want), n)
	}
}

// netdevID names the device of a netdev event ("ifindex 7 xdp-features
// ...") or resync ("+netdev dev ifindex 7 ...") by its ifindex.
func netdevID(text string) string {
	f := strings.Fields(text)
	for i := 0; i+1 < len(f); i++ {
		if f[i] == "ifindex" {
			return "netdev " + f[i+1]
		}
	}
	return ""
}

// TestResyncSaysWhatItCannotRedump: a group whose objects no dump lists
// gets one resync note when the monitor opens, saying why, before any
// event: ethtool's monitor group (its spec names no notification of it),
// nlctrl's notify group, netdev without its spec, the route groups of
// netconf and nsids, conntrack (with nftables or alone); a group re-dumped in part (netdev with an event of
// its own added to its spec) says what is left out. An overrun then
// re-dumps the groups that can be (netdev with its spec), or says that the
// protocol's events cannot be.
func TestResyncSaysWhatItCannotRedump(t *testing.T) {
	specs := filepath.Join(kernelYNL(t), "Documentation", "netlink", "specs")
	t.Setenv("NLSH_SPECS", "")
	// netdev.yaml with one more notification of mgmt, an event of its own
	// (the last operation: the others keep their numbers).
	netdev, err := os.ReadFile(filepath.Join(specs, "netdev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const event = "    -\n      name: dev-probe-ntf\n      attribute-set: dev\n      event:\n        attributes: [ ifindex ]\n      mcgrp: mgmt\n\nkernel-family:"
	more := t.TempDir()
	if err := os.WriteFile(filepath.Join(more, "netdev.yaml"), []byte(strings.Replace(string(netdev), "\nkernel-family:", "\n"+event, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dirs    []string
		groups  []string
		want    []string
		overrun string
		proto   int
	}{
		{[]string{specs}, []string{"ethtool:monitor", "netdev:mgmt"},
			[]string{"resync: ethtool:monitor cannot be re-dumped: the spec of ethtool declares no notification of group monitor"},
			"; re-dumping to resync", unix.NETLINK_GENERIC},
		{nil, []string{"netdev:mgmt", "nlctrl:notify"}, []string{
			"resync: netdev:mgmt cannot be re-dumped: no YNL spec of netdev was found (see --specs)",
			"resync: nlctrl:notify cannot be re-dumped: nlsh decodes nlctrl's events itself and tracks no families for a resync"},
			"; generic events cannot be re-dumped", unix.NETLINK_GENERIC},
		{[]string{more}, []string{"netdev:mgmt"}, []string{
			"resync: netdev:mgmt is re-dumped only in part: dev-probe-ntf carries attributes of its own, which no dump lists"},
			"; re-dumping to resync", unix.NETLINK_GENERIC},
		{nil, []string{"netconf", "nsid"}, []string{
			"resync: the route groups ipv4-netconf, ipv6-netconf, mpls-netconf, nsid cannot be re-dumped: nlsh tracks no objects of theirs"},
			"; route events cannot be re-dumped", unix.NETLINK_ROUTE},
		{nil, []string{"nftables", "conntrack"}, []string{
			"resync: conntrack cannot be re-dumped: nlsh tracks none of its entries"},
			"; re-dumping to resync", unix.NETLINK_NETFILTER},
		{nil, []string{"conntrack"}, []string{
			"resync: conntrack cannot be re-dumped: nlsh tracks none of its entries"},
			"; netfilter events cannot be re-dumped", unix.NETLINK_NETFILTER},
	} {
		ns := nlsocktest.NewNamespace(t).NetNS()
		m := openMonitor(t, monitor.Options{NetNS: ns, Resync: true, SpecDirs: c.dirs}, c.groups...)
		for _, want := range c.want {
			ev, err := m.Next(testCtx(t, time.Second))
			if err != nil || !ev.Resync || ev.Object != "" || ev.Proto != c.proto || ev.Text != want {
				t.Errorf("%v: first events: %+v, %v; want the note %q", c.groups, ev, err, want)
			}
		}
		if m.Buffered() {
			ev, _ := m.Next(testCtx(t, time.Second))
			t.Errorf("%v: another event waits after the notes: %s", c.groups, ev.Text)
		}
		overrunOnce(m)
		if ev, err := m.Next(testCtx(t, 5*time.Second)); err != nil || !ev.Overrun || !strings.HasSuffix(ev.Text, c.overrun) {
			t.Errorf("%v: overrun %q, %v; want it to end in %q", c.groups, ev.Text, err, c.overrun)
		}
	}
}

// TestResyncKeepsNetdevRemovals: a device whose dev-del-ntf the monitor
// read is gone from its state (a notification named with the word del
// removes its object), so the resync after the next overrun does not
// remove it again.
func TestResyncKeepsNetdevRemovals(t *testing.T) {
	specs := filepath.Join(kernelYNL(t), "Documentation", "netlink", "specs")
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, Resync: true, SpecDirs: []string{specs}}, "netdev:mgmt")
	feed(t, ns, "link add nda type veth peer name ndb\nlink del nda\n", "ip", "-batch", "-")
	ctx := testCtx(t, 10*time.Second)
	for dels := 0; dels < 2; { // the veth's removal takes its peer along
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("after %d dev-del-ntf: %v", dels, err)
		}
		if ev.Type == "netdev dev-del-ntf" {
			dels++
		}
	}
	overrunOnce(m)
	resynced := false
	for {
		ev, err := m.Next(testCtx(t, time.Second))
		if err != nil {
			break // the resync is over
		}
		resynced = resynced || ev.Overrun && strings.HasSuffix(ev.Text, "; re-dumping to resync")
		if ev.Resync && strings.HasPrefix(ev.Text, "-") {
			t.Errorf("resync removes a device whose dev-del-ntf the monitor read: %s", ev.Text)
		}
	}
	if !resynced {
		t.Error("no overrun re-dumped netdev")
	}
}

// overrunOnce makes m's next read fail with an overrun, as when the kernel
// dropped events, and every read after it wait for its context: what m
// does next is the resync alone.
func overrunOnce(m *monitor.Monitor) {
	overran := false
	monitor.SetReceiveForTest(m, func(ctx context.Context) (nlsock.Message, error) {
		if !overran {
			overran = true
			return nlsock.Message{}, fmt.Errorf("receive: %w", nlsock.ErrOverrun)
		}
		<-ctx.Done()
		return nlsock.Message{}, ctx.Err()
	})
}
