package nlsock_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlfake"
	"golang.org/x/sys/unix"
)

// silentDump starts a dump that the fake kernel never answers, on a
// socket whose waits are bounded by timeout.
func silentDump(t *testing.T, timeout time.Duration) *nlsock.Stream {
	t.Helper()
	k := nlfake.New(t)
	k.Handle(unix.NETLINK_ROUTE, func([]netlink.Message) ([]netlink.Message, error) { return nil, io.EOF })
	s, err := k.Open(unix.NETLINK_ROUTE, nlsock.Config{RequestTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	st, err := s.StartDump(ctxT(t), linkDump())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// A Next that gets no datagram ends with the request timeout, which bounds
// each wait: the kernel's silence is an error, not a hang.
func TestStreamNextTimesOut(t *testing.T) {
	st := silentDump(t, 150*time.Millisecond)
	start := time.Now()
	more, err := st.Next(ctxT(t), func(nlsock.Message) error { return nil })
	took := time.Since(start)
	if more || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next = %v, %v; want false and a deadline error", more, err)
	}
	if took < 150*time.Millisecond || took > 3*time.Second {
		t.Errorf("Next gave up after %v, want about the 150ms timeout", took)
	}
	if more, err2 := st.Next(ctxT(t), func(nlsock.Message) error { return nil }); more || err2 == nil {
		t.Errorf("Next after the timeout = %v, %v; want the stream ended with its error", more, err2)
	}
}

// Cancelling the caller's context ends a waiting Next at once, long before
// the request timeout.
func TestStreamNextCancelled(t *testing.T) {
	st := silentDump(t, 10*time.Second)
	ctx, cancel := context.WithCancel(ctxT(t))
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	more, err := st.Next(ctx, func(nlsock.Message) error { return nil })
	if more || !errors.Is(err, context.Canceled) {
		t.Fatalf("Next = %v, %v; want false and context.Canceled", more, err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Next returned %v after the cancel, want at once", took)
	}
}
