package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestExplainCapture records a session with sock:capture in a fresh
// namespace (a link dump and a request the kernel refuses) and dissects it
// with nlsh explain: the request's flags, the reply's attributes, and the
// error pointing at the attribute the ext-ack offset names.
func TestExplainCapture(t *testing.T) {
	path, _ := nsPath(t)
	capture := recordRoute(t, path, "explain.pcap", `
assert(s:request{type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
local r, msg, errname = s:request{type = 16, flags = netlink.F_CREATE + netlink.F_EXCL,
	payload = string.rep("\0", 16) .. netlink.attr(3, string.rep("x", 34) .. "\0")}
assert(errname == "ERANGE", tostring(msg))
`)
	var out, errOut bytes.Buffer
	if code := run([]string{"explain", capture}, nil, &out, &errOut); code != 0 {
		t.Fatalf("explain: exit status %d: %s", code, errOut.String())
	}
	text := out.String()
	nlsocktest.ContainsAll(t, "explain output", text,
		"record 1  sent  route  +0.000000s",
		"nlmsg_type    18 = RTM_GETLINK",
		"0x0301 = REQUEST|DUMP (ROOT|MATCH)   [GET: 0x100 ROOT, 0x200 MATCH, 0x400 ATOMIC]",
		`IFLA_IFNAME (type 3) len 7: "lo"`,
		"0 = the dump is complete",
		"0x0605 = REQUEST|ACK|EXCL|CREATE",
		"NLMSGERR_ATTR_OFFS (type 2) len 8: 32 → IFLA_IFNAME (type 3, 39 bytes)",
		`in short: ERANGE: "Attribute failed policy validation", offset 32 → IFLA_IFNAME (type 3, 39 bytes)`,
	)
}

// TestExplainGenericFamilies: a session recorded with --capture (in a fresh
// namespace) resolves a generic family through nlctrl and asks it for a
// dump; explain names the family of the later messages from the nlctrl
// reply earlier in the capture.
func TestExplainGenericFamilies(t *testing.T) {
	path, _ := nsPath(t)
	capture := filepath.Join(t.TempDir(), "genl.pcap")
	script := `local g = assert(netlink.open("generic"))
local fam
for _, f in ipairs(assert(genl.families(g))) do
	if f.name ~= "nlctrl" then fam = f break end
end
assert(fam, "a generic family besides nlctrl")
assert(genl.family(g, fam.name))
g:request{type = fam.id, flags = netlink.F_DUMP, payload = string.pack("BBI2", 1, 1, 0)}
print(fam.name, fam.id)`
	var out, errOut bytes.Buffer
	if code := run([]string{"--netns", path, "--capture", capture, "-e", script}, nil, &out, &errOut); code != 0 {
		t.Fatalf("recording: exit status %d: %s", code, errOut.String())
	}
	var name, id string
	if _, err := fmt.Sscan(out.String(), &name, &id); err != nil {
		t.Fatalf("script printed %q: %v", out.String(), err)
	}
	out.Reset()
	if code := run([]string{"explain", capture}, nil, &out, &errOut); code != 0 {
		t.Fatalf("explain: exit status %d: %s", code, errOut.String())
	}
	want := fmt.Sprintf("generic netlink family %q (id %s)", name, id)
	if !strings.Contains(out.String(), want) || !strings.Contains(out.String(), "CTRL_CMD_GETFAMILY") {
		t.Errorf("no %q (or CTRL_CMD_GETFAMILY) in\n%s", want, out.String())
	}
}

// TestExplainDamagedCapture: a capture cut short in its last record (a
// tcpdump killed mid-write) is still dissected up to the damage, which is
// then reported with exit status 1; netlink.pcap returns nil, msg, errname
// and the messages before the damage.
func TestExplainDamagedCapture(t *testing.T) {
	path, _ := nsPath(t)
	capture := recordRoute(t, path, "cut.pcap", `
assert(s:request{type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
`)
	b, err := os.ReadFile(capture)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(capture, b[:len(b)-10], 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run([]string{"explain", capture}, nil, &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "nlmsg_type    18 = RTM_GETLINK") ||
		!strings.Contains(errOut.String(), "cut short") || !strings.Contains(errOut.String(), "records before it are shown") {
		t.Errorf("explain of a cut capture: exit %d, stdout:\n%s\nstderr: %s", code, out.String(), errOut.String())
	}
	out.Reset()
	errOut.Reset()
	check := `local msgs, msg, errname, before = netlink.pcap(` + strconv.Quote(capture) + `)
assert(msgs == nil and msg:find("cut short", 1, true) and errname == "EINVAL", tostring(msg))
assert(#before >= 1 and before[1].name == "RTM_GETLINK" and before[1].direction == "sent")`
	if code := run([]string{"-e", check}, nil, &out, &errOut); code != 0 {
		t.Errorf("netlink.pcap of a cut capture: exit %d: %s", code, errOut.String())
	}
}

// recordRoute runs body in nlsh in the namespace at nsPath with s, a route
// socket, capturing into NAME in a temporary directory; it returns the
// capture's path and fails the test if nlsh does not exit 0.
func recordRoute(t *testing.T, nsPath, name, body string) string {
	t.Helper()
	capture := filepath.Join(t.TempDir(), name)
	script := `local s = assert(netlink.open("route"))
assert(s:capture(` + strconv.Quote(capture) + `))` + body + `assert(s:capture(nil))`
	var out, errOut bytes.Buffer
	if code := run([]string{"--netns", nsPath, "-e", script}, nil, &out, &errOut); code != 0 {
		t.Fatalf("recording: exit status %d: %s", code, errOut.String())
	}
	return capture
}
