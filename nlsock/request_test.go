package nlsock_test

import (
	"context"
	"encoding/binary"
	"errors"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// getLo asks for link 1 (lo) by index: one RTM_NEWLINK, then the ACK.
func getLo() nlsock.Message {
	return nlsock.Message{Header: nlsock.Header{Type: unix.RTM_GETLINK}, Payload: ifinfomsg(1, 0, 0)}
}

func TestSeqWraps(t *testing.T) {
	s := routeOrFake(t)
	for want := uint32(1); want <= 3; want++ {
		if got := s.Seq(); got != want {
			t.Fatalf("Seq() = %d, want %d", got, want)
		}
	}
	nlsock.SetSeqForTest(s, 0xFFFFFFFE)
	r, err := s.Request(ctxT(t), getLo())
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := nlsock.ParseHeader(r.Sent); h.Seq != 0xFFFFFFFF {
		t.Errorf("request went out with seq %#x, want 0xffffffff", h.Seq)
	}
	if len(r.Messages) != 1 || r.Messages[0].Header.Seq != 0xFFFFFFFF {
		t.Fatalf("reply %+v, want one message with seq 0xffffffff", r.Messages)
	}
	if got := s.Seq(); got != 1 {
		t.Errorf("after 0xffffffff Seq() = %d, want 1", got)
	}
	r, err = s.Request(ctxT(t), getLo())
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := nlsock.ParseHeader(r.Sent); h.Seq != 2 {
		t.Errorf("next request seq %d, want 2", h.Seq)
	}
}

// TestOwnEventGoesToReceive: a socket in the IPv4 address group adds an
// address. The kernel multicasts RTM_NEWADDR with our seq and port id
// before the ACK; the request must end with the ACK and the event must wait
// for Receive.
func TestOwnEventGoesToReceive(t *testing.T) {
	_, s := freshRoute(t)
	if err := s.Join(unix.RTNLGRP_IPV4_IFADDR); err != nil {
		t.Fatal(err)
	}
	r, err := s.Request(ctxT(t), addrMsg(1, netip.MustParseAddr("10.9.9.9")))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Messages) != 0 {
		t.Errorf("request returned %d messages, want a bare ACK", len(r.Messages))
	}
	sent, _ := nlsock.ParseHeader(r.Sent)
	st := s.Stats()
	if st.Multicast != 1 || st.Queued != 1 {
		t.Errorf("stats %+v, want 1 multicast queued", st)
	}
	m, err := s.Receive(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Type != unix.RTM_NEWADDR || m.Header.Seq != sent.Seq || m.Header.PortID != s.PortID() {
		t.Errorf("event header %+v, want RTM_NEWADDR seq %d port %d", m.Header, sent.Seq, s.PortID())
	}
	if want := uint32(1) << (unix.RTNLGRP_IPV4_IFADDR - 1); m.Source.Groups != want || !m.Multicast() {
		t.Errorf("event source %+v, want groups %#x", m.Source, want)
	}
}

// TestAbandonedRequestDoesNotPoison: replies to a request nobody waits for
// do not disturb the next three requests; they are kept for Receive.
func TestAbandonedRequestDoesNotPoison(t *testing.T) {
	s := routeOrFake(t)
	ctx := ctxT(t)
	abandoned := getLo()
	abandoned.Header.Seq = s.Seq()
	abandoned.Header.Flags = nlsock.FlagRequest | nlsock.FlagAck
	if err := s.Send(ctx, abandoned); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		r, err := s.Request(ctx, getLo())
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		sent, _ := nlsock.ParseHeader(r.Sent)
		if len(r.Messages) != 1 || r.Messages[0].Header.Seq != sent.Seq {
			t.Fatalf("request %d: %d messages (%+v), want the one link with seq %d", i, len(r.Messages), r.Messages, sent.Seq)
		}
	}
	if st := s.Stats(); st.Stale != 2 || st.Queued != 2 {
		t.Errorf("stats %+v, want the abandoned reply and ACK stale and queued", st)
	}
	for _, want := range []uint16{unix.RTM_NEWLINK, nlsock.TypeError} {
		m, err := s.Receive(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if m.Header.Type != want || m.Header.Seq != abandoned.Header.Seq {
			t.Errorf("queued %+v, want type %d seq %d", m.Header, want, abandoned.Header.Seq)
		}
	}
}

// TestAbandonedDumpThenDump: a dump cut short by its handler still holds
// the kernel's dump slot; the next dump must not fail with EBUSY, and the
// rest of the first dump is kept for Receive.
func TestAbandonedDumpThenDump(t *testing.T) {
	ns, s := freshRoute(t)
	addVeths(t, ns.NetNS(), 20)
	stop := errors.New("enough")
	_, err := s.Request(ctxT(t), linkDump(), nlsock.WithHandler(func(nlsock.Message) error { return stop }))
	if !errors.Is(err, stop) {
		t.Fatalf("handler error: got %v", err)
	}
	r, err := s.Request(ctxT(t), linkDump())
	if err != nil {
		t.Fatalf("second dump: %v", err)
	}
	if len(r.Messages) != 41 {
		t.Errorf("second dump: %d links, want 41", len(r.Messages))
	}
	if st := s.Stats(); st.Stale == 0 || st.Queued == 0 {
		t.Errorf("stats %+v: the rest of the first dump should be queued as stale", st)
	}
}

// TestForgedAckIgnored: unicast from another socket that mimics the ACK of
// our next request (same seq, error 0) must not complete it.
func TestForgedAckIgnored(t *testing.T) {
	ns, s := freshRoute(t)
	b := openRoute(t, ns.NetNS(), nlsock.Config{})
	nlsock.SetSeqForTest(s, 41) // the next request uses seq 42
	forged := make([]byte, 4+16)
	binary.NativeEndian.PutUint32(forged[4:], 16)
	binary.NativeEndian.PutUint16(forged[8:], unix.RTM_GETLINK)
	binary.NativeEndian.PutUint32(forged[12:], 42)
	msg := nlsock.AppendMessage(nil, nlsock.Message{
		Header:  nlsock.Header{Type: nlsock.TypeError, Seq: 42, PortID: s.PortID(), Flags: nlsock.FlagCapped},
		Payload: forged,
	})
	if err := unix.Sendto(b.FD(), msg, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: s.PortID()}); err != nil {
		t.Fatalf("forge: %v", err)
	}
	r, err := s.Request(ctxT(t), linkDump())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Messages) != 1 {
		t.Errorf("dump returned %d messages, want 1 (the forged ACK must not end it)", len(r.Messages))
	}
	if st := s.Stats(); st.Foreign != 1 {
		t.Errorf("stats %+v, want 1 foreign", st)
	}
	m, err := s.Receive(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if m.Source.PortID != b.PortID() || m.FromKernel() {
		t.Errorf("queued message from %+v, want port %d", m.Source, b.PortID())
	}
}

