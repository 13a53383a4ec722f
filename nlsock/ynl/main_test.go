package ynl

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// Tests that enter namespaces keep the main goroutine on the main thread.
func init() { runtime.LockOSThread() }

// specDir is the kernel's specs kept as test data beside the repository
// (../shared/ynl-specs from the repository root; never copied into it).
func specDir(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "ynl-specs"))
	if err == nil {
		if _, err = os.Stat(filepath.Join(dir, "netdev.yaml")); err == nil {
			return dir
		}
	}
	nlsocktest.Skipf(tb, "kernel YNL specs not found at %s (shared/ynl-specs beside the repository): %v", dir, err)
	return ""
}

func loadSpec(tb testing.TB, name string) *Spec {
	tb.Helper()
	s, err := LoadFamily(name, []string{specDir(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
