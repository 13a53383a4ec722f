package monitor_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// The summary of an object with an attribute of the wrong length says so
// and never shows the attribute as 0 (nor a route with a broken RTA_DST as
// the default route).
func TestMalformedSummary(t *testing.T) {
	attr := func(typ uint16, data []byte) []byte { return nlsock.AppendAttr(nil, typ, data) }
	rtm := func(dstLen byte) []byte { return []byte{unix.AF_INET, dstLen, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0} }
	for _, tc := range []struct {
		name      string
		typ       uint16
		payload   []byte
		want, not string
	}{
		{"link mtu of 2 bytes", unix.RTM_NEWLINK,
			append(append(make([]byte, 16), attr(unix.IFLA_IFNAME, []byte("v0\x00"))...), attr(unix.IFLA_MTU, []byte{5, 0})...),
			"(malformed: IFLA_MTU: 2 bytes, want 4)", " mtu "},
		{"route dst of 3 bytes", unix.RTM_NEWROUTE, append(rtm(24), attr(unix.RTA_DST, []byte{10, 0, 0})...),
			"(malformed: RTA_DST: 3 bytes, want 4 or 16)", "default"},
		{"route oif of 2 bytes", unix.RTM_NEWROUTE,
			append(append(rtm(8), attr(unix.RTA_DST, []byte{10, 0, 0, 0})...), attr(unix.RTA_OIF, []byte{2, 0})...),
			"route 10.0.0.0/8 table main", " oif "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := monitor.Event{Proto: unix.NETLINK_ROUTE,
				Message: nlsock.Message{Header: nlsock.Header{Type: tc.typ}, Payload: tc.payload}}
			monitor.Describe(&ev)
			if !strings.Contains(ev.Text, tc.want) || strings.Contains(ev.Text, tc.not) {
				t.Errorf("summary %q: want %q in it and no %q", ev.Text, tc.want, tc.not)
			}
			if !strings.Contains(ev.Text, "malformed") {
				t.Errorf("summary %q does not say malformed", ev.Text)
			}
		})
	}
}

// A route message type that a description declares but monitor has no
// decoder of its own for (RTM_NEWSTATS, rt-link's getstats reply) is
// decoded by that description: the summary and the JSON value name its
// attributes, where it used to be only a type and a length.
func TestDescriptionDecodesOtherRouteTypes(t *testing.T) {
	stats := make([]byte, 8*25)
	stats[0] = 5 // rx-packets
	payload := append([]byte{0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0}, nlsock.AppendAttr(nil, 1, stats)...)
	ev := monitor.Event{Proto: unix.NETLINK_ROUTE, Message: nlsock.Message{
		Header: nlsock.Header{Type: rtnl.RTM_NEWSTATS}, Payload: payload}}
	monitor.Describe(&ev)
	if ev.Err != nil || ev.Object != "stats" || !strings.HasPrefix(ev.Text, "+stats ") ||
		!strings.Contains(ev.Text, "ifindex 3") || !strings.Contains(ev.Text, "rx-packets 5") {
		t.Fatalf("RTM_NEWSTATS: object %q, text %q, error %v", ev.Object, ev.Text, ev.Err)
	}
	if j := string(monitor.AppendJSON(nil, &ev)); !strings.Contains(j, `"rx-packets":5`) {
		t.Errorf("JSON %s", j)
	}
}
