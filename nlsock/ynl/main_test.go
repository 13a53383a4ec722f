package ynl

import (
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// Tests that enter namespaces keep the main goroutine on the main thread.
func init() { runtime.LockOSThread() }

// specDir is the kernel's own spec files (scripts/kernel-ynl.sh, Linux
// 6.12's Documentation/netlink/specs); never copied into the repository.
func specDir(tb testing.TB) string {
	tb.Helper()
	return nlsocktest.KernelSpecs(tb)
}

func loadSpec(tb testing.TB, name string) *Spec {
	tb.Helper()
	s, err := LoadFamily(name, []string{specDir(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
