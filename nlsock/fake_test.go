package nlsock_test

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlfake"
	"golang.org/x/sys/unix"
)

// These tests run the Socket against nlfake, with no root and no
// namespace: they check how nlsock treats an answer (split dumps, errors,
// events, overruns), which the kernel tests (dump_test.go, overrun_test.go,
// ...) prove against Linux itself.

// fakeRoute opens a route socket on a fresh fake kernel answering with h.
func fakeRoute(t *testing.T, h func(req []netlink.Message) ([]netlink.Message, error)) (*nlfake.Kernel, *nlsock.Socket) {
	t.Helper()
	k := nlfake.New(t)
	k.Handle(unix.NETLINK_ROUTE, h)
	return k, openFake(t, k)
}

func openFake(t *testing.T, k *nlfake.Kernel) *nlsock.Socket {
	t.Helper()
	s, err := k.Open(unix.NETLINK_ROUTE, nlsock.Config{RequestTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// links answers a dump with n RTM_NEWLINK messages, each's payload its
// index as one byte (enough to check order and completeness).
func links(n int) func([]netlink.Message) ([]netlink.Message, error) {
	return func([]netlink.Message) ([]netlink.Message, error) {
		out := make([]netlink.Message, n)
		for i := range out {
			out[i] = linkMsg(i)
		}
		return out, nil
	}
}

// linkMsg is an RTM_NEWLINK whose payload is one byte, i.
func linkMsg(i int) netlink.Message {
	return netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK}, Data: []byte{byte(i)}}
}

// fakeListener opens a socket on a fresh fake kernel and joins it to
// RTNLGRP_LINK.
func fakeListener(t *testing.T) (*nlfake.Kernel, *nlsock.Socket) {
	t.Helper()
	k := nlfake.New(t)
	s := openFake(t, k)
	if err := s.Join(unix.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}
	return k, s
}

// notifyLink sends linkMsg(i) to RTNLGRP_LINK and returns how many
// sockets it reached.
func notifyLink(t *testing.T, k *nlfake.Kernel, i int) int {
	t.Helper()
	n, err := k.Notify(unix.NETLINK_ROUTE, unix.RTNLGRP_LINK, linkMsg(i))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func checkFakeLinks(t *testing.T, msgs []nlsock.Message, n int) {
	t.Helper()
	if len(msgs) != n {
		t.Fatalf("%d messages, want %d", len(msgs), n)
	}
	for i, m := range msgs {
		if m.Header.Type != unix.RTM_NEWLINK || len(m.Payload) != 1 || m.Payload[0] != byte(i) {
			t.Fatalf("message %d: %+v %x", i, m.Header, m.Payload)
		}
	}
}

// A dump answered over many datagrams (3 messages each) comes back whole
// and in order, and the fake saw the request nlsock built.
func TestFakeDumpMultipart(t *testing.T) {
	k, s := fakeRoute(t, links(100))
	k.SetDumpBatch(3)
	r, err := s.Request(ctxT(t), linkDump())
	if err != nil {
		t.Fatal(err)
	}
	checkFakeLinks(t, r.Messages, 100)
	reqs := k.Requests()
	if len(reqs) != 1 || len(reqs[0].Messages) != 1 {
		t.Fatalf("requests %+v", reqs)
	}
	h := reqs[0].Messages[0].Header
	if h.Type != unix.RTM_GETLINK || h.Flags&netlink.Dump != netlink.Dump || h.Sequence != 1 || h.PID != 0 {
		t.Errorf("request header %+v", h)
	}
	if reqs[0].PortID != s.PortID() {
		t.Errorf("request from port %d, socket is %d", reqs[0].PortID, s.PortID())
	}
}

// A dump read as a Stream yields its datagrams one Next at a time.
func TestFakeStreamWhole(t *testing.T) {
	k, s := fakeRoute(t, links(10))
	k.SetDumpBatch(4)
	st, err := s.StartDump(ctxT(t), linkDump())
	if err != nil {
		t.Fatal(err)
	}
	var got []nlsock.Message
	nexts := 0
	for {
		more, err := st.Next(ctxT(t), func(m nlsock.Message) error {
			m.Payload = append([]byte(nil), m.Payload...)
			got = append(got, m)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		nexts++
		if !more {
			break
		}
	}
	checkFakeLinks(t, got, 10)
	if nexts < 3 {
		t.Errorf("%d calls of Next for 3 datagrams of data", nexts)
	}
}

// An NLMSG_ERROR with ext-ack TLVs becomes a KernelError carrying the
// errno, the message and the offset.
func TestFakeKernelErrorExtAck(t *testing.T) {
	_, s := fakeRoute(t, func(req []netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{nlfake.ExtAckError(int(unix.EINVAL), req[0], "bad thing", 20)}, nil
	})
	_, err := s.Request(ctxT(t), addrMsg(1, nthAddr(1)))
	var ke *nlsock.KernelError
	if !errors.As(err, &ke) {
		t.Fatalf("error %v, want a KernelError", err)
	}
	if ke.Errno != unix.EINVAL || ke.ExtAck.Msg != "bad thing" || !ke.ExtAck.HasOffset || ke.ExtAck.Offset != 20 {
		t.Errorf("KernelError %+v", ke)
	}
	if ke.Request.Type != unix.RTM_NEWADDR {
		t.Errorf("echoed request type %d", ke.Request.Type)
	}
	if !strings.Contains(err.Error(), "bad thing") {
		t.Errorf("error %q does not carry the kernel's message", err)
	}
}

// An ACK with TLVs is a success with a warning.
func TestFakeAckWarning(t *testing.T) {
	_, s := fakeRoute(t, func(req []netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{nlfake.ExtAckError(0, req[0], "deprecated", 0)}, nil
	})
	r, err := s.Request(ctxT(t), addrMsg(1, nthAddr(1)))
	if err != nil {
		t.Fatal(err)
	}
	if r.Warning == nil || r.Warning.Msg != "deprecated" || r.Warning.HasOffset {
		t.Errorf("warning %+v", r.Warning)
	}
}

// A handler's errno becomes an error reply (nltest.Error), and a request
// the fake does not answer (io.EOF) times out instead of hanging.
func TestFakeErrnoAndIgnored(t *testing.T) {
	ignore := atomic.Bool{}
	_, s := fakeRoute(t, func(req []netlink.Message) ([]netlink.Message, error) {
		if ignore.Load() {
			return nil, io.EOF
		}
		return nil, unix.EEXIST
	})
	_, err := s.Request(ctxT(t), addrMsg(1, nthAddr(1)))
	if !errors.Is(err, unix.EEXIST) {
		t.Fatalf("error %v, want EEXIST", err)
	}
	ignore.Store(true)
	start := time.Now()
	_, err = s.Request(ctxT(t), addrMsg(1, nthAddr(1)), nlsock.WithTimeout(200*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("ignored request: %v after %v", err, time.Since(start))
	}
}

// NLM_F_DUMP_INTR on a dump's message marks the reply Interrupted, and
// WithRetryInterrupted repeats the dump until it is clean.
func TestFakeDumpInterrupted(t *testing.T) {
	calls := atomic.Int32{}
	k, s := fakeRoute(t, func(req []netlink.Message) ([]netlink.Message, error) {
		msgs, _ := links(5)(req)
		if calls.Add(1) <= 2 {
			msgs[3].Header.Flags |= netlink.DumpInterrupted
		}
		return msgs, nil
	})
	r, err := s.Request(ctxT(t), linkDump())
	if err != nil || !r.Interrupted {
		t.Fatalf("first dump: %v, interrupted %v", err, r != nil && r.Interrupted)
	}
	checkFakeLinks(t, r.Messages, 5)
	r, err = s.Request(ctxT(t), linkDump(), nlsock.WithRetryInterrupted(3))
	if err != nil || r.Interrupted {
		t.Fatalf("retried dump: %v, interrupted %v", err, r != nil && r.Interrupted)
	}
	if n := len(k.Requests()); n != 3 {
		t.Errorf("%d dumps sent, want 3 (one, then one interrupted and its retry)", n)
	}
}

// Events reach the sockets that joined their group, tagged with it, and
// only those; Leave stops them.
func TestFakeEventsToJoinedGroups(t *testing.T) {
	k := nlfake.New(t)
	in, out := openFake(t, k), openFake(t, k)
	if err := in.Join(unix.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}
	if err := in.Join(unix.RTNLGRP_IPV4_IFADDR); err != nil {
		t.Fatal(err)
	}
	if gs, err := in.Memberships(); err != nil || len(gs) != 2 || gs[0] != unix.RTNLGRP_LINK || gs[1] != unix.RTNLGRP_IPV4_IFADDR {
		t.Fatalf("memberships %v, %v", gs, err)
	}
	ev := linkMsg(7)
	if n, err := k.Notify(unix.NETLINK_ROUTE, unix.RTNLGRP_LINK, ev); err != nil || n != 1 {
		t.Fatalf("notify reached %d sockets: %v", n, err)
	}
	m, err := in.Receive(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if !m.Multicast() || m.Source.Group != unix.RTNLGRP_LINK || m.Source.PortID != 0 || m.Header.Type != unix.RTM_NEWLINK {
		t.Errorf("event %+v from %+v", m.Header, m.Source)
	}
	if st := in.Stats(); st.Multicast != 1 || st.Stale != 0 {
		t.Errorf("stats %+v", st)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if m, err := out.Receive(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a socket that joined nothing received %+v, %v", m.Header, err)
	}
	if err := in.Leave(unix.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}
	if n, _ := k.Notify(unix.NETLINK_ROUTE, unix.RTNLGRP_LINK, ev); n != 0 {
		t.Errorf("an event reached %d sockets after Leave", n)
	}
	if err := in.Join(33); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Notify(unix.NETLINK_ROUTE, 33, ev); err == nil {
		t.Error("notified group 33, which the fake cannot show")
	}
}

// An event the fake sends while a request waits goes to Receive, the
// reply to the request.
func TestFakeEventDuringRequest(t *testing.T) {
	var k *nlfake.Kernel
	k, s := fakeRoute(t, func(req []netlink.Message) ([]netlink.Message, error) {
		ev := netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWADDR}, Data: []byte{1}}
		if _, err := k.Notify(unix.NETLINK_ROUTE, unix.RTNLGRP_IPV4_IFADDR, ev); err != nil {
			return nil, err
		}
		return nil, nil
	})
	if err := s.Join(unix.RTNLGRP_IPV4_IFADDR); err != nil {
		t.Fatal(err)
	}
	r, err := s.Request(ctxT(t), addrMsg(1, nthAddr(1)))
	if err != nil || len(r.Messages) != 0 {
		t.Fatalf("request: %v", err)
	}
	m, err := s.Receive(ctxT(t))
	if err != nil || m.Header.Type != unix.RTM_NEWADDR || m.Source.Group != unix.RTNLGRP_IPV4_IFADDR {
		t.Fatalf("receive: %+v %v", m.Header, err)
	}
}

// A reply whose seq no request waits for is stale: counted, and handed to
// Receive rather than taken for the next request's reply.
func TestFakeStaleReply(t *testing.T) {
	_, s := fakeRoute(t, func(req []netlink.Message) ([]netlink.Message, error) {
		old := netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK, Sequence: req[0].Header.Sequence + 100}, Data: []byte{9}}
		return []netlink.Message{old}, nil
	})
	if _, err := s.Request(ctxT(t), addrMsg(1, nthAddr(1))); err != nil {
		t.Fatal(err)
	}
	m, err := s.Receive(ctxT(t))
	if err != nil || m.Header.Seq != 101 || m.Header.Type != unix.RTM_NEWLINK {
		t.Fatalf("receive: %+v %v", m.Header, err)
	}
	if st := s.Stats(); st.Stale != 1 {
		t.Errorf("stats %+v, want 1 stale", st)
	}
}

// An overrun is reported once by Receive, counted, and the socket goes on.
func TestFakeOverrunViaReceive(t *testing.T) {
	k, s := fakeListener(t)
	if err := k.Overrun(s); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Receive(ctxT(t)); !errors.Is(err, nlsock.ErrOverrun) {
		t.Fatalf("receive: %v, want ErrOverrun", err)
	}
	notifyLink(t, k, 0)
	if m, err := s.Receive(ctxT(t)); err != nil || m.Header.Type != unix.RTM_NEWLINK {
		t.Fatalf("receive after the overrun: %+v %v", m.Header, err)
	}
	if st := s.Stats(); st.Overruns != 1 {
		t.Errorf("stats %+v, want 1 overrun", st)
	}
}

// Events sent faster than a socket reads overflow its queue: the lost
// ones surface as an overrun, and those kept arrive in order.
func TestFakeNotifyOverflowOverruns(t *testing.T) {
	k, s := fakeListener(t)
	// An AF_UNIX socket queues net.unix.max_dgram_qlen datagrams.
	qlen := 10
	if b, err := os.ReadFile("/proc/sys/net/unix/max_dgram_qlen"); err == nil {
		qlen, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	sent := min(qlen+20, 250) // the payload byte numbers them
	reached := 0
	for i := range sent {
		reached += notifyLink(t, k, i)
	}
	if reached == sent {
		t.Fatalf("all %d events were queued (max_dgram_qlen %d): nothing overflowed", sent, qlen)
	}
	overruns, events, last := 0, 0, -1
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		m, err := s.Receive(ctx)
		cancel()
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			if overruns == 0 || events != reached {
				t.Fatalf("%d overruns, %d events of %d delivered", overruns, events, reached)
			}
			return
		case errors.Is(err, nlsock.ErrOverrun):
			overruns++
		case err != nil:
			t.Fatal(err)
		default:
			if int(m.Payload[0]) <= last {
				t.Fatalf("event %d after %d", m.Payload[0], last)
			}
			last = int(m.Payload[0])
			events++
		}
	}
}

// A reply lost to an overrun fails the request with ErrOverrun soon
// instead of waiting out its timeout.
func TestFakeOverrunLosesReply(t *testing.T) {
	_, s := fakeRoute(t, func([]netlink.Message) ([]netlink.Message, error) { return nil, unix.ENOBUFS })
	start := time.Now()
	_, err := s.Request(ctxT(t), addrMsg(1, nthAddr(1)), nlsock.WithTimeout(20*time.Second))
	if !errors.Is(err, nlsock.ErrOverrun) {
		t.Fatalf("error %v, want ErrOverrun", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the request took %v", d)
	}
}

// A listener in direct-read mode reads a burst of events, reports one too
// large for its buffer (never under 32 KiB) as truncated, and sees overruns
// too.
func TestFakeDirectRead(t *testing.T) {
	k, s := fakeListener(t)
	if err := s.SetDirectRead(256); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		notifyLink(t, k, i)
	}
	k.Notify(unix.NETLINK_ROUTE, unix.RTNLGRP_LINK, netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK}, Data: make([]byte, 40000)})
	for i := range 5 {
		m, err := s.Receive(ctxT(t))
		if err != nil || m.Payload[0] != byte(i) {
			t.Fatalf("event %d: %v %x", i, err, m.Payload)
		}
	}
	if _, err := s.Receive(ctxT(t)); !errors.Is(err, nlsock.ErrTruncated) || !strings.Contains(err.Error(), "40016") {
		t.Fatalf("large event: %v, want ErrTruncated naming 40016 bytes", err)
	}
	k.Overrun(s)
	if _, err := s.Receive(ctxT(t)); !errors.Is(err, nlsock.ErrOverrun) {
		t.Fatalf("receive: %v, want ErrOverrun", err)
	}
}

