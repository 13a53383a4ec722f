package monitor

import (
	"context"

	"github.com/nlsh/nlsh/nlsock"
)

// SetReceiveForTest makes m read every source through f instead of the
// socket: a test decides what a read returns, and when.
func SetReceiveForTest(m *Monitor, f func(context.Context) (nlsock.Message, error)) {
	for _, src := range m.sources {
		src.receive = f
	}
}

// ResyncForTest re-dumps every protocol m tracks, as after an overrun, and
// returns what the resyncs found.
func ResyncForTest(ctx context.Context, m *Monitor) []Event {
	var evs []Event
	for _, st := range m.states {
		evs = append(evs, m.resync(ctx, st)...)
	}
	return evs
}
