package rtnl_test

import (
	"errors"
	"net/netip"
	"strconv"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// TestChanges makes changes with this package and checks them with ip -j.
func TestChanges(t *testing.T) {
	n := newTestNS(t)
	c, s := ctx(t), n.sock
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	must("veth", rtnl.LinkAdd(c, s, rtnl.LinkSpec{Name: "x0", Kind: "veth", Peer: "x1", Options: []rtnl.Option{{Name: "mtu", Value: uint32(9000)}}}))
	must("bridge", rtnl.LinkAdd(c, s, rtnl.LinkSpec{Name: "br9", Kind: "bridge", Up: true}))
	x0, err := rtnl.LinkByName(c, s, "x0")
	must("x0", err)
	x1, err := rtnl.LinkByName(c, s, "x1")
	must("x1", err)
	br, err := rtnl.LinkByName(c, s, "br9")
	must("br9", err)
	if x0.Kind != "veth" || x0.MTU != 9000 || x1.MTU != 1500 || br.Kind != "bridge" {
		t.Fatalf("created x0 %s/%d, x1 %d, br9 %s", x0.Kind, x0.MTU, x1.MTU, br.Kind)
	}
	if err := rtnl.LinkAdd(c, s, rtnl.LinkSpec{Name: "x0", Kind: "veth"}); !errors.Is(err, unix.EEXIST) {
		t.Errorf("adding x0 again: %v, want EEXIST", err)
	}

	up, name := true, "y1"
	must("set x0", rtnl.LinkSet(c, s, x0.Index, rtnl.LinkChange{Up: &up, Options: []rtnl.Option{{Name: "mtu", Value: 1400}}, Master: &br.Index}))
	must("rename x1", rtnl.LinkSet(c, s, x1.Index, rtnl.LinkChange{Name: &name, Up: &up}))
	must("addr4", rtnl.AddrAdd(c, s, x1.Index, netip.MustParsePrefix("10.9.0.1/24")))
	must("addr6", rtnl.AddrAdd(c, s, x1.Index, netip.MustParsePrefix("2001:db8:9::1/64")))
	must("route", rtnl.RouteAdd(c, s, rtnl.RouteSpec{Dst: netip.MustParsePrefix("10.10.0.0/16"),
		Gateway: netip.MustParseAddr("10.9.0.254"), Table: 1234}))
	must("dev route", rtnl.RouteAdd(c, s, rtnl.RouteSpec{Dst: netip.MustParsePrefix("10.11.0.0/16"), OIF: x1.Index}))

	j := n.ipJSON(t, "-d", "link", "show", "x0")[0]
	if num(j["mtu"]) != 1400 || str(j["master"]) != "br9" || !contains(strs(j["flags"]), "UP") {
		t.Errorf("ip shows x0 as %v", j)
	}
	if got := n.ipJSON(t, "link", "show", "y1"); num(got[0]["ifindex"]) != int(x1.Index) {
		t.Errorf("rename: ip shows %v", got)
	}
	addrs := n.ipJSON(t, "addr", "show", "dev", "y1")[0]["addr_info"].([]any)
	var locals []string
	for _, a := range addrs {
		locals = append(locals, str(a.(map[string]any)["local"])+"/"+itoa(num(a.(map[string]any)["prefixlen"])))
	}
	for _, want := range []string{"10.9.0.1/24", "2001:db8:9::1/64"} {
		if !contains(locals, want) {
			t.Errorf("ip addr shows %v, want %s", locals, want)
		}
	}
	if r := n.ipJSON(t, "route", "show", "table", "1234"); len(r) != 1 || str(r[0]["gateway"]) != "10.9.0.254" || str(r[0]["dst"]) != "10.10.0.0/16" {
		t.Errorf("ip route show table 1234: %v", r)
	}
	if r := n.ipJSON(t, "route", "show", "10.11.0.0/16"); len(r) != 1 || str(r[0]["dev"]) != "y1" || str(r[0]["scope"]) != "link" {
		t.Errorf("ip route show 10.11.0.0/16: %v", r)
	}

	// and back
	must("route del", rtnl.RouteDel(c, s, rtnl.RouteSpec{Dst: netip.MustParsePrefix("10.10.0.0/16"), Table: 1234}))
	if err := rtnl.RouteDel(c, s, rtnl.RouteSpec{Dst: netip.MustParsePrefix("10.10.0.0/16"), Table: 1234}); !errors.Is(err, unix.ESRCH) {
		t.Errorf("deleting the route twice: %v, want ESRCH", err)
	}
	must("addr del", rtnl.AddrDel(c, s, x1.Index, netip.MustParsePrefix("10.9.0.1/24")))
	nomaster := int32(0)
	must("nomaster", rtnl.LinkSet(c, s, x0.Index, rtnl.LinkChange{Master: &nomaster}))
	if j := n.ipJSON(t, "link", "show", "x0")[0]; j["master"] != nil {
		t.Errorf("x0 still has master %v", j["master"])
	}
	must("del", rtnl.LinkDel(c, s, x0.Index))
	if _, err := rtnl.LinkByName(c, s, "y1"); !errors.Is(err, unix.ENODEV) {
		t.Errorf("peer y1 after deleting x0: %v, want ENODEV", err)
	}
}

func TestLinkMoveNetNS(t *testing.T) {
	a, b := newTestNS(t), nlsocktest.NewNamespace(t)
	c := ctx(t)
	idx := addVethPeer(t, a, "m0", "m1")
	// Move m1 to b by the pid of a process living there.
	cmd := execCommand("sleep", "10")
	if err := b.NetNS().Start(cmd); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	pid := cmd.Process.Pid
	if err := rtnl.LinkSet(c, a.sock, idx, rtnl.LinkChange{NetNSPID: &pid}); err != nil {
		t.Fatal(err)
	}
	if _, err := rtnl.LinkByName(c, a.sock, "m1"); !errors.Is(err, unix.ENODEV) {
		t.Errorf("m1 still in a: %v", err)
	}
	linkIsIn(t, b, "m1")
}

// addVethPeer adds the veth pair name and peer in n and returns the
// peer's index.
func addVethPeer(t *testing.T, n *testNS, name, peer string) int32 {
	t.Helper()
	if err := rtnl.LinkAdd(ctx(t), n.sock, rtnl.LinkSpec{Name: name, Kind: "veth", Peer: peer}); err != nil {
		t.Fatal(err)
	}
	idx, err := rtnl.LinkIndex(ctx(t), n.sock, peer)
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

// linkIsIn checks with ip -j that ns holds the link name.
func linkIsIn(t *testing.T, ns *nlsock.Namespace, name string) {
	t.Helper()
	bt := &testNS{ns: ns}
	if got := bt.ipJSON(t, "link", "show", name); len(got) != 1 {
		t.Errorf("ip in the other namespace shows %v for %s", got, name)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestLinkSetNetNS(t *testing.T) {
	a, b := newTestNS(t), nlsocktest.NewNamespace(t)
	idx := addVethPeer(t, a, "n0", "n1")
	fds := nlsocktest.CountFDs()
	if err := rtnl.LinkSetNetNS(ctx(t), a.sock, idx, b.NetNS()); err != nil {
		t.Fatal(err)
	}
	if got := nlsocktest.CountFDs(); got != fds {
		t.Errorf("fds %d before, %d after", fds, got)
	}
	linkIsIn(t, b, "n1")
}
