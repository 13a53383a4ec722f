//go:build linux

package ynltest

import (
	"crypto/rand"
	"encoding/hex"
	"os/exec"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// NamedNamespace adds a throwaway named network namespace (`ip netns add
// nlsh-ynl-XXXXXXXX`) for programs that take a namespace by name, and
// deletes it when the test ends. It returns the name and the namespace.
func NamedNamespace(tb testing.TB) (string, nlsock.NetNS) {
	tb.Helper()
	nlsocktest.RequireRoot(tb)
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := "nlsh-ynl-" + hex.EncodeToString(b[:])
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		nlsocktest.Skipf(tb, "ip netns add %s: %v: %s", name, err, out)
	}
	tb.Cleanup(func() {
		if out, err := exec.Command("ip", "netns", "del", name).CombinedOutput(); err != nil {
			tb.Errorf("ip netns del %s: %v: %s", name, err, out)
		}
	})
	return name, nlsock.Name(name)
}
