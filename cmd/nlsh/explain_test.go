package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestExplainCapture records a session with sock:capture in a fresh
// namespace (a link dump and a request the kernel refuses) and dissects it
// with nlsh explain: the request's flags, the reply's attributes, and the
// error pointing at the attribute the ext-ack offset names.
func TestExplainCapture(t *testing.T) {
	path, _ := nsPath(t)
	capture := filepath.Join(t.TempDir(), "explain.pcap")
	script := `local s = assert(netlink.open("route"))
assert(s:capture(` + strconv.Quote(capture) + `))
assert(s:request{type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
local r, msg, errname = s:request{type = 16, flags = netlink.F_CREATE + netlink.F_EXCL,
	payload = string.rep("\0", 16) .. netlink.attr(3, string.rep("x", 34) .. "\0")}
assert(errname == "ERANGE", tostring(msg))
assert(s:capture(nil))`
	var out, errOut bytes.Buffer
	if code := run([]string{"--netns", path, "-e", script}, nil, &out, &errOut); code != 0 {
		t.Fatalf("recording: exit status %d: %s", code, errOut.String())
	}
	out.Reset()
	if code := run([]string{"explain", capture}, nil, &out, &errOut); code != 0 {
		t.Fatalf("explain: exit status %d: %s", code, errOut.String())
	}
	text := out.String()
	for _, want := range []string{
		"record 1  sent  route  +0.000000s",
		"nlmsg_type    18 = RTM_GETLINK",
		"0x0301 = REQUEST|DUMP (ROOT|MATCH)   [GET: 0x100 ROOT, 0x200 MATCH, 0x400 ATOMIC]",
		`IFLA_IFNAME (type 3) len 7: "lo"`,
		"0 = the dump is complete",
		"0x0605 = REQUEST|ACK|EXCL|CREATE",
		"NLMSGERR_ATTR_OFFS (type 2) len 8: 32 → IFLA_IFNAME (type 3, 39 bytes)",
		`in short: ERANGE: "Attribute failed policy validation", offset 32 → IFLA_IFNAME (type 3, 39 bytes)`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
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
