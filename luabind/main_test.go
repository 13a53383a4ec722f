package luabind

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// Tests that touch namespaces keep the main goroutine on the main thread, so
// the thread the process started on can never be wedged in another netns.
func init() { runtime.LockOSThread() }

// newState returns a fresh Lua state with the default libraries and the
// modules open, closed (with the Env) at the end of the test.
func newState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *Env) {
	tb.Helper()
	L := lua.NewState()
	env := Open(L, Options{DefaultNS: ns})
	tb.Cleanup(func() {
		env.Close()
		L.Close()
	})
	return L, env
}

// MustRun runs code and fails the test on a Lua error.
func MustRun(tb testing.TB, L *lua.LState, code string) {
	tb.Helper()
	if err := L.DoString(code); err != nil {
		tb.Fatalf("lua error: %v\ncode:\n%s", err, code)
	}
}

// WantError runs code and checks that it raises an error containing want.
func WantError(tb testing.TB, L *lua.LState, code, want string) {
	tb.Helper()
	err := L.DoString(code)
	if err == nil {
		tb.Fatalf("no error from %q; want one containing %q", code, want)
	}
	if !strings.Contains(err.Error(), want) {
		tb.Fatalf("error from %q:\n  %v\nwant it to contain %q", code, err, want)
	}
}

// SettledFDs waits up to a second for the process's fd count to reach want
// (nlsock.NewNamespace closes a helper fd on its own goroutine just after it
// returns) and returns the last count.
func SettledFDs(want int) int {
	got := nlsocktest.CountFDs()
	for deadline := time.Now().Add(time.Second); got != want && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		got = nlsocktest.CountFDs()
	}
	return got
}

// StableFDs returns the fd count once two reads 20ms apart agree (up to a
// second), so a helper fd still being closed is not counted.
func StableFDs() int {
	n := nlsocktest.CountFDs()
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		m := nlsocktest.CountFDs()
		if m == n {
			break
		}
		n = m
	}
	return n
}
