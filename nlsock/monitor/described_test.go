package monitor_test

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// Nexthop, netconf and conntrack events are decoded through nlsh's
// built-in descriptions: the values are the ones ip, sysctl and real
// traffic set, and the text says so.
func TestDescribedEvents(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	for _, c := range []string{"ip link set lo up", "ip link add d0 type veth peer name d1",
		"ip link set d0 up", "ip link set d1 up", "ip addr add 10.7.0.1/24 dev d0",
		"nft add table inet t", "nft add chain inet t c { type filter hook output priority 0 ; }",
		"nft add rule inet t c ct state new counter"} {
		f := strings.Fields(c)
		if out, err := runIn(ns, exec.Command(f[0], f[1:]...)); err != nil {
			t.Fatalf("%s: %v\n%s", c, err, out)
		}
	}
	m := openMonitor(t, monitor.Options{NetNS: ns}, "nexthop", "netconf", "conntrack")
	for _, c := range []string{"ip nexthop add id 1 via 10.7.0.2 dev d0", "ip nexthop add id 2 group 1,3",
		"sysctl -qw net.ipv4.conf.d0.forwarding=1", "ip nexthop del id 2",
		`python3 -c import socket;socket.socket(socket.AF_INET,socket.SOCK_DGRAM).sendto(b"x",("10.7.0.9",53))`,
		"conntrack -F"} {
		f := strings.SplitN(c, " ", 3)
		if f[0] != "python3" {
			f = strings.Fields(c)
		}
		if out, err := runIn(ns, exec.Command(f[0], f[1:]...)); err != nil {
			t.Fatalf("%s: %v\n%s", c, err, out)
		}
	}
	want := []struct {
		typ, text string
		check     func(v ynl.Attrs) bool
	}{
		{"RTM_NEWNEXTHOP", "+nexthop family inet", func(v ynl.Attrs) bool { return v["id"] == uint64(1) && v["gateway"] == "10.7.0.2" }},
		{"RTM_NEWNEXTHOP", "group {id 1 weight 3} id 2", func(v ynl.Attrs) bool { return len(v["group"].([]any)) == 1 && v["type"] == "mpath" }},
		{"RTM_NEWNETCONF", "+netconf family inet forwarding 1", func(v ynl.Attrs) bool { return v["forwarding"] == int64(1) }},
		{"RTM_DELNEXTHOP", "-nexthop", func(v ynl.Attrs) bool { return v["id"] == uint64(2) }},
		{"IPCTNL_MSG_CT_NEW", "+conntrack inet udp 10.7.0.1:", func(v ynl.Attrs) bool {
			return v["orig"].(ynl.Attrs)["dport"] == uint64(53) && v["protocol"] == "udp"
		}},
		{"IPCTNL_MSG_CT_DELETE", "-conntrack inet udp", func(v ynl.Attrs) bool { return v["event"] == "destroy" }},
	}
	ctx := testCtx(t, 5*time.Second)
	var seen []string
	for i := 0; i < len(want); {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("after %d of %d events: %v\nseen:\n%s", i, len(want), err, strings.Join(seen, "\n"))
		}
		seen = append(seen, ev.Type+" "+ev.Text)
		w := want[i]
		if ev.Type != w.typ {
			continue // other events of the groups (netconf of new links, ...)
		}
		v, ok := ev.Value.(ynl.Attrs)
		if ev.Err != nil || !ok || !strings.Contains(ev.Text, w.text) || !w.check(v) {
			t.Fatalf("event %d: %s %q (err %v), want %q and its value checked; value %v", i, ev.Type, ev.Text, ev.Err, w.text, ev.Value)
		}
		i++
	}
}
