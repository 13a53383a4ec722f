package nlsock_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// fullSocket returns a route socket with a 4 KiB receive buffer that
// nobody read while 300 address events arrived: the kernel has dropped
// messages and will drop whatever it sends next, until the socket is read.
func fullSocket(t *testing.T) (*nlsock.Socket, *nlsock.Socket) {
	t.Helper()
	ns, adder := freshRoute(t)
	small := openRoute(t, ns.NetNS(), nlsock.Config{ReadBuffer: 4096})
	if err := small.Join(unix.RTNLGRP_IPV4_IFADDR); err != nil {
		t.Fatal(err)
	}
	addAddrs(t, adder, 1, 300)
	return small, adder
}

// TestOverrunDuringRequest: a request sent while the receive buffer is
// full may lose its reply (the kernel drops the ACK like any other
// message). It must not wait out its timeout and then blame the kernel for
// ignoring it: it either completes or fails soon with an error wrapping
// ErrOverrun (ENOBUFS), and the socket works afterwards.
func TestOverrunDuringRequest(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  func(*nlsock.Socket) nlsock.Message
		want int // messages of a complete reply
	}{
		{"ack", func(*nlsock.Socket) nlsock.Message { return addrMsg(1, nthAddr(1000)) }, 0},
		{"get", func(*nlsock.Socket) nlsock.Message { return getLo() }, 1},
		{"dump", func(*nlsock.Socket) nlsock.Message { return linkDump() }, 1},
		{"addr dump", func(*nlsock.Socket) nlsock.Message { return addrDump() }, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := fullSocket(t)
			start := time.Now()
			r, err := s.Request(ctxT(t), tc.req(s), nlsock.WithTimeout(20*time.Second))
			d := time.Since(start)
			t.Logf("after %v: %v", d.Round(time.Millisecond), err)
			switch {
			case err == nil:
				if len(r.Messages) != tc.want {
					t.Errorf("complete reply with %d messages, want %d", len(r.Messages), tc.want)
				}
			case !errors.Is(err, nlsock.ErrOverrun) || !errors.Is(err, unix.ENOBUFS) || nlsock.ErrnoName(err) != "ENOBUFS":
				t.Errorf("error %v, want one wrapping ErrOverrun", err)
			case !strings.Contains(err.Error(), "no reply within 1s of a receive buffer overrun"):
				t.Errorf("error %q does not say the reply was lost to an overrun", err)
			}
			if d > 5*time.Second {
				t.Errorf("the request took %v", d)
			}
			if st := s.Stats(); st.Overruns == 0 {
				t.Errorf("stats %+v: no overrun counted", st)
			}
			// The socket is usable: requests complete; Receive reports the
			// overrun and the events that were kept.
			for i := range 2 {
				if r, err := s.Request(ctxT(t), linkDump()); err != nil || len(r.Messages) != 1 {
					t.Fatalf("request %d after the overrun: %v", i, err)
				}
			}
			overruns := 0
			for {
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				_, err := s.Receive(ctx)
				cancel()
				if errors.Is(err, context.DeadlineExceeded) {
					break
				}
				if errors.Is(err, nlsock.ErrOverrun) {
					overruns++
				} else if err != nil {
					t.Fatal(err)
				}
			}
			if overruns == 0 {
				t.Errorf("Receive never reported the overrun")
			}
		})
	}
}

// TestOverrunDumpViaReceive: a dump sent (with Send) into a full buffer
// is read out with Receive. Each peek at the next datagram may retry the
// stalled dump, fail again and re-arm ENOBUFS: the reader must still
// consume the datagram it saw, or no read ever succeeds again.
func TestOverrunDumpViaReceive(t *testing.T) {
	s, _ := fullSocket(t)
	m := linkDump()
	m.Header.Seq = 4242
	m.Header.Flags |= nlsock.FlagRequest
	if err := s.Send(ctxT(t), m); err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t)
	var events, overruns int
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatalf("no NLMSG_DONE after %d receives (%d events, %d overruns)", i, events, overruns)
		}
		got, err := s.Receive(ctx)
		switch {
		case errors.Is(err, nlsock.ErrOverrun):
			overruns++
			continue
		case err != nil:
			t.Fatal(err)
		}
		if got.Header.Seq != m.Header.Seq {
			events++
			continue
		}
		if got.Header.Type == nlsock.TypeDone {
			break
		}
	}
	t.Logf("%d events and %d overruns before the dump's end", events, overruns)
	// The stalled dump's ENOBUFS lost nothing: only the real loss counts.
	if overruns != 1 || events == 0 {
		t.Errorf("%d events, %d overruns: want events and exactly one overrun", events, overruns)
	}
	if st := s.Stats(); st.Overruns != 1 {
		t.Errorf("stats %+v, want 1 overrun", st)
	}
}

// TestOverrunBetweenPeekAndRead: ENOBUFS on the read that follows the peek
// (the kernel dropped a message in between) is an overrun when the drop
// counter rose, reported before the datagram that was peeked at, which is
// still delivered; without a rise (a dump the kernel could not continue)
// nothing is reported.
func TestOverrunBetweenPeekAndRead(t *testing.T) {
	for _, loss := range []bool{true, false} {
		t.Run(fmt.Sprintf("loss=%v", loss), func(t *testing.T) {
			ns, adder := freshRoute(t)
			s := openRoute(t, ns.NetNS(), nlsock.Config{})
			if err := s.Join(unix.RTNLGRP_IPV4_IFADDR); err != nil {
				t.Fatal(err)
			}
			nlsock.FailReadsForTest(s, 2, loss)
			addAddrs(t, adder, 1, 1)
			ctx := ctxT(t)
			var overruns int
			for {
				_, err := s.Receive(ctx)
				if errors.Is(err, nlsock.ErrOverrun) {
					overruns++
					continue
				}
				if err != nil {
					t.Fatalf("receive: %v", err)
				}
				break // the address event
			}
			want := 0
			if loss {
				want = 2
			}
			if overruns != want || s.Stats().Overruns != uint64(want) {
				t.Errorf("%d overruns reported, stats %d; want %d", overruns, s.Stats().Overruns, want)
			}
		})
	}
}
