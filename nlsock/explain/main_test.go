package explain_test

import (
	"regexp"
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// Tests that touch namespaces run on the locked main thread (see
// nlsocktest).
func init() { runtime.LockOSThread() }

// unnamedAttr is how explain shows an attribute its set does not name.
var unnamedAttr = regexp.MustCompile(`attribute \d+ \(type`)

// checkExplained fails t for each of wants that explain's text lacks,
// and for any attribute it shows by number (one its set does not name).
func checkExplained(t *testing.T, text string, wants ...string) {
	t.Helper()
	nlsocktest.ContainsAll(t, "explain's text", text, wants...)
	if unnamed := unnamedAttr.FindAllString(text, -1); len(unnamed) > 0 {
		t.Errorf("unnamed attributes %q in:\n%s", unnamed, text)
	}
}
