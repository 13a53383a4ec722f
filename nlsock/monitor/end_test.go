package monitor_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// lateCtx is a context at the instant its deadline has passed but its timer
// has not yet run: Deadline is in the past, Err is still nil.
type lateCtx struct {
	context.Context
	deadline time.Time
}

func (c lateCtx) Deadline() (time.Time, bool) { return c.deadline, true }

// TestDeadlineSeenByReadIsTheEnd: a read that returns the deadline error
// before ctx is marked done ends Next with context.DeadlineExceeded itself,
// not with a "monitor: ..." failure; a deadline error while ctx's deadline
// is still ahead is a failure and says so.
func TestDeadlineSeenByReadIsTheEnd(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, ReadBuffer: -1}, "link")
	readErr := &nlsock.OpError{Op: "receive on", Object: "route socket", Err: context.DeadlineExceeded}
	monitor.SetReceiveForTest(m, func(context.Context) (nlsock.Message, error) { return nlsock.Message{}, readErr })

	passed := lateCtx{context.Background(), time.Now().Add(-time.Microsecond)}
	if _, err := m.Next(passed); err != context.DeadlineExceeded {
		t.Errorf("deadline passed, read saw it first: Next = %v, want context.DeadlineExceeded itself", err)
	}
	ahead := lateCtx{context.Background(), time.Now().Add(time.Hour)}
	if _, err := m.Next(ahead); err == context.DeadlineExceeded || !errors.Is(err, readErr) {
		t.Errorf("deadline ahead: Next = %v, want the read's failure", err)
	}
}

// TestDeadlineUnderLoad waits out many tiny deadlines on a real socket with
// the CPUs busy: each ends Next with context.DeadlineExceeded, never an
// error.
func TestDeadlineUnderLoad(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, ReadBuffer: -1}, "link")
	nlsocktest.Busy(t)
	for i := range 300 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(rand.IntN(2000))*time.Microsecond)
		ev, err := m.Next(ctx)
		cancel()
		if err != context.DeadlineExceeded {
			t.Fatalf("wait %d: Next = %v, %v; want context.DeadlineExceeded", i, ev.Text, err)
		}
	}
}
