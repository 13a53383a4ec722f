package nlsocktest

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

// Busy keeps every P spinning until the test ends, so timers run late, as
// on a loaded machine: tests of deadlines use it to see a timer fire after
// the read it should have cut short.
func Busy(t testing.TB) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				for i := 0; i < 1e5; i++ {
				}
			}
		}()
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
}
