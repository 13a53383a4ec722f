package main

import (
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// ynlEnv is a named throwaway namespace (nlsh ynl -n NAME) and the
// kernel's CLI to compare with.
type ynlEnv struct {
	name string
	ns   nlsock.NetNS
	cli  *ynltest.CLI
}

func newYnlEnv(t *testing.T, setup ...[]string) *ynlEnv {
	t.Helper()
	cli := ynltest.NewCLI(t)
	name, ns := ynltest.NamedNamespace(t)
	for _, argv := range setup {
		if out, err := exec.Command("ip", append([]string{"-n", name}, argv...)...).CombinedOutput(); err != nil {
			t.Fatalf("ip -n %s %s: %v\n%s", name, strings.Join(argv, " "), err, out)
		}
	}
	return &ynlEnv{name: name, ns: ns, cli: cli}
}

// nlshYnl runs nlsh ynl -n NAME --spec FAMILY's spec ARGS.
func (e *ynlEnv) nlshYnl(t *testing.T, family string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	argv := append([]string{"ynl", "-n", e.name, "--spec", ynltest.SpecPath(t, family)}, args...)
	code = run(argv, nil, &out, &errb)
	return out.String(), errb.String(), code
}

// kernel runs the kernel's CLI with the same arguments in the namespace.
func (e *ynlEnv) kernel(t *testing.T, family string, args ...string) ynltest.Result {
	t.Helper()
	return e.cli.Run(t, e.ns, 30*time.Second, append(e.cli.SpecArgs(t, family), append(args, "--process-unknown")...)...)
}

// dropKeys removes volatile keys (tcp_metrics' age) from parsed JSON.
func dropKeys(v any, keys ...string) any {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range keys {
			delete(x, k)
		}
		for _, val := range x {
			dropKeys(val, keys...)
		}
	case []any:
		for _, item := range x {
			dropKeys(item, keys...)
		}
	}
	return v
}

// TestYnlAgreesWithKernelCLI runs nlsh ynl and the kernel's CLI with the
// same request in the same namespace and compares the parsed JSON.
func TestYnlAgreesWithKernelCLI(t *testing.T) {
	veth := []string{"link", "add", "ynl0", "type", "veth", "peer", "name", "ynl1"}
	tests := []struct {
		name, family string
		args         []string
		setup        [][]string
		volatile     []string
		tcp          bool // make a TCP connection on lo first (tcp_metrics)
	}{
		{name: "netdev dev-get dump", family: "netdev", args: []string{"--dump", "dev-get"}, setup: [][]string{veth}},
		{name: "nlctrl getfamily do", family: "nlctrl", args: []string{"--do", "getfamily", "--json", `{"family-name": "netdev"}`}},
		{name: "nlctrl getfamily dump", family: "nlctrl", args: []string{"--dump", "getfamily"}},
		{name: "rt-link getlink dump", family: "rt-link", args: []string{"--dump", "getlink"},
			setup: [][]string{veth, {"link", "add", "br0", "type", "bridge"}}},
		{name: "rt-addr getaddr dump", family: "rt-addr", args: []string{"--dump", "getaddr"}, setup: [][]string{
			{"link", "set", "lo", "up"}, {"addr", "add", "192.0.2.1/24", "dev", "lo"},
			{"addr", "add", "2001:db8::1/64", "dev", "lo", "nodad"}}},
		{name: "ethtool linkinfo-get on a veth", family: "ethtool", setup: [][]string{veth},
			args: []string{"--do", "linkinfo-get", "--json", `{"header": {"dev-name": "ynl0"}}`}},
		{name: "tcp_metrics get dump", family: "tcp_metrics", args: []string{"--dump", "get"},
			setup: [][]string{{"link", "set", "lo", "up"}}, tcp: true, volatile: []string{"age"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newYnlEnv(t, tt.setup...)
			if tt.tcp {
				tcpOnLo(t, e.ns)
			}
			out, errOut, code := e.nlshYnl(t, tt.family, append(tt.args, "--output-json")...)
			if code != 0 {
				t.Fatalf("nlsh ynl: exit %d\n%s", code, errOut)
			}
			got, err := ynltest.ParseJSONLines(out)
			if err != nil || len(got) != 1 {
				t.Fatalf("nlsh ynl printed %q: %v", out, err)
			}
			want := e.kernel(t, tt.family, append(tt.args, "--output-json")...).JSON(t)
			if len(want) != 1 {
				t.Fatalf("kernel CLI printed %d values", len(want))
			}
			if l, ok := want[0].([]any); ok && len(l) == 0 {
				t.Fatalf("kernel CLI's answer is empty; the comparison would prove nothing")
			}
			if diff := ynltest.Diff(dropKeys(want[0], tt.volatile...), dropKeys(got[0], tt.volatile...)); diff != "" {
				t.Errorf("(-kernel CLI +nlsh ynl):\n%s", diff)
			}
		})
	}
}

