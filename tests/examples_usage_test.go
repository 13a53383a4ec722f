package tests

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// usageLine is the "--   nlsh examples/X.lua ARGS" line an example's
// header comment promises.
func usageLine(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "--   nlsh "); ok {
			return "nlsh " + u
		}
	}
	t.Fatalf("%s has no usage line (--   nlsh examples/%s ...) in its header", path, filepath.Base(path))
	return ""
}

// TestExampleUsageLines: every example states its usage, and an argument
// it does not know is refused with that usage and exit status 2, never
// ignored.
func TestExampleUsageLines(t *testing.T) {
	files, err := filepath.Glob("../examples/*.lua")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			usage := usageLine(t, f)
			r := runNlsh(t, "..", time.Minute, "examples/"+name, "--no-such-option")
			if r.code != 2 || !strings.Contains(r.stderr, "usage: "+usage+"\n") || !strings.Contains(r.stderr, "--no-such-option") {
				t.Errorf("an unknown option: exit %d, stderr %q; want 2, the option named and %q", r.code, r.stderr, "usage: "+usage)
			}
		})
	}
}

// TestExampleSSUsage runs every form of ss.lua's usage; -n NETNS must list
// that namespace's sockets, not the host's.
func TestExampleSSUsage(t *testing.T) {
	ns := namedNetns(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	hostPort := fmt.Sprintf("127.0.0.1:%d ", l.Addr().(*net.TCPAddr).Port)
	for _, args := range [][]string{{}, {"tcp"}, {"udp"}, {"unix"}, {"tcp", "udp", "unix"}, {"-n", ns}, {"-n", ns, "tcp"}} {
		r := runNlsh(t, "..", time.Minute, append([]string{"examples/ss.lua"}, args...)...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "Netid") {
			t.Errorf("ss.lua %q: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
			continue
		}
		inNS := len(args) > 0 && args[0] == "-n"
		showsHost := strings.Contains(r.stdout, hostPort)
		if lists := len(args) == 0 || contains(args, "tcp"); lists && showsHost == inNS {
			t.Errorf("ss.lua %q lists the host's listener %s: %v; want %v\n%s", args, hostPort, showsHost, !inNS, r.stdout)
		}
	}
	for _, args := range [][]string{{"-n"}, {"sctp"}, {"-n", ns, "-x"}} {
		if r := runNlsh(t, "..", time.Minute, append([]string{"examples/ss.lua"}, args...)...); r.code != 2 || !strings.Contains(r.stderr, "usage:") {
			t.Errorf("ss.lua %q: exit %d, stderr %q; want 2 and the usage", args, r.code, r.stderr)
		}
	}
}

// TestExampleNftUsage: -n NETNS shows that namespace's ruleset, and
// --watch SECONDS prints the changes made there meanwhile.
func TestExampleNftUsage(t *testing.T) {
	ns := namedNetns(t)
	nft := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", append([]string{"netns", "exec", ns, "nft"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("nft %q: %v: %s", args, err, out)
		}
	}
	nft("add", "table", "inet", "nlsh_example")
	r := runNlsh(t, "..", time.Minute, "examples/nft_ruleset.lua", "-n", ns)
	if r.code != 0 || !strings.Contains(r.stdout, "table inet nlsh_example") {
		t.Errorf("nft_ruleset.lua -n %s: exit %d, stdout %q, stderr %q; want the namespace's table", ns, r.code, r.stdout, r.stderr)
	}
	if r := runNlsh(t, "..", time.Minute, "examples/nft_ruleset.lua"); r.code != 0 || strings.Contains(r.stdout, "nlsh_example") {
		t.Errorf("nft_ruleset.lua (the host's ruleset): exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	cmd := exec.Command(nlshBinary(t), "examples/nft_ruleset.lua", "-n", ns, "--watch", "3")
	cmd.Dir = ".."
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the watcher has joined the group by then
	nft("add", "chain", "inet", "nlsh_example", "watched")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("--watch 3: %v: %s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "NFT_MSG_NEWCHAIN chain watched") {
		t.Errorf("--watch did not print the new chain:\n%s%s", out.String(), errOut.String())
	}
	for _, args := range [][]string{{"--watch"}, {"--watch", "soon"}, {"-n"}} {
		if r := runNlsh(t, "..", time.Minute, append([]string{"examples/nft_ruleset.lua"}, args...)...); r.code != 2 || !strings.Contains(r.stderr, "usage:") {
			t.Errorf("nft_ruleset.lua %q: exit %d, stderr %q; want 2 and the usage", args, r.code, r.stderr)
		}
	}
}

// TestExampleGenlAndLinksUsage runs the forms of the two other examples.
func TestExampleGenlAndLinksUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"examples/genl_families.lua"}, 0, "nlctrl "},
		{[]string{"examples/genl_families.lua", "nlctrl"}, 0, "  op 3 "},
		{[]string{"examples/genl_families.lua", "nlctrl", "extra"}, 2, ""},
		{[]string{"examples/links.lua"}, 0, "\n1   lo "},
		{[]string{"examples/links.lua", "--raw"}, 0, "\n1   lo "},
		{[]string{"examples/links.lua", "--raw", "extra"}, 2, ""},
	}
	for _, tt := range tests {
		r := runNlsh(t, "..", time.Minute, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stdout, tt.want) {
			t.Errorf("nlsh %q: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, r.code, r.stdout, r.stderr, tt.code, tt.want)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
