package nlsock_test

import (
	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
	"strings"
	"testing"
)

func TestSmokeLinkDump(t *testing.T) {
	_, s := freshRoute(t)
	r, err := s.Request(ctxT(t), linkDump())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Messages) != 1 {
		t.Fatalf("got %d links, want 1 (lo)", len(r.Messages))
	}
	idx, name, mtu := linkAttrs(t, r.Messages[0])
	t.Logf("%d %s %d port %d", idx, name, mtu, s.PortID())
	setLinkUp(t, s, 1)
	addAddrs(t, s, 1, 10)
	r, err = s.Request(ctxT(t), addrDump())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d addrs, stats %+v", len(r.Messages), s.Stats())
}

func TestSmokeError(t *testing.T) {
	_, s := freshRoute(t)
	var e nlsock.AttrEncoder
	e.String(unix.IFLA_IFNAME, strings.Repeat("x", 38))
	m := nlsock.Message{Header: nlsock.Header{Type: unix.RTM_GETLINK}, Payload: append(ifinfomsg(0, 0, 0), e.Bytes()...)}
	_, err := s.Request(ctxT(t), m)
	t.Logf("%v errno=%s", err, nlsock.ErrnoName(err))
}
