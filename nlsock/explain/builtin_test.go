package explain_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	"golang.org/x/sys/unix"
)

// A kernel's RTM_NEWNEXTHOP and RTM_NEWNETCONF are explained through
// nlsh's built-in descriptions: header members and attributes by name.
func TestExplainDescribedRouteMessages(t *testing.T) {
	s, _, ctx := routeSocket(t)
	if err := rtnl.LinkSet(ctx, s, 1, rtnl.LinkChange{Up: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if err := rtnl.NexthopAdd(ctx, s, rtnl.NexthopSpec{ID: 7, Blackhole: true}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		typ  uint16
		hdr  int
		want []string
	}{
		{rtnl.RTM_GETNEXTHOP, 8, []string{"RTM_NEWNEXTHOP (rt-nexthop getnexthop)", "nh_family     2 = inet", "id (type 1) len 8: 7", "blackhole (type 4) len 4: (flag: present)"}},
		{rtnl.RTM_GETNETCONF, 4, []string{"RTM_NEWNETCONF (rt-netconf getnetconf)", "ncm_family", "ifindex (type 1) len 8: ", "rp-filter (type 3) len 8: "}},
	} {
		reply, err := s.Request(ctx, nlsock.Message{Header: nlsock.Header{Type: c.typ, Flags: nlsock.FlagDump},
			Payload: append([]byte{rtnl.AF_INET}, make([]byte, c.hdr-1)...)})
		if err != nil {
			t.Fatal(err)
		}
		if len(reply.Messages) == 0 {
			t.Fatalf("type %d: empty dump", c.typ)
		}
		out := explain.Message(reply.Messages[0], unix.NETLINK_ROUTE, explain.Options{})
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("explain of a type %d reply lacks %q:\n%s", c.typ, w, out)
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

// A conntrack entry built by the description's encoder (as ctnetlink sends
// one) is explained by name, nested tuples and big-endian ports included.
func TestExplainConntrackMessage(t *testing.T) {
	spec := builtin.MustSpec("conntrack")
	op, err := spec.Op("new")
	if err != nil {
		t.Fatal(err)
	}
	body, err := spec.EncodeRequest(op, ynl.Attrs{"nfgen-family": 2, "tuple-orig": ynl.Attrs{
		"ip":    ynl.Attrs{"v4-src": []byte{10, 0, 0, 1}, "v4-dst": []byte{10, 0, 0, 2}},
		"proto": ynl.Attrs{"num": 6, "src-port": 4000, "dst-port": 80},
	}, "mark": 5, "status": []any{"confirmed", "assured"}})
	if err != nil {
		t.Fatal(err)
	}
	m := nlsock.Message{Header: nlsock.Header{Type: 0x100, Flags: nlsock.FlagRequest}, Payload: body}
	out := explain.Message(m, unix.NETLINK_NETFILTER, explain.Options{})
	for _, w := range []string{"IPCTNL_MSG_CT_NEW (conntrack new)", "nfgen_family  2 = inet", "tuple-orig (type 1", "src-port (type 2) len 6: 4000",
		"dst-port (type 3) len 6: 80", "mark (type 8) len 8: 5", "status (type 3) len 8: 12 = assured|confirmed"} {
		if !strings.Contains(out, w) {
			t.Errorf("explain lacks %q:\n%s", w, out)
		}
	}
}

// A bridge's IFLA_INFO_DATA, a sub-message laid out by IFLA_INFO_KIND, is
// explained member by member with the kernel header's names, as the
// kernel dumps it after ip link add ... type bridge.
func TestExplainLinkInfoDataByKind(t *testing.T) {
	s, _, ctx := routeSocket(t, "ip link add br0 type bridge stp_state 1 forward_delay 400")
	msgs, err := rtnl.Dump(ctx, s, rtnl.LinkDumpRequest())
	if err != nil {
		t.Fatal(err)
	}
	out := explain.Messages(msgs, unix.NETLINK_ROUTE, explain.Options{NoHexDump: true})
	for _, w := range []string{`IFLA_INFO_KIND (type 1) len 11: "bridge"`, "IFLA_INFO_DATA (type 2", "nested:",
		"IFLA_BR_STP_STATE (type 5) len 8: 1", "IFLA_BR_FORWARD_DELAY (type 1) len 8: 400"} {
		if !strings.Contains(out, w) {
			t.Errorf("explain lacks %q:\n%s", w, out)
		}
	}
}
