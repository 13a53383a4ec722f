//go:build linux

package nlsock

import (
	"context"
	"testing"
	"time"
)

// A Stream's wait context never outlives its caller's: an earlier
// deadline of the caller's context is the one the read hands to poll(2),
// as context.WithTimeout would keep it.
func TestWaitCtxKeepsTheEarlierDeadline(t *testing.T) {
	parent, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	pdl, _ := parent.Deadline()
	w := newWaitCtx(parent, time.Hour)
	defer w.release()
	if dl, ok := w.Deadline(); !ok || !dl.Equal(pdl) {
		t.Errorf("deadline under a 100ms parent with a 1h timeout = %v, %v; want the parent's %v", dl, ok, pdl)
	}

	w2 := newWaitCtx(context.Background(), 50*time.Millisecond)
	defer w2.release()
	if dl, ok := w2.Deadline(); !ok || time.Until(dl) > 50*time.Millisecond {
		t.Errorf("deadline with a 50ms timeout = %v, %v; want within 50ms", dl, ok)
	}
}
