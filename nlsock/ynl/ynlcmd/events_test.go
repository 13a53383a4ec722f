package ynlcmd

import (
	"context"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

func init() { runtime.LockOSThread() }

// TestDurationEndIsNormal: the end of --duration ends a subscription
// without an error, however the deadline reaches the receive first.
func TestDurationEndIsNormal(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	spec := ynltest.SpecPath(t, "netdev")
	for i := range 40 {
		err := Run(context.Background(), Options{
			SpecFile: spec, Subscribe: "mgmt", Duration: time.Duration(1+i%5) * time.Millisecond,
			NetNS: ns.NetNS(), Stdout: io.Discard, Stderr: io.Discard,
		})
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
	}
}
