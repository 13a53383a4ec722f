package monitor_test

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// TestAddressFlags watches IPv6 addresses on a veth pair go through
// duplicate address detection: 2001:db8::1 is tentative, then not (two
// different lines, no longer two identical ones); ::2 added nodad and
// noprefixroute is neither; ::3, which the peer already holds, fails DAD.
// The last flags of each agree with ip -j addr's.
func TestAddressFlags(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	ipIn(t, ns, "link", "add", "va", "type", "veth", "peer", "name", "vb")
	for _, kv := range []string{"net.ipv6.neigh.va.retrans_time_ms=100", "net.ipv6.conf.va.router_solicitation_delay=0"} {
		if out, err := runIn(ns, exec.Command("sysctl", "-qw", kv)); err != nil {
			t.Fatalf("sysctl %s: %v: %s", kv, err, out)
		}
	}
	ipIn(t, ns, "addr", "add", "2001:db8::3/64", "dev", "vb", "nodad")
	ipIn(t, ns, "link", "set", "vb", "up")
	ipIn(t, ns, "link", "set", "va", "up")
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	va := mustIndex(t, s, "va")
	s.Close()
	m := openMonitor(t, monitor.Options{NetNS: ns}, "address")
	ipIn(t, ns, "addr", "add", "2001:db8::1/64", "dev", "va")
	ipIn(t, ns, "addr", "add", "2001:db8::2/64", "dev", "va", "nodad", "noprefixroute")
	ipIn(t, ns, "addr", "add", "2001:db8::3/64", "dev", "va")

	texts := map[string][]string{} // address -> the summaries of its events, in order
	flags := map[string][]string{} // address -> its last event's JSON flags
	bits := map[string]uint32{}    // address -> its last event's flags as decoded
	done := func() bool {
		_, two := bits["2001:db8::2"]
		return len(texts["2001:db8::1"]) > 1 && bits["2001:db8::1"]&rtnl.IFA_F_TENTATIVE == 0 &&
			two && bits["2001:db8::3"]&rtnl.IFA_F_DADFAILED != 0
	}
	ctx := testCtx(t, 15*time.Second)
	for !done() {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("%v; saw %v", err, texts)
		}
		a, ok := ev.Value.(*rtnl.Address)
		if !ok || int32(a.Index) != va || ev.Type != "RTM_NEWADDR" || !strings.HasPrefix(a.Addr().String(), "2001:db8::") {
			continue
		}
		var j struct {
			Family string
			Value  struct{ Flags []string }
		}
		if err := json.Unmarshal(monitor.AppendJSON(nil, &ev), &j); err != nil || j.Family != "inet6" {
			t.Fatalf("JSON %s: %v", monitor.AppendJSON(nil, &ev), err)
		}
		texts[a.Addr().String()] = append(texts[a.Addr().String()], ev.Text)
		flags[a.Addr().String()] = j.Value.Flags
		bits[a.Addr().String()] = a.Flags
	}
	dad := texts["2001:db8::1"]
	if !strings.HasSuffix(dad[0], " scope global tentative permanent") || dad[len(dad)-1] == dad[0] ||
		!strings.HasSuffix(dad[len(dad)-1], " scope global permanent") {
		t.Errorf("2001:db8::1 through DAD: %q", dad)
	}
	if got := texts["2001:db8::2"][0]; !strings.HasSuffix(got, " scope global nodad permanent noprefixroute") {
		t.Errorf("2001:db8::2: %q", got)
	}

	// ip -j addr names the same flags (it shows permanent as the absence of "dynamic").
	out, err := runIn(ns, exec.Command("ip", "-j", "-6", "addr", "show", "dev", "va"))
	if err != nil {
		t.Fatalf("ip -j addr: %v: %s", err, out)
	}
	var links []struct {
		AddrInfo []map[string]any `json:"addr_info"`
	}
	if err := json.Unmarshal([]byte(out), &links); err != nil || len(links) != 1 {
		t.Fatalf("ip -j addr: %v: %s", err, out)
	}
	known := rtnl.AddrFlagNames(nil, rtnl.AF_INET6, ^uint32(0))
	for _, ai := range links[0].AddrInfo {
		addr, _ := ai["local"].(string)
		ours, seen := flags[addr]
		if !seen {
			continue
		}
		var theirs []string
		for k, v := range ai {
			if v == true && slices.Contains(known, k) {
				theirs = append(theirs, k)
			}
		}
		if ai["dynamic"] != true {
			theirs = append(theirs, "permanent")
		}
		slices.Sort(theirs)
		ours = slices.Sorted(slices.Values(ours))
		if !slices.Equal(ours, theirs) {
			t.Errorf("%s: nlsh's last event has flags %v, ip -j addr %v", addr, ours, theirs)
		}
		delete(flags, addr)
	}
	if len(flags) > 0 {
		t.Errorf("ip -j addr does not list %v", flags)
	}
}