// TestRequestWhileReceiving: a goroutine blocked in Receive reads the
// socket; a request's reply must still reach the request.
func TestRequestWhileReceiving(t *testing.T) {
	s := routeOrFake(t)
	recvErr := make(chan error, 1)
	go func() {
		_, err := s.Receive(context.Background())
		recvErr <- err
	}()
	time.Sleep(20 * time.Millisecond) // let Receive take the socket
	for i := range 5 {
		r, err := s.Request(ctxT(t), linkDump())
		if err != nil || len(r.Messages) != 1 {
			t.Fatalf("dump %d: %v, %d messages", i, err, len(r.Messages))
		}
	}
	s.Close()
	if err := <-recvErr; !errors.Is(err, nlsock.ErrClosed) {
		t.Errorf("Receive after Close: %v", err)
	}
}

// TestConcurrentRequests: requests from many goroutines take turns.
func TestConcurrentRequests(t *testing.T) {
	ns, s := freshRoute(t)
	addVeths(t, ns.NetNS(), 5)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for range 8 {
		wg.Go(func() {
			for range 5 {
				r, err := s.Request(ctxT(t), linkDump())
				if err == nil && len(r.Messages) != 11 {
					err = errors.New("wrong link count")
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := s.Stats(); st != (nlsock.Stats{}) {
		t.Errorf("stats %+v, want nothing stray", st)
	}
}

// TestLargeDatagramReadWhole: a 100 KiB datagram (more than the 32 KiB
// buffer) arrives whole.
func TestLargeDatagramReadWhole(t *testing.T) {
	ns, s := freshRoute(t)
	b := openRoute(t, ns.NetNS(), nlsock.Config{})
	payload := make([]byte, 100<<10)
	for i := range payload {
		payload[i] = byte(i)
	}
	msg := nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 0x99}, Payload: payload})
	if err := unix.Sendto(b.FD(), msg, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: s.PortID()}); err != nil {
		t.Fatal(err)
	}
	m, err := s.Receive(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Payload) != len(payload) || m.Payload[len(payload)-1] != payload[len(payload)-1] {
		t.Errorf("got %d payload bytes, want %d intact", len(m.Payload), len(payload))
	}
}

// TestEventsRequestsAndReceiveTogether: one goroutine receives events while
// another makes requests on the same socket (some of which cause events)
// and a second socket causes more: every event reaches Receive exactly
// once, every request gets its own reply.
func TestEventsRequestsAndReceiveTogether(t *testing.T) {
	ns, s := freshRoute(t)
	other := openRoute(t, ns.NetNS(), nlsock.Config{})
	if err := s.Join(unix.RTNLGRP_IPV4_IFADDR); err != nil {
		t.Fatal(err)
	}
	const each = 100
	events := make(chan int, 1)
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	go func() {
		n := 0
		for {
			m, err := s.Receive(ctx)
			if err != nil {
				events <- n
				return
			}
			if m.Header.Type == unix.RTM_NEWADDR && m.Multicast() {
				n++
			}
		}
	}()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range each {
			if _, err := s.Request(ctx, addrMsg(1, nthAddr(i))); err != nil {
				t.Errorf("add via s: %v", err)
				return
			}
			if i%10 == 0 {
				r, err := s.Request(ctx, linkDump())
				if err != nil || len(r.Messages) != 1 {
					t.Errorf("dump: %v", err)
					return
				}
			}
		}
	})
	wg.Go(func() {
		for i := range each {
			if _, err := other.Request(ctx, addrMsg(1, nthAddr(1000+i))); err != nil {
				t.Errorf("add via other: %v", err)
				return
			}
		}
	})
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for s.Stats().Multicast < 2*each && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	cancel()
	if n := <-events; n != 2*each {
		t.Errorf("Receive saw %d address events, want %d (stats %+v)", n, 2*each, s.Stats())
	}
}

