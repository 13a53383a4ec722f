//go:build linux

package nlsocktest

import (
	"context"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// Open opens a netlink socket of proto in ns for the rest of the test: it
// is closed when the test ends, and failing to open it fails the test.
func Open(tb testing.TB, proto int, ns nlsock.NetNS) *nlsock.Socket {
	tb.Helper()
	s, err := nlsock.Open(proto, ns)
	if err != nil {
		tb.Fatalf("open netlink protocol %d: %v", proto, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Context is a context that ends after d, or when the test ends: a bound on
// how long a test waits for the kernel.
func Context(tb testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}