// A datagram larger than the default read buffer is read whole (the peek
// sizes the buffer).
func TestFakeLargeDatagramReadWhole(t *testing.T) {
	_, s := fakeRoute(t, func([]netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{{Header: netlink.Header{Type: unix.RTM_NEWLINK}, Data: make([]byte, 100<<10)}}, nil
	})
	r, err := s.Request(ctxT(t), getLo())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Messages) != 1 || len(r.Messages[0].Payload) != 100<<10 {
		t.Fatalf("%d messages", len(r.Messages))
	}
}

// Close wakes a Receive blocked on the fake.
func TestFakeCloseUnblocks(t *testing.T) {
	k := nlfake.New(t)
	s := openFake(t, k)
	done := make(chan error, 1)
	go func() {
		_, err := s.Receive(context.Background())
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	s.Close()
	select {
	case err := <-done:
		if !errors.Is(err, nlsock.ErrClosed) {
			t.Errorf("receive: %v, want ErrClosed", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Receive still blocked 2s after Close")
	}
}

// Seq wraps from 0xFFFFFFFF to 1 on the wire too.
func TestFakeSeqWraps(t *testing.T) {
	k, s := fakeRoute(t, func([]netlink.Message) ([]netlink.Message, error) { return nil, nil })
	nlsock.SetSeqForTest(s, 0xFFFFFFFE)
	for range 3 {
		if _, err := s.Request(ctxT(t), addrMsg(1, nthAddr(1))); err != nil {
			t.Fatal(err)
		}
	}
	var seqs []uint32
	for _, r := range k.Requests() {
		seqs = append(seqs, r.Messages[0].Header.Sequence)
	}
	if len(seqs) != 3 || seqs[0] != 0xFFFFFFFF || seqs[1] != 1 || seqs[2] != 2 {
		t.Errorf("seqs %v", seqs)
	}
}

// routeOrFake is a route socket for tests that need only what a fresh
// namespace has (its lo): in one, as root, the proof; without root, on a
// fake kernel answering as one (nlfake.FreshNamespace) instead of
// skipping.
func routeOrFake(t *testing.T) *nlsock.Socket {
	t.Helper()
	if nlfake.InsteadOfRoot() {
		_, s := fakeRoute(t, nlfake.FreshNamespace)
		return s
	}
	_, s := freshRoute(t)
	return s
}
