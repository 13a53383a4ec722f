package builtin

import (
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
