package monitor_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// objectID names the object an event's text is about, as a resync's text
// names it too: "link rsa3", "address 10.77.3.1/24", "route 10.78.3.0/24
// table main type unicast", "table ip rs3", "chain ip rs3 c".
func objectID(text string) string {
	f := strings.Fields(text)
	if len(f) < 2 {
		return ""
	}
	switch f[0] {
	case "link", "address":
		return f[0] + " " + f[1]
	case "route":
		id := "route " + f[1]
		for i := 2; i+1 < len(f); i++ {
			if f[i] == "table" || f[i] == "type" {
				id += " " + f[i] + " " + f[i+1]
			}
		}
		return id
	case "table", "chain", "set", "rule":
		return text
	}
	return ""
}

// ours: the objects the burst makes (the namespace's lo and its routes are
// there before the monitor starts).
func ours(id string) bool {
	return strings.Contains(id, " rs") || strings.Contains(id, " 10.77.") || strings.Contains(id, " 10.78.")
}

// TestOverrunResyncEveryFamily forces overruns on a monitor of link,
// address, route and nftables (4 KiB buffers, a burst of changes of every
// kind), then checks that the events it kept plus the resync events
// account for every object the burst left, and for none it removed: the
// final state built from them equals a dump taken after the burst.
func TestOverrunResyncEveryFamily(t *testing.T) {
	nlsocktest.RequireRoot(t)
	if _, err := exec.LookPath("nft"); err != nil && !nlsocktest.Required() {
		t.Skip("no nft")
	}
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, ReadBuffer: 4096, Force: true, Resync: true},
		"link", "address", "route", "nftables")
	ctx := testCtx(t, 60*time.Second)

	const n, tables = 30, 2000 // nf_tables packs ~40 events a datagram, and a reader may take 65 datagrams ahead: overrun for sure
	var ipb, nftb strings.Builder
	for i := range n {
		fmt.Fprintf(&ipb, "link add rsa%d type veth peer name rsb%d\nlink set rsa%d up\n", i, i, i)
		fmt.Fprintf(&ipb, "addr add 10.77.%d.1/24 dev rsa%d\nroute add 10.78.%d.0/24 dev rsa%d\n", i, i, i, i)
	}
	for i := range tables {
		fmt.Fprintf(&nftb, "add table ip rs%d\nadd chain ip rs%d c\n", i, i)
	}
	for i := 0; i < n; i += 2 { // remove half again; routes first: a link's removal flushes them unannounced
		fmt.Fprintf(&ipb, "route del 10.78.%d.0/24 dev rsa%d\naddr del 10.77.%d.1/24 dev rsa%d\nlink del rsa%d\n", i, i, i, i, i)
	}
	for i := 0; i < tables; i += 2 {
		fmt.Fprintf(&nftb, "delete table ip rs%d\n", i)
	}
	feed(t, ns, ipb.String(), "ip", "-batch", "-")
	feed(t, ns, nftb.String(), "nft", "-f", "-")

	r := replay(ctx, t, m, signedName(func(text string) string {
		if id := objectID(text); ours(id) {
			return id
		}
		return ""
	}))
	r.requireResyncs(t, m, unix.NETLINK_ROUTE, unix.NETLINK_NETFILTER)
	want := dumpIDs(ctx, t, ns)
	r.check(t, want)
	if len(want) < 4*n/2+tables {
		t.Errorf("the dump has %d of our objects, want at least %d", len(want), 4*n/2+tables)
	}
}

// feed runs a batch tool (ip -batch -, tc -batch -, nft -f -) in ns with
// script as its input.
func feed(t *testing.T, ns nlsock.NetNS, script string, tool ...string) {
	t.Helper()
	c := exec.Command(tool[0], tool[1:]...)
	c.Stdin = strings.NewReader(script)
	if out, err := runIn(ns, c); err != nil {
		t.Fatalf("%v: %v: %s", tool, err, out)
	}
}

// resyncReplay is what a monitor's events and resyncs said about the
// objects a test watches.
type resyncReplay struct {
	present  map[string]bool // by id: whether the last word on it left it there
	overruns int
	notes    map[int]int // resync notes per protocol
}

