package tests

import (
	"os"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/runtime/testrun"
)

// TestSuiteTiming runs the whole suite twice in one process, one file at a
// time and then in parallel, and logs its size and both wall times. It runs
// only with NLSH_TIMING=1 (go test -v -run TestSuiteTiming ./tests).
func TestSuiteTiming(t *testing.T) {
	if os.Getenv("NLSH_TIMING") != "1" {
		nlsocktest.Skip(t, "set NLSH_TIMING=1 to time the suite serial versus parallel")
	}
	if err := testrun.WarmUp(); err != nil {
		nlsocktest.Skipf(t, "needs root: %v", err)
	}
	files, err := testrun.Collect([]string{"lua"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := testrun.NewMatcher("")
	timed := func(parallel int) (time.Duration, []testrun.FileResult) {
		start := time.Now()
		rs := testrun.RunFiles(files, testrun.Options{Parallel: parallel}, m, nil)
		return time.Since(start), rs
	}
	serial, rs := timed(1)
	parallel, _ := timed(testrun.DefaultParallel())
	p, f, s := testrun.Counts(rs)
	t.Logf("%d files, %d cases (%d passed, %d failed, %d skipped): serial %v, parallel (%d at a time) %v",
		len(files), p+f+s, p, f, s, serial.Round(time.Millisecond), testrun.DefaultParallel(), parallel.Round(time.Millisecond))
	if f > 0 {
		t.Errorf("%d cases failed", f)
	}
}
