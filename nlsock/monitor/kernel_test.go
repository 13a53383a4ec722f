package monitor_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

func testCtx(t *testing.T, d time.Duration) context.Context { return nlsocktest.Context(t, d) }

func openMonitor(t *testing.T, opts monitor.Options, specs ...string) *monitor.Monitor {
	t.Helper()
	var subs []monitor.Subscription
	for _, spec := range specs {
		sub, err := monitor.Resolve(testCtx(t, 5*time.Second), opts.NetNS, spec)
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	m, err := monitor.Open(testCtx(t, 10*time.Second), opts, subs...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// churn creates n veth pairs (PREFIXaI, PREFIXbI) and deletes them again.
func churn(ctx context.Context, ns nlsock.NetNS, prefix string, n int) error {
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		return err
	}
	defer s.Close()
	for i := range n {
		spec := rtnl.LinkSpec{Name: fmt.Sprintf("%sa%d", prefix, i), Kind: "veth", Peer: fmt.Sprintf("%sb%d", prefix, i)}
		if err := rtnl.LinkAdd(ctx, s, spec); err != nil {
			return err
		}
	}
	links, err := rtnl.Links(ctx, s)
	if err != nil {
		return err
	}
	for _, l := range links {
		if strings.HasPrefix(l.Name, prefix+"a") {
			if err := rtnl.LinkDel(ctx, s, l.Index); err != nil {
				return err
			}
		}
	}
	return nil
}

// tally is what a test saw: names created and deleted, overruns.
type tally struct {
	created, deleted map[string]bool
	overruns, events int
	resync           []string
	lines            []string
}

func newTally() *tally { return &tally{created: map[string]bool{}, deleted: map[string]bool{}} }

func (ta *tally) add(ev monitor.Event) {
	ta.lines = append(ta.lines, string(monitor.AppendText(nil, &ev)))
	switch {
	case ev.Overrun:
		ta.overruns++
	case ev.Resync:
		ta.resync = append(ta.resync, ev.Text)
		if f := strings.Fields(ev.Text); len(f) > 1 && f[0] == "+link" {
			ta.created[f[1]] = true
		}
	default:
		ta.events++
		if l, ok := ev.Value.(*rtnl.Link); ok {
			if ev.Message.Header.Type == unix.RTM_DELLINK {
				ta.deleted[l.Name] = true
			} else {
				ta.created[l.Name] = true
			}
		}
	}
}

func (ta *tally) complete(prefix string, n int) bool {
	return ta.missing(prefix, n) == ""
}

func (ta *tally) missing(prefix string, n int) string {
	var miss []string
	for i := range n {
		for _, end := range []string{"a", "b"} {
			name := fmt.Sprintf("%s%s%d", prefix, end, i)
			if !ta.created[name] {
				miss = append(miss, "+"+name)
			}
			if !ta.deleted[name] {
				miss = append(miss, "-"+name)
			}
		}
	}
	if len(miss) > 10 {
		miss = append(miss[:10], fmt.Sprintf("... (%d in all)", len(miss)))
	}
	return strings.Join(miss, " ")
}

// watch consumes events until done says so or ctx ends.
func watch(ctx context.Context, t *testing.T, m *monitor.Monitor, ta *tally, done func() bool) {
	t.Helper()
	for !done() {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("after %d events: %v", ta.events, err)
		}
		ta.add(ev)
	}
}

func TestVethEvents(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns}, "link")
	for _, b := range m.Buffers() {
		if b.Got < 2*monitor.DefaultReadBuffer || !b.Forced {
			t.Errorf("buffer %v, want at least %d bytes forced", b, 2*monitor.DefaultReadBuffer)
		}
	}
	ctx := testCtx(t, 20*time.Second)
	if err := churn(ctx, ns, "ve", 5); err != nil {
		t.Fatal(err)
	}
	ta := newTally()
	watch(ctx, t, m, ta, func() bool { return ta.complete("ve", 5) })
	if ta.overruns != 0 {
		t.Errorf("%d overruns", ta.overruns)
	}
	first := ta.lines[0]
	if !strings.Contains(first, " RTM_NEWLINK +link ve") || !strings.Contains(first, " mtu 1500 DOWN kind veth") ||
		!strings.Contains(first, ns.String()) {
		t.Errorf("first line %q", first)
	}
	sum := m.Summary()
	if sum.Events != ta.events || sum.Types["RTM_NEWLINK"] == 0 || sum.Types["RTM_DELLINK"] < 10 || sum.Overruns != 0 {
		t.Errorf("summary %v", sum)
	}
	if s := sum.String(); !strings.HasPrefix(s, fmt.Sprintf("%d events, 0 overruns in ", ta.events)) || !strings.Contains(s, "RTM_DELLINK") {
		t.Errorf("summary text %q", s)
	}
}

