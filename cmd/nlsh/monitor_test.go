package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// nsPath returns a path to a fresh namespace: that of a sleep process
// started in it (killed at cleanup).
func nsPath(t *testing.T) (string, nlsock.NetNS) {
	t.Helper()
	ns := nlsocktest.NewNamespace(t).NetNS()
	cmd := exec.Command("sleep", "600")
	if err := ns.Start(cmd); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return fmt.Sprintf("/proc/%d/ns/net", cmd.Process.Pid), ns
}

// monitorWhile runs nlsh monitor ARGS until it printed want lines, while
// act changes the namespace.
func monitorWhile(t *testing.T, args []string, act func(), ready func(stderr string) bool) (string, string) {
	t.Helper()
	var out, errOut nlsocktest.SyncBuffer
	done := make(chan int, 1)
	go func() { done <- run(append([]string{"monitor"}, args...), nil, &out, &errOut) }()
	deadline := time.Now().Add(10 * time.Second)
	for !ready(errOut.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("monitor did not start: %s", errOut.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	act()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit status %d: %s", code, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("monitor did not finish; output so far:\n%s\n%s", out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

func started(stderr string) bool { return strings.HasPrefix(stderr, "monitoring ") }

func vethPair(t *testing.T, ns nlsock.NetNS, a, b string) {
	t.Helper()
	s, err := nlsock.Open(0, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rtnl.LinkAdd(ctx, s, rtnl.LinkSpec{Name: a, Kind: "veth", Peer: b}); err != nil {
		t.Fatal(err)
	}
	idx, err := rtnl.LinkIndex(ctx, s, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := rtnl.LinkDel(ctx, s, idx); err != nil {
		t.Fatal(err)
	}
}

func TestMonitorText(t *testing.T) {
	path, ns := nsPath(t)
	capture := filepath.Join(t.TempDir(), "mon.pcap")
	out, errOut := monitorWhile(t, []string{"--netns", path, "--count", "4", "--capture", capture, "link"},
		func() { vethPair(t, ns, "cli0", "cli1") }, started)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	for i, want := range []string{" RTM_NEWLINK +link cli", " RTM_NEWLINK +link cli", " RTM_DELLINK -link cli", " RTM_DELLINK -link cli"} {
		if !strings.Contains(lines[i], " "+path+want) {
			t.Errorf("line %d %q lacks %q", i+1, lines[i], path+want)
		}
	}
	if !strings.Contains(errOut, "route rcvbuf ") || !strings.Contains(errOut, "summary: 4 events, 0 overruns in ") {
		t.Errorf("stderr:\n%s", errOut)
	}
	// The capture holds the same four events; explain shows them.
	var exp, expErr bytes.Buffer
	if code := run([]string{"explain", capture}, nil, &exp, &expErr); code != 0 {
		t.Fatalf("explain: exit status %d: %s", code, expErr.String())
	}
	if n := strings.Count(exp.String(), "record "); n != 4 || !strings.Contains(exp.String(), "record 1  received  route  +0.000000s") ||
		strings.Count(exp.String(), "RTM_DELLINK") < 2 {
		t.Errorf("explain (%d records):\n%s", n, exp.String())
	}
}

func TestMonitorJSON(t *testing.T) {
	path, ns := nsPath(t)
	out, _ := monitorWhile(t, []string{"--netns=" + path, "--json", "--count", "2", "link"},
		func() { vethPair(t, ns, "js0", "js1") }, started)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	for _, l := range lines {
		var ev struct {
			Time, NetNS, Proto, Group, Type, Summary string
			Value                                    struct{ Name, Kind string }
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if ev.NetNS != path || ev.Proto != "route" || ev.Group != "link" || ev.Type != "RTM_NEWLINK" ||
			!strings.HasPrefix(ev.Value.Name, "js") || ev.Value.Kind != "veth" || !strings.HasPrefix(ev.Summary, "+link js") {
			t.Errorf("event %+v from %s", ev, l)
		}
	}
}

func TestMonitorUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no objects", []string{"monitor"}, 2, "nothing to monitor"},
		{"force alone", []string{"monitor", "--force", "link"}, 2, "--force goes with --rcvbuf"},
		{"bad size", []string{"monitor", "--rcvbuf", "12Q", "link"}, 2, "bad size"},
		{"both ns", []string{"monitor", "-n", "a", "--netns", "/b", "link"}, 2, "give one"},
		{"unknown object", []string{"monitor", "--duration", "1s", "linky"}, 2, `unknown object "linky"`},
		{"negative duration", []string{"monitor", "--duration", "-1s", "link"}, 2, "--duration must be positive"},
		{"empty ns name", []string{"monitor", "-n", "", "--duration", "1ms", "link"}, 2, "non-empty argument"},
		{"empty ns path", []string{"monitor", "--netns=", "--duration", "1ms", "link"}, 2, "non-empty argument"},
		{"missing ns", []string{"monitor", "-n", "nlsh-no-such-ns", "link"}, 1, "nlsh-no-such-ns"},
		{"help", []string{"monitor", "--help"}, 0, "usage: nlsh monitor"},
		{"explain nothing", []string{"explain"}, 2, "give one or more capture files"},
		{"explain option", []string{"explain", "x.pcap", "--json"}, 2, "unrecognized option '--json'"},
		{"explain missing", []string{"explain", "/nonexistent.pcap"}, 1, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tc.args, nil, &out, &errOut)
			if code != tc.code || !strings.Contains(out.String()+errOut.String(), tc.want) {
				t.Errorf("exit %d (want %d), output %q %q (want %q)", code, tc.code, out.String(), errOut.String(), tc.want)
			}
		})
	}
}

// TestMonitorDurationEndsWell: the end of --duration is a normal end (exit
// 0, a summary), however late the timer runs on a busy machine.
func TestMonitorDurationEndsWell(t *testing.T) {
	path, _ := nsPath(t)
	nlsocktest.Busy(t)
	for i := range 40 {
		d := fmt.Sprintf("%dus", 100+rand.IntN(3000))
		var out, errOut bytes.Buffer
		objects := []string{"link"}
		if i%2 == 1 { // two sockets: reader goroutines instead of a direct read
			objects = append(objects, "nftables")
		}
		if code := run(append([]string{"monitor", "--netns", path, "--duration", d}, objects...), nil, &out, &errOut); code != 0 ||
			!strings.Contains(errOut.String(), "summary: 0 events") {
			t.Fatalf("run %d, --duration %s: exit %d, stderr:\n%s", i, d, code, errOut.String())
		}
	}
}

// TestMonitorAllNetNS: --all-netns from an anonymous namespace hears a
// named namespace (which it gives an nsid): the lines say /run/netns/NAME
// and carry the nsid in JSON; --resync with it is refused.
func TestMonitorAllNetNS(t *testing.T) {
	path, _ := nsPath(t)
	name := fmt.Sprintf("nlshcli-%d", rand.IntN(1<<30))
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		t.Fatalf("ip netns add: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("ip", "netns", "del", name).Run() })
	out, errOut := monitorWhile(t, []string{"--netns", path, "--all-netns", "--json", "--duration", "2s", "link"}, func() {
		if out, err := exec.Command("ip", "-n", name, "link", "add", "aa0", "type", "veth", "peer", "name", "aa1").CombinedOutput(); err != nil {
			t.Errorf("ip link add: %v: %s", err, out)
		}
	}, started)
	if !strings.Contains(errOut, " and every namespace with an nsid there") {
		t.Errorf("stderr: %s", errOut)
	}
	got := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev struct {
			NetNS   string `json:"netns"`
			NSID    *int   `json:"nsid"`
			Summary string `json:"summary"`
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if ev.NetNS != "/run/netns/"+name {
			continue
		}
		if ev.NSID == nil {
			t.Errorf("no nsid: %s", l)
		}
		if f := strings.Fields(ev.Summary); len(f) > 1 {
			got[f[1]] = true
		}
	}
	if !got["aa0"] || !got["aa1"] {
		t.Errorf("links of %s seen: %v; output:\n%s", name, got, out)
	}
	var o, e bytes.Buffer
	if code := run([]string{"monitor", "--all-netns", "--resync", "link"}, nil, &o, &e); code != exitUsage ||
		!strings.Contains(e.String(), "--resync re-dumps one namespace; it cannot follow --all-netns") {
		t.Errorf("--all-netns --resync: exit %d, %s", code, e.String())
	}
}
