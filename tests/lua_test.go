// Package tests runs nlsh's own Lua regression suite (tests/lua) under go
// test, each file in a fresh network namespace, and checks the examples.
package tests

import (
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/runtime/luatest"
)

// The main thread never leaves the host namespace.
func init() { runtime.LockOSThread() }

// TestLua runs every tests/lua/*.lua file as a subtest, its test(...) cases
// as nested subtests: go test ./tests -run 'TestLua/links.lua/lifecycle'.
// A skip() goes through the CI skip gate (nlsocktest.Skip).
func TestLua(t *testing.T) {
	luatest.Run(t, "lua", luatest.Options{Skip: nlsocktest.Skip})
}
