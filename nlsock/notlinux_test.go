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

// The bodies of the stubs of socket_others.go: nothing opened, the sentinel
// wrapped, the operation named.
func TestStubsReturnErrNotLinux(t *testing.T) {
	sock, err := openNotLinux()
	if sock != nil || !errors.Is(err, ErrNotLinux) || !strings.HasPrefix(err.Error(), "open netlink socket: ") {
		t.Errorf("Open on other systems = %v, %v; want nil and ErrNotLinux", sock, err)
	}
	ns, err := newNamespaceNotLinux()
	if ns != nil || !errors.Is(err, ErrNotLinux) || !strings.HasPrefix(err.Error(), "create network namespace: ") {
		t.Errorf("NewNamespace on other systems = %v, %v; want nil and ErrNotLinux", ns, err)
	}
}
