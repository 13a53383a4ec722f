package luabind

import (
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
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
	env := Open(L, Options{DefaultNS: ns}, nil)
	tb.Cleanup(func() {
		env.Close()
		L.Close()
	})
	return L, env
}
