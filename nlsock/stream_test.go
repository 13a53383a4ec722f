package nlsock_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// streamAll reads a Stream to its end and counts the test addresses.
func streamAll(t *testing.T, st *nlsock.Stream) (int, error) {
	t.Helper()
	var msgs []nlsock.Message
	for {
		more, err := st.Next(ctxT(t), func(m nlsock.Message) error {
			m.Payload = append([]byte(nil), m.Payload...)
			msgs = append(msgs, m)
			return nil
		})
		if !more {
			return countTestAddrs(t, msgs), err
		}
	}
}

// startAddrDump starts a streamed dump of the addresses on s.
func startAddrDump(t *testing.T, s *nlsock.Socket) *nlsock.Stream {
	t.Helper()
	st, err := s.StartDump(ctxT(t), addrDump())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestStreamWhole: a streamed dump of 3000 addresses yields each once, in
// several datagrams, and ends without an error.
func TestStreamWhole(t *testing.T) {
	_, s := freshRoute(t)
	addAddrs(t, s, 1, 3000)
	st := startAddrDump(t, s)
	calls := 0
	n := 0
	for {
		more, err := st.Next(ctxT(t), func(m nlsock.Message) error {
			n += countTestAddrs(t, []nlsock.Message{m})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		calls++
	}
	if n != 3000 || calls < 2 {
		t.Fatalf("streamed %d addresses in %d datagrams, want 3000 in several", n, calls)
	}
	if st.Interrupted() {
		t.Fatal("an undisturbed dump was marked interrupted")
	}
}

// TestStreamAbandonedByRequest: a dump stopped after its first datagram
// (a Lua loop's break) does not block the socket: the next dump request
// drains it and answers whole, nothing of the old dump is left queued for
// Receive, and the old Stream reports that it was abandoned.
func TestStreamAbandonedByRequest(t *testing.T) {
	_, s := freshRoute(t)
	addAddrs(t, s, 1, 3000)
	st := startAddrDump(t, s)
	if more, err := st.Next(ctxT(t), func(nlsock.Message) error { return nil }); !more || err != nil {
		t.Fatalf("first datagram: more %v, err %v", more, err)
	}
	r, err := s.Request(ctxT(t), addrDump())
	if err != nil {
		t.Fatalf("a dump after an abandoned stream: %v", err)
	}
	if n := countTestAddrs(t, r.Messages); n != 3000 {
		t.Fatalf("dump after the abandoned stream has %d addresses, want 3000", n)
	}
	if more, err := st.Next(ctxT(t), func(nlsock.Message) error { return nil }); more || !errors.Is(err, nlsock.ErrStreamAbandoned) {
		t.Fatalf("Next of the abandoned stream: more %v, err %v; want ErrStreamAbandoned", more, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if m, err := s.Receive(ctx); err == nil {
		t.Fatalf("the abandoned dump left a message queued: %+v", m.Header)
	}
	// A second stream after the first works too.
	st2 := startAddrDump(t, s)
	if n, err := streamAll(t, st2); n != 3000 || err != nil {
		t.Fatalf("second stream: %d addresses, err %v", n, err)
	}
}

// TestStreamKernelError: a dump the kernel ends with an error (here strict
// checking refuses a route dump whose header sets rtm_dst_len; the error
// arrives in NLMSG_DONE as one raised mid-dump would) ends the stream with
// the kernel's error, and the socket stays usable.
func TestStreamKernelError(t *testing.T) {
	_, s := freshRoute(t)
	m := nlsock.Message{
		Header:  nlsock.Header{Type: unix.RTM_GETROUTE, Flags: nlsock.FlagDump},
		Payload: make([]byte, unix.SizeofRtMsg),
	}
	m.Payload[1] = 24 // rtm_dst_len: strict checking wants 0 in a dump
	st, err := s.StartDump(ctxT(t), m)
	if err != nil {
		t.Fatal(err)
	}
	more, err := st.Next(ctxT(t), func(nlsock.Message) error { return nil })
	var kerr *nlsock.KernelError
	if more || !errors.As(err, &kerr) || kerr.Errno != unix.EINVAL {
		t.Fatalf("more %v, err %v; want the kernel's EINVAL", more, err)
	}
	if _, err := s.Request(ctxT(t), addrDump()); err != nil {
		t.Fatalf("request after the failed stream: %v", err)
	}
}

// TestStreamInterrupted: an address added while a streamed dump of
// addresses is between datagrams changes the kernel's generation count, and
// the rest of the dump carries NLM_F_DUMP_INTR, which Interrupted reports.
func TestStreamInterrupted(t *testing.T) {
	ns, s := freshRoute(t)
	addAddrs(t, s, 1, 3000)
	other := openRoute(t, ns.NetNS(), nlsock.Config{})
	st := startAddrDump(t, s)
	if _, err := st.Next(ctxT(t), func(nlsock.Message) error { return nil }); err != nil {
		t.Fatal(err)
	}
	addAddrs(t, other, 5000, 1)
	if _, err := streamAll(t, st); err != nil {
		t.Fatal(err)
	}
	if !st.Interrupted() {
		t.Fatal("a dump that raced an address change was not marked interrupted")
	}
}