// TestStress creates and deletes 300 veth pairs (1200+ events) while the
// monitor reads with its default raised buffer: nothing may be lost.
func TestStress(t *testing.T) {
	nlsocktest.SkipShort(t, "stress test")
	const pairs = 300
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns}, "link")
	ctx := testCtx(t, 120*time.Second)
	errc := make(chan error, 1)
	go func() { errc <- churn(ctx, ns, "st", pairs) }()
	ta := newTally()
	start := time.Now()
	watch(ctx, t, m, ta, func() bool { return ta.complete("st", pairs) })
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if ta.overruns != 0 {
		t.Errorf("%d overruns with %v", ta.overruns, m.Buffers())
	}
	t.Logf("%d events in %v (%.0f/s)", ta.events, time.Since(start), float64(ta.events)/time.Since(start).Seconds())
}

// TestOverrunResync overflows a tiny buffer on purpose: the overrun must
// be an event of its own, and the resync must report the links whose
// events were lost.
func TestOverrunResync(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, ReadBuffer: 4096, Force: true, Resync: true}, "link")
	ctx := testCtx(t, 30*time.Second)
	// Create only: the resync must then find the links.
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const pairs = 40
	for i := range pairs {
		if err := rtnl.LinkAdd(ctx, s, rtnl.LinkSpec{Name: fmt.Sprintf("ova%d", i), Kind: "veth", Peer: fmt.Sprintf("ovb%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	ta := newTally()
	seenAll := func() bool {
		for i := range pairs {
			if !ta.created[fmt.Sprintf("ova%d", i)] || !ta.created[fmt.Sprintf("ovb%d", i)] {
				return false
			}
		}
		return true
	}
	watch(ctx, t, m, ta, func() bool {
		return ta.overruns > 0 && seenAll() && len(ta.resync) > 0 && strings.HasPrefix(ta.resync[len(ta.resync)-1], "resync:")
	})
	if m.Summary().Overruns == 0 || m.Summary().Resynced == 0 {
		t.Errorf("summary %v", m.Summary())
	}
	var overrunLine string
	for _, l := range ta.lines {
		if strings.Contains(l, "overrun:") {
			overrunLine = l
			break
		}
	}
	if !strings.Contains(overrunLine, "overrun: the kernel dropped events (rcvbuf ") {
		t.Errorf("overrun line %q", overrunLine)
	}
	for _, l := range ta.lines {
		if strings.Contains(l, "overrun") || strings.Contains(l, "resync") || strings.Contains(l, "~link") {
			t.Log(l)
		}
	}
	note := ta.resync[len(ta.resync)-1]
	if !strings.Contains(note, "resync: re-dumped link: ") || !strings.Contains(note, "added") {
		t.Errorf("resync note %q", note)
	}
	// A second resync after the state is current finds nothing new.
	if err := rtnl.LinkDel(ctx, s, mustIndex(t, s, "ova0")); err != nil {
		t.Fatal(err)
	}
	for {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Message.Header.Type == unix.RTM_DELLINK {
			break
		}
	}
}

func mustIndex(t *testing.T, s *nlsock.Socket, name string) int32 {
	t.Helper()
	i, err := rtnl.LinkIndex(context.Background(), s, name)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

func TestJSONAndAddress(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns}, "link", "address", "route")
	ctx := testCtx(t, 10*time.Second)
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	lo := mustIndex(t, s, "lo")
	if err := rtnl.LinkSet(ctx, s, lo, rtnl.LinkChange{Up: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]map[string]any{}
	for len(seen) < 3 {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("%v (seen %v)", err, seen)
		}
		var j map[string]any
		line := monitor.AppendJSON(nil, &ev)
		if err := json.Unmarshal(line, &j); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		seen[ev.Object] = j
	}
	if v := seen["link"]["value"].(map[string]any); v["name"] != "lo" || seen["link"]["proto"] != "route" || seen["link"]["group"] != "link" || seen["address"]["group"] != "ipv4-ifaddr" && seen["address"]["group"] != "ipv6-ifaddr" {
		t.Errorf("link json %v", seen["link"])
	}
	if v := seen["address"]["value"].(map[string]any); v["address"] != "127.0.0.1" && v["address"] != "::1" {
		t.Errorf("address json %v", seen["address"])
	}
	if !strings.Contains(seen["route"]["summary"].(string), "+route ") {
		t.Errorf("route json %v", seen["route"])
	}
	// Every event says its family: the link's is unspec, the others' the
	// family of their address.
	for obj, j := range seen {
		want := "unspec"
		if obj != "link" {
			want = j["value"].(map[string]any)["family"].(string)
		}
		if j["family"] != want || want == "" {
			t.Errorf("%s json family %v, want %q: %v", obj, j["family"], want, j)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestResolve(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	ctx := testCtx(t, 5*time.Second)
	for _, tc := range []struct {
		spec  string
		proto int
		err   string
	}{
		{"link", unix.NETLINK_ROUTE, ""},
		{"all", unix.NETLINK_ROUTE, ""},
		{"ipv6-route", unix.NETLINK_ROUTE, ""},
		{"nftables", unix.NETLINK_NETFILTER, ""},
		{"nlctrl:notify", unix.NETLINK_GENERIC, ""},
		{"nlctrl:nope", 0, `family nlctrl has no group "nope"`},
		{"bogus", 0, `unknown object "bogus"`},
	} {
		sub, err := monitor.Resolve(ctx, ns, tc.spec)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want %q", tc.spec, err, tc.err)
		case tc.err == "" && (err != nil || sub.Proto != tc.proto || len(sub.Groups) == 0):
			t.Errorf("%s: %+v, %v", tc.spec, sub, err)
		}
	}
}

func TestCloseUnblocksNext(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, ReadBuffer: -1}, "link")
	if b := m.Buffers()[0]; b.Asked != 0 || !strings.Contains(b.String(), "kernel default") {
		t.Errorf("buffer %v", b)
	}
	errc := make(chan error, 1)
	go func() { _, err := m.Next(context.Background()); errc <- err }()
	time.Sleep(20 * time.Millisecond)
	m.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, monitor.ErrClosed) {
			t.Errorf("Next after Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Next still blocked after Close")
	}
	if _, err := monitor.Open(context.Background(), monitor.Options{NetNS: ns}); err == nil {
		t.Error("a monitor of nothing opened")
	}
}

// watchNftables opens a monitor of nftables in a new namespace and a
// netfilter socket there to make its events with.
func watchNftables(t *testing.T) (*monitor.Monitor, context.Context, *nlsock.Socket) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns}, "nftables")
	return m, testCtx(t, 10*time.Second), nlsocktest.Open(t, unix.NETLINK_NETFILTER, ns)
}

