package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// TestYnlMultiAgreesWithKernelCLI: --multi sends several do operations in
// one datagram; the answers come back in order, as from the kernel's CLI.
func TestYnlMultiAgreesWithKernelCLI(t *testing.T) {
	e := newYnlEnv(t)
	args := []string{"--multi", "getfamily", `{"family-name": "netdev"}`, "--multi", "getfamily", `{"family-name": "nlctrl"}`, "--output-json"}
	out, errOut, code := e.nlshYnl(t, "nlctrl", args...)
	if code != 0 {
		t.Fatalf("nlsh ynl: exit %d\n%s", code, errOut)
	}
	got, err := ynltest.ParseJSONLines(out)
	if err != nil || len(got) != 1 {
		t.Fatalf("nlsh ynl printed %q: %v", out, err)
	}
	want := e.kernel(t, "nlctrl", args...).JSON(t)
	if diff := ynltest.Diff(want[0], got[0]); diff != "" {
		t.Errorf("(-kernel CLI +nlsh ynl):\n%s", diff)
	}
	// a refused operation in the batch fails it, naming the operation
	_, errOut, code = e.nlshYnl(t, "nlctrl", "--multi", "getfamily", `{"family-name": "netdev"}`, "--multi", "getfamily", `{"family-name": "nope"}`)
	if code != exitError || !strings.Contains(errOut, "nlctrl getfamily: no such file or directory") {
		t.Errorf("exit %d, %q; want 1 and ENOENT of getfamily", code, errOut)
	}
}

// modeLines reads --list-ops output as "name [modes sorted]": the kernel's
// CLI prints the modes from a Python set, in any order.
func modeLines(text string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		name, rest, _ := strings.Cut(l, "  [ ")
		modes := strings.Split(strings.TrimSuffix(rest, " ]"), ", ")
		sort.Strings(modes)
		out = append(out, name+" "+strings.Join(modes, ","))
	}
	return out
}

// TestYnlListsAgreeWithKernelCLI compares --list-ops and --list-msgs.
func TestYnlListsAgreeWithKernelCLI(t *testing.T) {
	cli := ynltest.NewCLI(t)
	for _, family := range []string{"netdev", "ethtool", "rt-link", "nftables"} {
		for _, list := range []string{"--list-ops", "--list-msgs"} {
			var out, errb strings.Builder
			if code := run([]string{"ynl", "--spec", ynltest.SpecPath(t, family), list}, nil, &out, &errb); code != 0 {
				t.Fatalf("%s %s: exit %d: %s", family, list, code, errb.String())
			}
			r := cli.Run(t, nlsock.Host(), 30*time.Second, append(cli.SpecArgs(t, family), list)...)
			if r.Exit != 0 {
				t.Fatalf("kernel CLI %s %s: exit %d\n%s", family, list, r.Exit, r.Stderr)
			}
			if got, want := modeLines(out.String()), modeLines(r.Stdout); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s %s:\nnlsh:   %q\nkernel: %q", family, list, got, want)
			}
		}
	}
}

// TestYnlListAttrsAndPolicy: --list-attrs shows types and docs from the
// spec; --policy the kernel's own bounds (netdev's ifindex is
// NLA_POLICY_MIN(NLA_U32, 1)).
func TestYnlListAttrsAndPolicy(t *testing.T) {
	e := newYnlEnv(t)
	out, errOut, code := e.nlshYnl(t, "netdev", "--list-attrs", "dev-get")
	if code != 0 || !strings.Contains(out, "do request:\n    ifindex: u32 - netdev ifindex") ||
		!strings.Contains(out, "xdp-features: u64 (enum xdp-act, flags) - Bitmask of enabled xdp-features.") {
		t.Errorf("--list-attrs dev-get: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = e.nlshYnl(t, "netdev", "--policy", "dev-get", "--output-json")
	if code != 0 || !strings.Contains(out, `"do": {"ifindex": {"type": "u32", "min-value": 1, "max-value": 4294967295}}`) {
		t.Errorf("--policy dev-get: exit %d\n%s%s", code, out, errOut)
	}
	// the kernel CLI's spelling, --policy --do OP, gives the same
	flagOut, errOut, code := e.nlshYnl(t, "netdev", "--policy", "--do", "dev-get", "--output-json")
	if code != 0 || flagOut != out {
		t.Errorf("--policy --do dev-get: exit %d\n%s%s\nwant what --policy dev-get printed:\n%s", code, flagOut, errOut, out)
	}
	_, errOut, code = e.nlshYnl(t, "rt-link", "--policy", "getlink")
	if code != exitError || !strings.Contains(errOut, "netlink-raw family") {
		t.Errorf("--policy of rt-link: exit %d, %q; want a netlink-raw refusal", code, errOut)
	}
}

// TestYnlExplainAndCapture: --explain dissects what went over the wire by
// the spec's names; --capture records it as pcap that tshark reads.
func TestYnlExplainAndCapture(t *testing.T) {
	e := newYnlEnv(t)
	file := filepath.Join(t.TempDir(), "ynl.pcap")
	_, errOut, code := e.nlshYnl(t, "netdev", "--do", "dev-get", "--json", `{"ifindex": 1}`, "--explain", "--capture", file)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	nlsocktest.ContainsAll(t, "--explain output", errOut, "sent", "received", "dev-get (netdev spec)", "ifindex (type 1) len 8: 1")
	if st, err := os.Stat(file); err != nil || st.Size() == 0 {
		t.Fatalf("capture %s: %v", file, err)
	}
	tshark := nlsocktest.LookPath(t, "tshark", "tshark")
	b, err := exec.Command(tshark, "-r", file, "-T", "fields", "-e", "frame.number").CombinedOutput()
	if n := len(strings.Fields(string(b))); err != nil || n < 4 {
		t.Errorf("tshark read %d frames (%v), want the 4 datagrams of getfamily and dev-get:\n%s", n, err, b)
	}
}

// TestYnlUsage: bad command lines are one line and exit 2; --help exits 0.
func TestYnlUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
		code int
	}{
		{[]string{"--help"}, "usage: nlsh ynl", exitOK},
		{[]string{"--dump", "dev-get"}, "no family: give --family NAME or --spec FILE", exitUsage},
		{[]string{"--family", "netdev", "--do", "a", "--dump", "b"}, "--do, --dump and --multi exclude each other", exitUsage},
		{[]string{"--family", "netdev", "--bogus"}, "unrecognized option '--bogus'", exitUsage},
		{[]string{"--family", "netdev", "--multi", "dev-get"}, "'--multi' needs two arguments", exitUsage},
		{[]string{"--family", "netdev", "--sleep", "soon"}, "--sleep takes seconds", exitUsage},
		{[]string{"--spec", "/nonexistent/x.yaml", "--list-ops"}, "no such file or directory", exitError},
		{[]string{"--family", "--dump", "dev-get"}, "option '--family' needs an argument", exitUsage},
		{[]string{"--family", "netdev", "--policy"}, "--policy takes one operation", exitUsage},
		{[]string{"--family", "netdev", "--policy", "--do", "a", "--dump", "b"}, "--policy takes one operation", exitUsage},
	}
	for _, tt := range tests {
		var out, errb strings.Builder
		code := run(append([]string{"ynl"}, tt.args...), nil, &out, &errb)
		if code != tt.code || !strings.Contains(out.String()+errb.String(), tt.want) {
			t.Errorf("nlsh ynl %s: exit %d\n%s%s\nwant exit %d and %q", strings.Join(tt.args, " "), code, out.String(), errb.String(), tt.code, tt.want)
		}
	}
}

