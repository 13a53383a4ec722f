package builtin

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	"golang.org/x/sys/unix"
)

// TestForMessage checks which description owns a message type: the one
// that declares it, and none where the type alone picks no operation
// (sock_diag's SOCK_DIAG_BY_FAMILY, whose address family does).
func TestForMessage(t *testing.T) {
	for _, c := range []struct {
		proto int
		typ   uint16
		want  string
	}{
		{unix.NETLINK_ROUTE, unix.RTM_NEWLINK, "rt-link"},
		{unix.NETLINK_ROUTE, unix.RTM_GETROUTE, "rt-route"},
		{unix.NETLINK_NETFILTER, 0x100, "conntrack"},
		{unix.NETLINK_SOCK_DIAG, 20, ""},
		{unix.NETLINK_ROUTE, 0xffff, ""},
	} {
		got := ""
		if s := ForMessage(c.proto, c.typ); s != nil {
			got = s.Name
		}
		if got != c.want {
			t.Errorf("ForMessage(%d, %d) = %q, want %q", c.proto, c.typ, got, c.want)
		}
	}
}

// The message index is generated from the descriptions; one edited
// without `go generate ./nlsock/ynl/builtin` would send its new message
// types to no description, or its old ones to the wrong one.
func TestMessageIndexFresh(t *testing.T) {
	got, err := compiled.ReadFile(messageIndexFile)
	if err != nil {
		t.Fatalf("no message index (run go generate ./nlsock/ynl/builtin): %v", err)
	}
	if want := MessageIndex(); !bytes.Equal(got, want) {
		t.Errorf("%s is stale against the descriptions: run go generate ./nlsock/ynl/builtin\ngot:\n%s\nwant:\n%s", messageIndexFile, got, want)
	}
}

// Finding the description of a message parses that description only: a
// first netlink.explain or monitor event must not pay for nft's and tc's
// YAML. Run in a fresh process, since another test may already have
// parsed them.
func TestForMessageParsesOneDescription(t *testing.T) {
	if os.Getenv("NLSH_FORMESSAGE_CHILD") != "1" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestForMessageParsesOneDescription$", "-test.v")
		cmd.Env = append(os.Environ(), "NLSH_FORMESSAGE_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("fresh process: %v\n%s", err, out)
		}
		return
	}
	if s := ForMessage(unix.NETLINK_ROUTE, unix.RTM_NEWNEXTHOP); s == nil || s.Name != "rt-nexthop" {
		t.Fatalf("ForMessage(NETLINK_ROUTE, RTM_NEWNEXTHOP) = %v, want rt-nexthop", s)
	}
	for _, n := range Names() {
		if n != "rt-nexthop" && Parsed(n) {
			t.Errorf("finding rt-nexthop's description parsed %s too", n)
		}
	}
}
