package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/pcap"
)

// TestCaptureSession records a whole session with --capture: a dump on a
// route socket and a family lookup on a generic one, read-only on the
// host. The file holds both sockets' traffic, in order.
func TestCaptureSession(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.pcap")
	script := `local r = assert(netlink.open("route"))
assert(r:request({type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)}))
local g = assert(netlink.open("generic"))
assert(genl.family(g, "nlctrl"))`
	var out, errOut bytes.Buffer
	if code := run([]string{"--capture", path, "-e", script}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit status %d: %s", code, errOut.String())
	}
	recs, err := pcap.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		msgs, err := r.Messages()
		if err != nil || len(msgs) == 0 {
			t.Fatalf("record %+v: %v", r, err)
		}
		got = append(got, r.Direction.String()+"/"+nlsock.ProtocolName(r.Protocol))
	}
	want := "sent/route received/route"
	if s := strings.Join(got, " "); !strings.HasPrefix(s, want) || !strings.Contains(s, "sent/generic received/generic") {
		t.Errorf("records %s", s)
	}
	if code := run([]string{"--capture", filepath.Join(t.TempDir(), "no", "dir.pcap"), "-e", ""}, nil, &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "create capture") {
		t.Errorf("unwritable capture: exit %d, %s", code, errOut.String())
	}
}