// tcpOnLo makes and closes a TCP connection on 127.0.0.1 in ns, so the
// kernel keeps a tcp_metrics entry.
func tcpOnLo(t *testing.T, ns nlsock.NetNS) {
	t.Helper()
	const script = `import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
c = socket.create_connection(s.getsockname()); a, _ = s.accept()
c.sendall(b"x" * 1000); a.recv(1000); a.sendall(b"y" * 1000); c.recv(1000)
c.close(); a.close(); s.close()`
	cmd := exec.Command(ynltest.Python, "-c", script)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := ns.Run(cmd); err != nil {
		t.Fatalf("tcp on lo: %v\n%s", err, out.String())
	}
	time.Sleep(200 * time.Millisecond) // the metrics are saved when the sockets are destroyed
}

// TestYnlErrorsNameTheAttribute: a refused request names the attribute
// the kernel's extended ACK points at (or reports missing), the same one
// the kernel's CLI names; a name the spec lacks is refused before sending
// by both.
func TestYnlErrorsNameTheAttribute(t *testing.T) {
	tests := []struct {
		name, family string
		args         []string
		clientSide   string // an attribute name both refuse before sending
	}{
		{name: "missing attribute", family: "netdev", args: []string{"--do", "dev-get"}},
		{name: "attribute out of range", family: "netdev", args: []string{"--do", "dev-get", "--json", `{"ifindex": 0}`}},
		{name: "nested attribute", family: "ethtool", args: []string{"--do", "linkinfo-get", "--json", `{"header": {"dev-name": "nope0"}}`}},
		{name: "nftables no such table", family: "nftables", args: []string{"--do", "gettable", "--json", `{"name": "nosuch"}`}},
		{name: "unknown attribute name", family: "netdev", args: []string{"--do", "dev-get", "--json", `{"nope": 1}`}, clientSide: "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newYnlEnv(t)
			_, errOut, code := e.nlshYnl(t, tt.family, tt.args...)
			r := e.kernel(t, tt.family, tt.args...)
			if code == 0 || r.Exit == 0 {
				t.Fatalf("nlsh ynl exit %d, kernel CLI exit %d; want both to fail\n%s%s", code, r.Exit, errOut, r.Stdout)
			}
			if tt.clientSide != "" {
				if !strings.Contains(r.Stderr, "'"+tt.clientSide+"'") || !strings.Contains(errOut, `"`+tt.clientSide+`"`) {
					t.Errorf("want both to name %q:\nnlsh: %s\nkernel CLI: %s", tt.clientSide, errOut, lastLine(r.Stderr))
				}
				return
			}
			ke := r.Error(t)
			if !strings.Contains(strings.ToLower(errOut), strings.ToLower(ke.Text)) {
				t.Errorf("nlsh: %q, want the kernel CLI's error %q", errOut, ke.Text)
			}
			switch {
			case ke.BadAttr != "":
				if want := "attribute " + strings.TrimPrefix(ke.BadAttr, ".") + " at offset"; !strings.Contains(errOut, want) {
					t.Errorf("nlsh: %q, want %q (kernel CLI: bad-attr %s)", errOut, want, ke.BadAttr)
				}
			case ke.MissType != "":
				if want := "missing attribute " + ke.MissType; !strings.Contains(errOut, want) {
					t.Errorf("nlsh: %q, want %q (kernel CLI: miss-type %s)", errOut, want, ke.MissType)
				}
			default:
				t.Fatalf("the kernel CLI names no attribute:\n%s", r.Stdout)
			}
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// TestYnlSubscribeAgreesWithKernelCLI subscribes nlsh ynl (-n) and the
// kernel's CLI to netdev's mgmt group at once while veths come and go:
// the same notifications, nlsh's one per line.
func TestYnlSubscribeAgreesWithKernelCLI(t *testing.T) {
	e := newYnlEnv(t)
	wait := e.cli.Start(t, e.ns, append(e.cli.SpecArgs(t, "netdev"),
		"--subscribe", "mgmt", "--sleep", "4", "--output-json", "--process-unknown")...)
	var out, errOut nlsocktest.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"ynl", "-n", e.name, "--spec", ynltest.SpecPath(t, "netdev"),
			"--subscribe", "netdev:mgmt", "--duration", "3s", "--output-json"}, nil, &out, &errOut)
	}()
	time.Sleep(1500 * time.Millisecond) // both subscribed (the CLI starts in ~0.2-0.8s)
	for _, argv := range [][]string{
		{"link", "add", "ynl0", "type", "veth", "peer", "name", "ynl1"},
		{"link", "add", "ynl2", "type", "veth", "peer", "name", "ynl3"},
		{"link", "del", "ynl0"},
	} {
		if b, err := exec.Command("ip", append([]string{"-n", e.name}, argv...)...).CombinedOutput(); err != nil {
			t.Fatalf("ip %v: %v\n%s", argv, err, b)
		}
	}
	if code := <-done; code != 0 {
		t.Fatalf("nlsh ynl: exit %d\n%s", code, errOut.String())
	}
	got, err := ynltest.ParseJSONLines(out.String())
	if err != nil {
		t.Fatal(err)
	}
	want := wait().JSON(t)
	if len(want) != 1 {
		t.Fatalf("kernel CLI printed %d values, want its queue", len(want))
	}
	if len(got) < 6 {
		t.Errorf("nlsh ynl printed %d notifications, want at least 6 (4 added, 2 deleted)", len(got))
	}
	if diff := ynltest.Diff(want[0], any(got)); diff != "" {
		t.Errorf("notifications (-kernel CLI +nlsh ynl):\n%s", diff)
	}
}

