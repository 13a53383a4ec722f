package monitor_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// pyroute2Link prints each RTNLGRP_LINK message as pyroute2 decodes it, one
// JSON object a line, after "ready": an independent decoder of the same
// events.
const pyroute2Link = `
import json
from pyroute2 import IPRoute
from pyroute2.netlink.rtnl import RTMGRP_LINK
ipr = IPRoute()
ipr.bind(groups=RTMGRP_LINK)
print("ready", flush=True)
while True:
    for m in ipr.get():
        print(json.dumps({"type": m["event"], "family": m["family"], "index": m["index"],
                          "name": m.get_attr("IFLA_IFNAME"), "mtu": m.get_attr("IFLA_MTU")}), flush=True)
`

// lines collects a command's output lines.
type lines struct {
	mu  sync.Mutex
	all []string
}

func (l *lines) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		l.mu.Lock()
		l.all = append(l.all, sc.Text())
		l.mu.Unlock()
	}
}

func (l *lines) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.all...)
}

// startIn starts a command in ns whose output lines collect; it is killed
// at cleanup.
func startIn(t *testing.T, ns nlsock.NetNS, name string, args ...string) *lines {
	t.Helper()
	cmd := exec.Command(name, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := ns.Start(cmd); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	l := &lines{}
	done := make(chan struct{})
	go func() { l.read(out); close(done) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-done; cmd.Wait() })
	return l
}

