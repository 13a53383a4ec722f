package explain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// TestExplainMultipath explains a real multipath route: each struct
// rtnexthop read by the rt-route description's layout, its weight and
// device, then its own route attributes.
func TestExplainMultipath(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	nlsocktest.RunAll(t, ns, "ip link add v0 type veth peer name v1", "ip link set v0 up", "ip link set v1 up",
		"ip addr add 10.0.0.1/24 dev v0", "ip route add 10.9.0.0/16 nexthop via 10.0.0.2 dev v0 weight 3 onlink nexthop via 10.0.0.3 dev v0 onlink")
	s := nlsocktest.Open(t, unix.NETLINK_ROUTE, ns)
	reply, err := s.Request(nlsocktest.Context(t, 10*time.Second), nlsock.Message{
		Header:  nlsock.Header{Type: rtnl.RTM_GETROUTE, Flags: nlsock.FlagDump},
		Payload: make([]byte, 12)})
	if err != nil {
		t.Fatal(err)
	}
	out := explain.Messages(reply.Messages, unix.NETLINK_ROUTE, explain.Options{NoHexDump: true})
	for _, want := range []string{"RTA_MULTIPATH (type 9) len 36: 32 bytes",
		"nexthop: rtnh-len 16, rtnh-flags 4, rtnh-hops 2, rtnh-ifindex ", "RTA_GATEWAY (type 5) len 8: 10.0.0.2",
		"nexthop: rtnh-len 16, rtnh-flags 4, rtnh-hops 0, rtnh-ifindex ", "RTA_GATEWAY (type 5) len 8: 10.0.0.3"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}