// TestNftablesEvents watches nf_tables: a table added and deleted reads as
// +table and -table, with the generation events between.
func TestNftablesEvents(t *testing.T) {
	m, ctx, s := watchNftables(t)
	if err := nft.AddTable(ctx, s, unix.NFPROTO_INET, "montab"); err != nil {
		t.Fatal(err)
	}
	if err := nft.DelTable(ctx, s, unix.NFPROTO_INET, "montab"); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for len(texts) < 4 {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("%v after %q", err, texts)
		}
		texts = append(texts, ev.Type+" "+ev.Text+" ["+ev.Family+"]")
	}
	// the tables' nfgen_family is inet; a generation's is unspec
	want := []string{"NFT_MSG_NEWTABLE +table inet montab [inet]", "NFT_MSG_NEWGEN gen ", "NFT_MSG_DELTABLE -table inet montab [inet]", "NFT_MSG_NEWGEN gen "}
	for i := range want {
		if !strings.HasPrefix(texts[i], want[i]) || strings.HasPrefix(want[i], "NFT_MSG_NEWGEN") && !strings.HasSuffix(texts[i], " [unspec]") {
			t.Errorf("event %d: %q, want prefix %q", i, texts[i], want[i])
		}
	}
}

// TestOverrunTwoSources overflows the route socket of a monitor that also
// reads netfilter: with two sources each socket has its own reader
// goroutine, and the overrun must still reach Next as an overrun event of
// the route protocol, not vanish or pass as an empty message.
func TestOverrunTwoSources(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, ReadBuffer: 4096, Force: true}, "link", "nftables")
	if n := len(m.Buffers()); n != 2 {
		t.Fatalf("%d sockets, want 2 (route and netfilter)", n)
	}
	ctx := testCtx(t, 30*time.Second)
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 40 {
		if err := rtnl.LinkAdd(ctx, s, rtnl.LinkSpec{Name: fmt.Sprintf("tsa%d", i), Kind: "veth", Peer: fmt.Sprintf("tsb%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	var overruns, links, other int
	for {
		wctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		ev, err := m.Next(wctx)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			break // quiet: everything queued was read
		}
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case ev.Overrun && ev.Proto == unix.NETLINK_ROUTE:
			overruns++
		case ev.Message.Header.Type == unix.RTM_NEWLINK:
			links++
		default:
			other++
			t.Errorf("unexpected event %s", monitor.AppendText(nil, &ev))
		}
	}
	t.Logf("%d overruns, %d link events of 80 created links", overruns, links)
	if overruns == 0 || links >= 80 || m.Summary().Overruns != overruns {
		t.Errorf("%d overruns (summary %d), %d link events: want the loss reported", overruns, m.Summary().Overruns, links)
	}
}

// TestTruncatedDatagramIsAnOverrun: a datagram larger than the monitor's
// direct-read limit (here 2 MiB sent to its port) is lost; the monitor
// reports it as an overrun naming its size and goes on.
func TestTruncatedDatagramIsAnOverrun(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	var socks []*nlsock.Socket
	m := openMonitor(t, monitor.Options{NetNS: ns, Track: func(s *nlsock.Socket) { socks = append(socks, s) }}, "link")
	ctx := testCtx(t, 20*time.Second)
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := unix.SetsockoptInt(s.FD(), unix.SOL_SOCKET, unix.SO_SNDBUFFORCE, 8<<20); err != nil {
		t.Fatal(err)
	}
	big := nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 0x99}, Payload: make([]byte, 2<<20)})
	if err := unix.Sendto(s.FD(), big, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: socks[0].PortID()}); err != nil {
		t.Fatal(err)
	}
	if err := rtnl.LinkAdd(ctx, s, rtnl.LinkSpec{Name: "tr0", Kind: "veth", Peer: "tr1"}); err != nil {
		t.Fatal(err)
	}
	ev, err := m.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	line := string(monitor.AppendText(nil, &ev))
	if !ev.Overrun || !strings.Contains(line, fmt.Sprintf("overrun: datagram truncated: read %d of %d bytes", 1<<20, len(big))) {
		t.Fatalf("first event %q, want an overrun naming the truncated datagram", line)
	}
	if ev, err = m.Next(ctx); err != nil || ev.Type != "RTM_NEWLINK" {
		t.Fatalf("after the overrun: %v %q", err, ev.Text)
	}
	if m.Summary().Overruns != 1 {
		t.Errorf("summary %v", m.Summary())
	}
}