func ipIn(t *testing.T, ns nlsock.NetNS, args ...string) {
	t.Helper()
	cmd := exec.Command("ip", args...)
	if out, err := runIn(ns, cmd); err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

func runIn(ns nlsock.NetNS, cmd *exec.Cmd) (string, error) {
	var b strings.Builder
	cmd.Stdout, cmd.Stderr = &b, &b
	err := ns.Run(cmd)
	return b.String(), err
}

// between returns what lies after the line matching start and before the
// one matching end, or false if end has not come yet.
func between(all []string, start, end func(string) bool) ([]string, bool) {
	from := -1
	for i, l := range all {
		switch {
		case from < 0 && start(l):
			from = i + 1
		case from >= 0 && end(l):
			return all[from:i], true
		}
	}
	return nil, false
}

// TestBridgePortFamily enslaves a veth to a bridge and releases it while
// nlsh, ip monitor and pyroute2 watch: the port's AF_BRIDGE messages,
// RTM_DELLINK among them, carry family "bridge" in the text and the JSON,
// every event's family agrees with pyroute2's, and the events are ip
// monitor's, one for one.
func TestBridgePortFamily(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	if out, err := exec.Command("/usr/bin/python3", "-c", "import pyroute2").CombinedOutput(); err != nil {
		if nlsocktest.Required() {
			t.Fatalf("pyroute2 (Debian python3-pyroute2) for /usr/bin/python3: %v: %s", err, out)
		}
		nlsocktest.Skipf(t, "no pyroute2 for /usr/bin/python3: %s", out)
	}
	ipIn(t, ns, "link", "add", "br0", "type", "bridge")
	ipIn(t, ns, "link", "add", "va", "type", "veth", "peer", "name", "vb")
	ipIn(t, ns, "link", "set", "br0", "up")
	ipIn(t, ns, "link", "set", "va", "up")

	m := openMonitor(t, monitor.Options{NetNS: ns}, "link")
	ipmon := startIn(t, ns, "ip", "monitor", "link")
	py := startIn(t, ns, "/usr/bin/python3", "-c", pyroute2Link)
	awaitListeners(t, ns, unix.NETLINK_ROUTE, 1<<(rtnl.RTNLGRP_LINK-1), 3) // nlsh, ip monitor, pyroute2
	// vb's MTU marks the start and the end (vb is down: an alias would send no event)
	ipIn(t, ns, "link", "set", "vb", "mtu", "1400")
	ipIn(t, ns, "link", "set", "va", "master", "br0")
	ipIn(t, ns, "link", "set", "va", "nomaster")
	ipIn(t, ns, "link", "set", "vb", "mtu", "1300")

	var ours []monitor.Event
	ctx := testCtx(t, 10*time.Second)
	for inWindow := false; ; {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("nlsh monitor: %v", err)
		}
		l, _ := ev.Value.(*rtnl.Link)
		if l != nil && l.Name == "vb" && l.MTU == 1300 {
			break
		}
		if inWindow {
			ours = append(ours, ev)
		}
		inWindow = inWindow || l.Name == "vb" && l.MTU == 1400
	}

	var theirs []map[string]any
	var pyLines []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var ok bool
		pyLines, ok = between(py.snapshot(), func(l string) bool { return strings.Contains(l, `"name": "vb", "mtu": 1400`) },
			func(l string) bool { return strings.Contains(l, `"name": "vb", "mtu": 1300`) })
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pyroute2 saw no end marker:\n%s", strings.Join(py.snapshot(), "\n"))
		}
	}
	for _, l := range pyLines {
		var j map[string]any
		if err := json.Unmarshal([]byte(l), &j); err != nil {
			t.Fatalf("pyroute2 line %q: %v", l, err)
		}
		theirs = append(theirs, j)
	}
	if len(ours) != len(theirs) {
		t.Fatalf("nlsh saw %d events, pyroute2 %d:\n%s\n%s", len(ours), len(theirs), texts(ours), strings.Join(pyLines, "\n"))
	}
	bridgeDel := false
	for i, ev := range ours {
		famNum := int(theirs[i]["family"].(float64))
		want := rtnl.FamilyName(uint8(famNum))
		var j struct{ Family, Type, Summary string }
		json.Unmarshal(monitor.AppendJSON(nil, &ev), &j)
		if ev.Family != want || j.Family != want || ev.Type != theirs[i]["type"] || int(ev.Value.(*rtnl.Link).Index) != int(theirs[i]["index"].(float64)) {
			t.Errorf("event %d: nlsh %s family %q (JSON %q), pyroute2 %v", i, ev.Type, ev.Family, j.Family, theirs[i])
		}
		if famNum == int(rtnl.AF_BRIDGE) && !strings.HasPrefix(ev.Text, sign(ev.Type)+"link bridge va ") {
			t.Errorf("event %d: a bridge port's message reads %q", i, ev.Text)
		}
		bridgeDel = bridgeDel || (famNum == int(rtnl.AF_BRIDGE) && ev.Type == "RTM_DELLINK")
	}
	if !bridgeDel {
		t.Errorf("no AF_BRIDGE RTM_DELLINK among:\n%s", texts(ours))
	}

	// ip monitor printed the same events: "Deleted " for each RTM_DELLINK, the index first.
	var ipLines []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var ok bool
		ipLines, ok = between(ipHeads(ipmon.snapshot()), func(l string) bool { return strings.Contains(l, " vb@va: ") && strings.Contains(l, " mtu 1400 ") },
			func(l string) bool { return strings.Contains(l, " vb@va: ") && strings.Contains(l, " mtu 1300 ") })
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ip monitor saw no end marker:\n%s", strings.Join(ipmon.snapshot(), "\n"))
		}
	}
	if len(ipLines) != len(ours) {
		t.Fatalf("ip monitor printed %d events, nlsh %d:\n%s\n%s", len(ipLines), len(ours), strings.Join(ipLines, "\n"), texts(ours))
	}
	for i, l := range ipLines {
		deleted := strings.HasPrefix(l, "Deleted ")
		idx, _ := strconv.Atoi(strings.SplitN(strings.TrimPrefix(l, "Deleted "), ":", 2)[0])
		if deleted != (ours[i].Type == "RTM_DELLINK") || int32(idx) != ours[i].Value.(*rtnl.Link).Index {
			t.Errorf("event %d: ip monitor %q, nlsh %s %s", i, l, ours[i].Type, ours[i].Text)
		}
	}
}

// ipHeads joins ip monitor's continuation lines to their event's line.
func ipHeads(all []string) []string {
	var out []string
	for _, l := range all {
		if strings.HasPrefix(l, " ") && len(out) > 0 {
			out[len(out)-1] += " " + strings.TrimSpace(l)
			continue
		}
		out = append(out, l)
	}
	return out
}

func sign(typ string) string {
	if strings.Contains(typ, "_DEL") {
		return "-"
	}
	return "+"
}

func texts(evs []monitor.Event) string {
	var b strings.Builder
	for _, ev := range evs {
		fmt.Fprintf(&b, "%s %s [%s]\n", ev.Type, ev.Text, ev.Family)
	}
	return b.String()
}