// TestHighGroupEvent: sockaddr_nl carries groups only as a 32-bit mask, 0
// for a group above 32, so without NETLINK_PKTINFO an event of
// RTNLGRP_IPV4_MCADDR (37) looks like kernel unicast. Bringing lo up joins
// 224.0.0.1 on it, which the kernel announces in that group while our
// request is in flight: the request must end with its ACK, and the event
// must reach Receive as multicast from group 37.
func TestHighGroupEvent(t *testing.T) {
	_, s := freshRoute(t)
	if err := s.Join(unix.RTNLGRP_IPV4_MCADDR); err != nil {
		t.Fatal(err)
	}
	setLinkUp(t, s, 1)
	st := s.Stats()
	if st.Multicast == 0 || st.Stale != 0 || st.Queued == 0 {
		t.Errorf("stats %+v, want the group 37 events counted as multicast, none as stale", st)
	}
	m, err := s.Receive(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Type != unix.RTM_NEWMULTICAST {
		t.Errorf("event type %d, want RTM_NEWMULTICAST (%d)", m.Header.Type, unix.RTM_NEWMULTICAST)
	}
	want := nlsock.Addr{PortID: 0, Groups: 0, Group: unix.RTNLGRP_IPV4_MCADDR}
	if m.Source != want || !m.Multicast() || m.FromKernel() != true {
		t.Errorf("event source %+v (multicast %v), want %+v", m.Source, m.Multicast(), want)
	}
}

// TestLowGroupSource: for groups 1-32 Source has both the mask and the
// group number.
func TestLowGroupSource(t *testing.T) {
	_, s := freshRoute(t)
	for _, g := range []uint32{unix.RTNLGRP_LINK, unix.RTNLGRP_NEXTHOP} {
		if err := s.Join(g); err != nil {
			t.Fatal(err)
		}
	}
	setLinkUp(t, s, 1)
	m, err := s.Receive(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	want := nlsock.Addr{Groups: 1 << (unix.RTNLGRP_LINK - 1), Group: unix.RTNLGRP_LINK}
	if m.Header.Type != unix.RTM_NEWLINK || m.Source != want {
		t.Errorf("event %+v from %+v, want RTM_NEWLINK from %+v", m.Header, m.Source, want)
	}
	// A reply is unicast: group 0 and no mask.
	r, err := s.Request(ctxT(t), getLo())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Messages) != 1 || r.Messages[0].Source != (nlsock.Addr{}) {
		t.Errorf("reply %+v, want one unicast message", r.Messages)
	}
}