// TestYnlFindsKernelTreeSpecs: with $NLSH_KERNEL_YNL set, --family finds
// the kernel tree's spec (rt-link as rt_link.yaml) after the other places.
func TestYnlFindsKernelTreeSpecs(t *testing.T) {
	t.Setenv("NLSH_KERNEL_YNL", nlsocktest.KernelYNL(t))
	t.Setenv("NLSH_SPECS", t.TempDir())
	var out, errb strings.Builder
	if code := run([]string{"ynl", "--family", "rt-link", "--list-ops"}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), "getlink  [ do, dump ]") {
		t.Errorf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"ynl", "--list-families"}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), "\nnftables\n") {
		t.Errorf("--list-families: exit %d\n%s", code, out.String())
	}
}

// TestYnlNoProcessUnknown: without --process-unknown the kernel's CLI
// stops at the first attribute its spec lacks; nlsh ynl's
// --no-process-unknown does the same, naming the attribute's number.
func TestYnlNoProcessUnknown(t *testing.T) {
	e := newYnlEnv(t)
	_, errOut, code := e.nlshYnl(t, "rt-link", "--dump", "getlink", "--no-process-unknown")
	r := e.cli.Run(t, e.ns, 30*time.Second, append(e.cli.SpecArgs(t, "rt-link"), "--dump", "getlink")...)
	m := regexp.MustCompile(`has no attribute with value '(\d+)'`).FindStringSubmatch(r.Stderr)
	if r.Exit == 0 || m == nil {
		t.Fatalf("kernel CLI without --process-unknown: exit %d\n%s", r.Exit, lastLine(r.Stderr))
	}
	if want := "has no attribute with value " + m[1]; code != exitError || !strings.Contains(errOut, want) {
		t.Errorf("nlsh ynl: exit %d, %q; want 1 and %q", code, errOut, want)
	}
}

// TestYnlCreateExcl: --create --excl add an address (binary attributes as
// hex, as in the kernel's CLI); ip sees it, and the same request again is
// EEXIST from nlsh ynl and from the kernel's CLI alike.
func TestYnlCreateExcl(t *testing.T) {
	e := newYnlEnv(t)
	req := []string{"--do", "newaddr", "--create", "--excl", "--json",
		`{"ifa-family": 2, "ifa-prefixlen": 24, "ifa-index": 1, "ifa-local": "c0000201", "ifa-address": "c0000201"}`}
	out, errOut, code := e.nlshYnl(t, "rt-addr", append(req, "--output-json")...)
	if code != 0 || strings.TrimSpace(out) != "null" {
		t.Fatalf("newaddr: exit %d, %q\n%s", code, out, errOut)
	}
	b, err := exec.Command("ip", "-n", e.name, "-4", "-o", "addr", "show", "dev", "lo").CombinedOutput()
	if err != nil || !strings.Contains(string(b), "inet 192.0.2.1/24") {
		t.Fatalf("ip addr: %v\n%s", err, b)
	}
	_, errOut, code = e.nlshYnl(t, "rt-addr", req...)
	ke := e.kernel(t, "rt-addr", req...).Error(t)
	if code != exitError || ke.Text != "File exists" || !strings.Contains(errOut, "file exists") {
		t.Errorf("again: nlsh exit %d %q; kernel CLI %q; want EEXIST from both", code, errOut, ke.Text)
	}
}
