package nlsock_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// TestConntrackTypeNamesAgreeWithKernel checks the ctnetlink names of the
// message type table against the kernel itself, in a fresh namespace: a
// dump of IPCTNL_MSG_CT_GET is answered, a NEW dump is not (ENOENT: no
// tuple); a bare DELETE flushes (ACK), a bare GET wants a tuple (EINVAL);
// GET_STATS and GET_STATS_CPU are answered with messages of their own type.
func TestConntrackTypeNamesAgreeWithKernel(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	s, err := nlsock.Open(unix.NETLINK_NETFILTER, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	nfgenmsg := []byte{unix.AF_INET, 0, 0, 0} // family, version 0, res_id 0
	request := func(name string, flags uint16) (*nlsock.Reply, uint16, error) {
		typ, ok := nlsock.MessageType(unix.NETLINK_NETFILTER, name)
		if !ok {
			t.Fatalf("%s has no number", name)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r, err := s.Request(ctx, nlsock.Message{Header: nlsock.Header{Type: typ, Flags: flags}, Payload: nfgenmsg})
		return r, typ, err
	}
	for _, c := range []struct {
		name  string
		flags uint16
		errno error // nil: the kernel answers
	}{
		{"IPCTNL_MSG_CT_GET", nlsock.FlagDump, nil},
		{"IPCTNL_MSG_CT_NEW", nlsock.FlagDump, unix.ENOENT},
		{"IPCTNL_MSG_CT_DELETE", 0, nil},
		{"IPCTNL_MSG_CT_GET", 0, unix.EINVAL},
	} {
		_, _, err := request(c.name, c.flags)
		if (c.errno == nil) != (err == nil) || (c.errno != nil && !errors.Is(err, c.errno)) {
			t.Errorf("%s (flags %#x): %v, want %v", c.name, c.flags, err, c.errno)
		}
	}
	for _, c := range []struct {
		name  string
		flags uint16
	}{{"IPCTNL_MSG_CT_GET_STATS", 0}, {"IPCTNL_MSG_CT_GET_STATS_CPU", nlsock.FlagDump}} {
		r, typ, err := request(c.name, c.flags)
		if err != nil || len(r.Messages) == 0 {
			t.Fatalf("%s: %v, %v", c.name, r, err)
		}
		for _, m := range r.Messages {
			if m.Header.Type != typ {
				t.Errorf("%s (%#x) answered with type %#x (%s)", c.name, typ, m.Header.Type, nlsock.MessageTypeName(unix.NETLINK_NETFILTER, m.Header.Type))
			}
		}
	}
}
