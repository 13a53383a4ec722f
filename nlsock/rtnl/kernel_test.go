package rtnl_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// testNS is a namespace built for a test, with a route socket in it.
type testNS struct {
	ns   *nlsock.Namespace
	sock *nlsock.Socket
}

func newTestNS(tb testing.TB) *testNS {
	tb.Helper()
	nlsocktest.LookPath(tb, "ip", "iproute2")
	ns := nlsocktest.NewNamespace(tb)
	s, err := nlsock.Open(0, ns.NetNS())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return &testNS{ns: ns, sock: s}
}

// command runs name inside the namespace, stdin on its standard input
// when not "", and returns its stdout; a failure ends the test with its
// stderr.
func (n *testNS) command(tb testing.TB, stdin, name string, args ...string) []byte {
	tb.Helper()
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	if err := n.ns.NetNS().Run(cmd); err != nil {
		tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes()
}

// commandJSON runs name -j (ip, tc) inside the namespace and decodes its
// output.
func (n *testNS) commandJSON(tb testing.TB, name string, args ...string) []map[string]any {
	tb.Helper()
	var v []map[string]any
	out := n.command(tb, "", name, append([]string{"-j"}, args...)...)
	if err := json.Unmarshal(out, &v); err != nil {
		tb.Fatalf("%s -j %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return v
}

// ip runs ip inside the namespace and returns its stdout.
func (n *testNS) ip(tb testing.TB, stdin string, args ...string) []byte {
	tb.Helper()
	return n.command(tb, stdin, "ip", args...)
}

// ipJSON runs ip -j and decodes its output.
func (n *testNS) ipJSON(tb testing.TB, args ...string) []map[string]any {
	tb.Helper()
	return n.commandJSON(tb, "ip", args...)
}

func (n *testNS) batch(tb testing.TB, lines []string) {
	tb.Helper()
	n.ip(tb, strings.Join(lines, "\n")+"\n", "-batch", "-")
}

func ctx(tb testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tb.Cleanup(cancel)
	return c
}

// populate builds the agreement namespace: pairs veth pairs, the first
// eight A ends in bridge br0, IPv4 and IPv6 addresses on the B ends, routes
// in main, table 100 and table 200, a multipath route, static neighbours.
func populate(tb testing.TB, n *testNS, pairs int) {
	tb.Helper()
	lines := []string{"link set lo up", "link add br0 type bridge", "link set br0 up",
		"addr add 192.168.200.1/24 dev br0", "addr add 2001:db8:ffff::1/64 dev br0 nodad"}
	for i := range pairs {
		a, b := fmt.Sprintf("va%d", i), fmt.Sprintf("vb%d", i)
		lines = append(lines,
			fmt.Sprintf("link add %s type veth peer name %s", a, b),
			fmt.Sprintf("link set %s up", a), fmt.Sprintf("link set %s up", b),
			fmt.Sprintf("addr add 10.%d.%d.1/24 dev %s", i/250, i%250, b),
			fmt.Sprintf("addr add 2001:db8:%x::1/64 dev %s nodad", i, b),
			fmt.Sprintf("neigh add 10.%d.%d.2 lladdr 02:00:00:00:%02x:%02x dev %s nud permanent", i/250, i%250, i/256, i%256, b),
			fmt.Sprintf("neigh add 2001:db8:%x::2 lladdr 02:00:00:01:%02x:%02x dev %s nud permanent", i, i/256, i%256, b),
			fmt.Sprintf("route add 172.16.%d.0/24 via 10.%d.%d.2 dev %s", i, i/250, i%250, b),
			fmt.Sprintf("route add 172.17.%d.0/24 dev %s table 100", i, b),
			fmt.Sprintf("route add 2001:db8:1:%x::/64 via 2001:db8:%x::2 dev %s table 200 metric 7", i, i, b),
		)
		if i < 8 {
			lines = append(lines, fmt.Sprintf("link set %s master br0", a))
		}
		if i%10 == 9 {
			lines = append(lines, fmt.Sprintf("link set %s down", b))
		}
	}
	lines = append(lines,
		"route add 172.18.0.0/24 nexthop via 10.0.1.2 dev vb1 nexthop via 10.0.2.2 dev vb2 weight 3",
		"route add blackhole 172.19.0.0/16 table 100",
		"route add unreachable 2001:db8:dead::/48 table 200",
		"rule add from 10.0.0.0/8 table 100 priority 100",
		"rule add to 172.17.0.0/16 table 200 priority 200",
	)
	n.batch(tb, lines)
}

func execCommand(name string, args ...string) *exec.Cmd { return exec.Command(name, args...) }
