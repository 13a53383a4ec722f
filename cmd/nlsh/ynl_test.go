package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
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