// replay reads m until nothing has come for a second (the burst is all
// in). name gives the id of the object an event is about ("" for none of
// the test's) and whether the event removes it; an id that ends in a space
// removed names a group of objects: every id it starts.
func replay(ctx context.Context, t *testing.T, m *monitor.Monitor, name func(*monitor.Event) (string, bool)) *resyncReplay {
	t.Helper()
	r := &resyncReplay{present: map[string]bool{}, notes: map[int]int{}}
	for {
		wait, cancel := context.WithTimeout(ctx, time.Second)
		ev, err := m.Next(wait)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			return r
		}
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case ev.Overrun:
			r.overruns++
			continue
		case ev.Resync && ev.Object == "":
			r.notes[ev.Proto]++
			t.Log(ev.Text)
			continue
		}
		id, gone := name(&ev)
		switch {
		case id == "":
		case gone && strings.HasSuffix(id, " "):
			for k := range r.present {
				if strings.HasPrefix(k, id) {
					r.present[k] = false
				}
			}
		default:
			r.present[id] = !gone
		}
	}
}

// signedName names the events whose text starts with their sign ("+link
// ...", "-route ...", a resync's "~rule ...") by id of the rest.
func signedName(id func(text string) string) func(*monitor.Event) (string, bool) {
	return func(ev *monitor.Event) (string, bool) {
		if len(ev.Text) < 2 {
			return "", false
		}
		return id(ev.Text[1:]), ev.Text[0] == '-'
	}
}

// requireResyncs fails unless the replay saw an overrun and a resync of
// each protocol, and the monitor counted changes found by resync.
func (r *resyncReplay) requireResyncs(t *testing.T, m *monitor.Monitor, protos ...int) {
	t.Helper()
	for _, p := range protos {
		if r.overruns == 0 || r.notes[p] == 0 {
			t.Fatalf("%d overruns, resync notes per protocol %v: the burst did not overrun the 4 KiB buffer of protocol %d", r.overruns, r.notes, p)
		}
	}
	if !strings.Contains(fmt.Sprint(m.Summary()), "changes found by resync") {
		t.Errorf("summary %v: no changes found by resync", m.Summary())
	}
}

// check compares the state the replay ends in with want, a dump taken
// after the burst.
func (r *resyncReplay) check(t *testing.T, want map[string]bool) {
	t.Helper()
	for id := range want {
		if !r.present[id] {
			t.Errorf("%s is in the dump after the burst but not in the events and resyncs", id)
		}
	}
	for id, p := range r.present {
		if p && !want[id] {
			t.Errorf("%s is present after the events and resyncs but not in the dump", id)
		}
	}
}

// dumpIDs dumps links, addresses, routes and nf_tables tables and chains
// and names the burst's objects.
func dumpIDs(ctx context.Context, t *testing.T, ns nlsock.NetNS) map[string]bool {
	ids := map[string]bool{}
	dump := func(proto int, reqs ...nlsock.Message) {
		s, err := nlsock.Open(proto, ns)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, req := range reqs {
			r, err := s.Request(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			for _, msg := range r.Messages {
				ev := monitor.Event{Proto: proto, Message: msg}
				monitor.Describe(&ev)
				if len(ev.Text) < 2 {
					continue
				}
				if id := objectID(ev.Text[1:]); id != "" && ours(id) {
					ids[id] = true
				}
			}
		}
	}
	dump(unix.NETLINK_ROUTE, rtnl.LinkDumpRequest(), rtnl.AddrDumpRequest(), rtnl.RouteDumpRequest())
	nftReq := func(msg uint16) nlsock.Message {
		return nlsock.Message{Header: nlsock.Header{Type: 10<<8 | msg, Flags: nlsock.FlagDump}, Payload: []byte{unix.AF_UNSPEC, 0, 0, 0}}
	}
	dump(unix.NETLINK_NETFILTER, nftReq(1), nftReq(4)) // NFT_MSG_GETTABLE, NFT_MSG_GETCHAIN
	return ids
}
