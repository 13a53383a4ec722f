package monitor_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlfake"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// These tests check the monitor's own logic on a fake kernel
// (nlsock/nlfake), without root: how it decodes what arrives through a
// group, reports and counts an overrun, resyncs from a re-dump, and prints
// an event. What the kernel sends is proved on Linux by kernel_test.go and
// resync_test.go; here the test decides it.

// fakeRoute is a fake kernel whose route link dump answers links, which a
// test may change between dumps.
type fakeRoute struct {
	*nlfake.Kernel
	mu    sync.Mutex
	links []netlink.Message
}

func newFakeRoute(t *testing.T, links ...netlink.Message) *fakeRoute {
	f := &fakeRoute{Kernel: nlfake.New(t), links: links}
	f.Handle(unix.NETLINK_ROUTE, func(req []netlink.Message) ([]netlink.Message, error) {
		if req[0].Header.Type != unix.RTM_GETLINK {
			return nil, nil // an empty dump
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		return append([]netlink.Message(nil), f.links...), nil
	})
	return f
}

// setLinks changes what the next link dump answers.
func (f *fakeRoute) setLinks(links ...netlink.Message) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.links = links
}

// openFakeMonitor opens a monitor of the link group on f; the returned socket
// is the one it listens on.
func openFakeMonitor(t *testing.T, f *fakeRoute, opts monitor.Options) (*monitor.Monitor, *nlsock.Socket) {
	t.Helper()
	var socks []*nlsock.Socket
	opts.Open, opts.ReadBuffer = f.OpenIn, -1
	opts.Track = func(s *nlsock.Socket) { socks = append(socks, s) }
	m, err := monitor.Open(context.Background(), opts,
		monitor.Subscription{Spec: "link", Proto: unix.NETLINK_ROUTE, Groups: []uint32{rtnl.RTNLGRP_LINK}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if len(socks) != 1 {
		t.Fatalf("the monitor tracked %d sockets, want 1", len(socks))
	}
	return m, socks[0]
}

// notifyLink multicasts msg to the link group and fails unless one socket
// (the monitor's) got it.
func notifyLink(t *testing.T, f *fakeRoute, msg netlink.Message) {
	t.Helper()
	if n, err := f.Notify(unix.NETLINK_ROUTE, rtnl.RTNLGRP_LINK, msg); err != nil || n != 1 {
		t.Fatalf("notify reached %d sockets (%v), want the monitor's", n, err)
	}
}

func nextEvent(t *testing.T, m *monitor.Monitor) monitor.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev, err := m.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func withType(m netlink.Message, typ netlink.HeaderType) netlink.Message {
	m.Header.Type = typ
	return m
}

// An event from the link group is decoded as a link, named by its group,
// counted by type, and printed as text and as JSON.
func TestFakeLinkEvent(t *testing.T) {
	f := newFakeRoute(t)
	m, _ := openFakeMonitor(t, f, monitor.Options{})
	notifyLink(t, f, nlfake.Link(7, "veth0", 1400, unix.IFF_UP))
	notifyLink(t, f, withType(nlfake.Link(7, "veth0", 1400, 0), unix.RTM_DELLINK))

	ev := nextEvent(t, m)
	if ev.Type != "RTM_NEWLINK" || ev.Object != "link" || ev.Group != rtnl.RTNLGRP_LINK || ev.Family != "unspec" || ev.Overrun || ev.Err != nil {
		t.Errorf("event %+v", ev)
	}
	if l, ok := ev.Value.(*rtnl.Link); !ok || l.Name != "veth0" || l.Index != 7 || l.MTU != 1400 {
		t.Errorf("value %#v, want the link veth0, index 7, mtu 1400", ev.Value)
	}
	text := string(monitor.AppendText(nil, &ev))
	for _, want := range []string{" RTM_NEWLINK ", "veth0", "1400", "UP"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q lacks %q", text, want)
		}
	}
	var j struct {
		Type, Object, Family, Group string
		Value                       struct {
			Name  string `json:"name"`
			Index int    `json:"ifindex"`
			MTU   int    `json:"mtu"`
		}
	}
	line := monitor.AppendJSON(nil, &ev)
	if err := json.Unmarshal(line, &j); err != nil {
		t.Fatalf("JSON %s: %v", line, err)
	}
	if j.Type != "RTM_NEWLINK" || j.Object != "link" || j.Family != "unspec" || j.Group != "link" ||
		j.Value.Name != "veth0" || j.Value.Index != 7 || j.Value.MTU != 1400 {
		t.Errorf("JSON %s decoded as %+v", line, j)
	}

	if del := nextEvent(t, m); del.Type != "RTM_DELLINK" || !strings.Contains(string(monitor.AppendText(nil, &del)), "veth0") {
		t.Errorf("second event %+v", del)
	}
	sum := m.Summary()
	if sum.Events != 2 || sum.Overruns != 0 || sum.Types["RTM_NEWLINK"] != 1 || sum.Types["RTM_DELLINK"] != 1 {
		t.Errorf("summary %+v", sum)
	}
}

// An overrun is an event of its own, in order, counted apart from the
// messages; the events after it still arrive.
func TestFakeOverrunReportedAndCounted(t *testing.T) {
	f := newFakeRoute(t)
	m, sock := openFakeMonitor(t, f, monitor.Options{})
	if err := f.Overrun(sock); err != nil {
		t.Fatal(err)
	}
	ev := nextEvent(t, m)
	if !ev.Overrun || ev.Type != "overrun" || !strings.Contains(ev.Text, "raise --rcvbuf or use --resync") {
		t.Fatalf("first event %+v, want the overrun", ev)
	}
	notifyLink(t, f, nlfake.Link(3, "eth1", 1500, 0))
	if ev := nextEvent(t, m); ev.Type != "RTM_NEWLINK" || ev.Overrun {
		t.Errorf("event after the overrun %+v", ev)
	}
	if sum := m.Summary(); sum.Overruns != 1 || sum.Events != 1 {
		t.Errorf("summary %+v, want 1 overrun, 1 event", sum)
	}
}

// With Resync an overrun re-dumps the links and reports what changed
// since the dump at Open: one added, one gone, one changed, then a note.
func TestFakeResyncAfterOverrun(t *testing.T) {
	lo := nlfake.Link(1, "lo", 65536, unix.IFF_LOOPBACK)
	f := newFakeRoute(t, lo, nlfake.Link(2, "eth0", 1500, 0), nlfake.Link(3, "old0", 1500, 0))
	m, sock := openFakeMonitor(t, f, monitor.Options{Resync: true})
	f.setLinks(lo, nlfake.Link(2, "eth0", 9000, 0), nlfake.Link(4, "new0", 1500, 0))
	dumpsBefore := linkDumps(f)
	if err := f.Overrun(sock); err != nil {
		t.Fatal(err)
	}
	if ev := nextEvent(t, m); !ev.Overrun || !strings.Contains(ev.Text, "re-dumping to resync") {
		t.Fatalf("first event %+v, want the overrun", ev)
	}
	if n := linkDumps(f) - dumpsBefore; n != 1 {
		t.Errorf("%d link dumps after the overrun, want 1", n)
	}
	var found []string
	for {
		ev := nextEvent(t, m)
		if !ev.Resync {
			t.Fatalf("event %+v during the resync", ev)
		}
		if ev.Object == "" {
			if want := "resync: re-dumped link: 1 added, 1 removed, 1 changed while events were lost"; ev.Text != want {
				t.Errorf("note %q, want %q", ev.Text, want)
			}
			break
		}
		found = append(found, ev.Text)
	}
	want := []string{"~link eth0", "-link old0", "+link new0"}
	if len(found) != len(want) {
		t.Fatalf("resync events %q, want %d: %q", found, len(want), want)
	}
	for i, w := range want {
		if !strings.HasPrefix(found[i], w+" ") {
			t.Errorf("resync event %d: %q, want %q...", i, found[i], w)
		}
	}
	if !strings.Contains(found[0], "9000") {
		t.Errorf("the changed link %q lacks its new mtu", found[0])
	}
	if sum := m.Summary(); sum.Overruns != 1 || sum.Resynced != 3 || sum.Events != 0 {
		t.Errorf("summary %+v, want 1 overrun, 3 changes found by resync", sum)
	}
}

// linkDumps counts the link dump requests the fake received.
func linkDumps(f *fakeRoute) int {
	n := 0
	for _, r := range f.Requests() {
		if len(r.Messages) > 0 && r.Messages[0].Header.Type == unix.RTM_GETLINK && r.Messages[0].Header.Flags&netlink.Dump == netlink.Dump {
			n++
		}
	}
	return n
}
