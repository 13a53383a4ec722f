package nlsocktest

import (
	"strings"
	"testing"
)

// ContainsAll reports, without stopping the test, each of wants that text
// lacks; what names the text in the message ("output lacks ..."), which
// shows the text whole.
func ContainsAll(tb testing.TB, what, text string, wants ...string) {
	tb.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			tb.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}
