package nlsock

import (
	"errors"
	"strings"
	"testing"
)

// The stubs of socket_others.go return notLinux's error; this checks, on
// Linux, the error a user on another system reads and that callers can test
// for it.
func TestNotLinuxNamesTheOperationAndWrapsTheSentinel(t *testing.T) {
	err := notLinux("open netlink socket")
	if !errors.Is(err, ErrNotLinux) {
		t.Fatalf("errors.Is(%v, ErrNotLinux) = false", err)
	}
	want := "open netlink socket: nlsh runs on Linux only: netlink is a Linux interface"
	if err.Error() != want {
		t.Fatalf("error = %q, want %q", err, want)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("error %q is not one line", err)
	}
}
