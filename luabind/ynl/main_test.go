package ynl

import (
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// Tests that touch namespaces keep the main goroutine on the main thread, so
// the thread the process started on can never be wedged in another netns.
func init() { runtime.LockOSThread() }

// newState returns a fresh Lua state with the default libraries, netlink,
// netns and this package's module open, closed (with the Env) at the end of
// the test.
func newState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *luabind.Env) {
	tb.Helper()
	L := lua.NewState()
	env := luabind.Open(L, luabind.Options{DefaultNS: ns}, []luabind.Module{Module})
	tb.Cleanup(func() {
		env.Close()
		L.Close()
	})
	return L, env
}
