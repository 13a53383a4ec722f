package nlsocktest_test

import (
	"fmt"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// errorRecorder is a testing.TB that collects Errorf messages.
type errorRecorder struct {
	testing.TB
	errs []string
}

func (r *errorRecorder) Helper() {}
func (r *errorRecorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestContainsAll: one error per missing string, naming it and the text;
// none when all are there.
func TestContainsAll(t *testing.T) {
	r := &errorRecorder{TB: t}
	nlsocktest.ContainsAll(r, "output", "a b c", "a", "c")
	if len(r.errs) != 0 {
		t.Errorf("all present: %q", r.errs)
	}
	nlsocktest.ContainsAll(r, "output", "a b c", "x", "b", "y")
	want := []string{"output lacks \"x\":\na b c", "output lacks \"y\":\na b c"}
	if fmt.Sprint(r.errs) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", r.errs, want)
	}
}