// TestYnlSubscribeOverrunInBand: when the kernel drops notifications
// (ENOBUFS), nlsh ynl says so in a line and goes on.
func TestYnlSubscribeOverrunInBand(t *testing.T) {
	e := newYnlEnv(t)
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var errOut nlsocktest.SyncBuffer
	go func() {
		code := run([]string{"ynl", "-n", e.name, "--spec", ynltest.SpecPath(t, "rt-link"),
			"--subscribe", "rtnlgrp-link", "--rcvbuf", "4K", "--duration", "3s", "--output-json"}, nil, pw, &errOut)
		pw.Close()
		done <- code
	}()
	time.Sleep(300 * time.Millisecond)
	// nlsh blocks writing the first notification (nobody reads the pipe
	// yet) while the kernel queues the rest into a 4K buffer.
	var batch strings.Builder
	for i := range 30 {
		fmt.Fprintf(&batch, "link add o%d type veth peer name p%d\n", i, i)
	}
	cmd := exec.Command("ip", "-n", e.name, "-batch", "-")
	cmd.Stdin = strings.NewReader(batch.String())
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ip -batch: %v\n%s", err, b)
	}
	b, _ := io.ReadAll(pr)
	if code := <-done; code != 0 {
		t.Fatalf("nlsh ynl: exit %d\n%s", code, errOut.String())
	}
	lines, err := ynltest.ParseJSONLines(string(b))
	if err != nil {
		t.Fatal(err)
	}
	var overruns, after int
	for _, l := range lines {
		m, _ := l.(map[string]any)
		switch {
		case m["overrun"] == true && m["error"] == "ENOBUFS":
			overruns++
		case overruns > 0 && m["name"] != nil:
			after++
		}
	}
	if overruns == 0 || after == 0 {
		t.Errorf("%d overrun lines, %d notifications after them; want both in %d lines", overruns, after, len(lines))
	}
}

// TestGlobalsBeforeYnl: nlsh's options given before ynl reach it, as they
// do for monitor and test (nlsh -n NAME --specs DIR ynl ...): the dump
// runs in that namespace, whose links the kernel's CLI lists there too.
func TestGlobalsBeforeYnl(t *testing.T) {
	e := newYnlEnv(t, []string{"link", "add", "gb0", "type", "veth", "peer", "name", "gb1"})
	var out, errb bytes.Buffer
	specs := ynltest.SpecPath(t, "netdev")
	dir := specs[:strings.LastIndex(specs, "/")]
	argv := []string{"-n", e.name, "--specs", dir, "ynl", "--family", "netdev", "--dump", "dev-get", "--output-json"}
	if code := run(argv, nil, &out, &errb); code != 0 {
		t.Fatalf("nlsh %s: exit %d\n%s", strings.Join(argv, " "), code, errb.String())
	}
	got, err := ynltest.ParseJSONLines(out.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	want := e.kernel(t, "netdev", "--dump", "dev-get", "--output-json").JSON(t)
	if d := ynltest.Diff(want, got); d != "" {
		t.Errorf("nlsh -n %s ynl ... differs from the kernel's CLI in the namespace:\n%s", e.name, d)
	}
}
