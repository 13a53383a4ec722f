package nlsock_test

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// TestAttrCString: a string stops at its first NUL, or at its end when
// the kernel sent no terminator.
func TestAttrCString(t *testing.T) {
	for in, want := range map[string]string{"eth0\x00": "eth0", "eth0": "eth0", "a\x00b\x00": "a", "": ""} {
		if got := nlsock.AttrCString([]byte(in)); got != want {
			t.Errorf("AttrCString(%q) = %q, want %q", in, got, want)
		}
	}
}
