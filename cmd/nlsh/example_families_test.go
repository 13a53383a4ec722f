package main

import (
	"bytes"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// The namespace test keeps the main goroutine on the main thread.
func init() { runtime.LockOSThread() }

// runExample runs an example script through run() and returns its output.
func runExample(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(args, nil, &out, &errOut); code != 0 {
		t.Fatalf("nlsh %s: exit status %d: %s", strings.Join(args, " "), code, errOut.String())
	}
	return out.String()
}

// TestExampleGenlFamilies lists the generic netlink families (read only):
// nlctrl is always there, with its two operations.
func TestExampleGenlFamilies(t *testing.T) {
	out := runExample(t, "../../examples/genl_families.lua")
	if !strings.HasPrefix(out, "nlctrl           id 16 ") {
		t.Errorf("output does not start with nlctrl:\n%s", out)
	}
	out = runExample(t, "../../examples/genl_families.lua", "nlctrl")
	if !strings.Contains(out, "  op 3   cmd-cap-do,cmd-cap-dump,cmd-cap-haspol\n") {
		t.Errorf("nlctrl's ops missing:\n%s", out)
	}
}

// TestExampleFamiliesInNamespace runs ss.lua and nft_ruleset.lua against a
// fresh namespace that holds a listening socket and a small ruleset.
func TestExampleFamiliesInNamespace(t *testing.T) {
	for _, tool := range [][2]string{{"nft", "nftables"}, {"python3", "python3"}, {"ip", "iproute2"}} {
		nlsocktest.LookPath(t, tool[0], tool[1])
	}
	ns := nlsocktest.NewNamespace(t).NetNS()
	if err := ns.Run(exec.Command("ip", "link", "set", "lo", "up")); err != nil {
		t.Fatal(err)
	}
	nft := exec.Command("nft", "-f", "-")
	nft.Stdin = strings.NewReader("table ip demo {\nset s { type ipv4_addr; }\nchain c { type filter hook input priority 0; tcp dport 22 accept; }\n}\n")
	if err := ns.Run(nft); err != nil {
		t.Fatalf("nft -f: %v", err)
	}
	path := startListener(t, ns)

	out := runExample(t, "--netns", path, "../../examples/ss.lua", "tcp")
	if !strings.Contains(out, "tcp    LISTEN          0      3 127.0.0.1:4321") {
		t.Errorf("ss.lua lacks the listener:\n%s", out)
	}
	out = runExample(t, "--netns", path, "../../examples/nft_ruleset.lua")
	nlsocktest.ContainsAll(t, "nft_ruleset.lua", out,
		"table ip demo (handle ", "chain ip demo c hook input prio 0 policy accept type filter",
		"rule ip demo c handle ", ": meta cmp payload cmp immediate", "set ip demo s: ipv4_addr ()",
	)
}
