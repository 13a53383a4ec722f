// Package tests runs nlsh's own Lua regression suite (tests/lua) under go
// test, each file in a fresh network namespace, and checks the examples.
package tests

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/runtime/luatest"
)

// The main thread never leaves the host namespace.
func init() { runtime.LockOSThread() }

// TestLua runs every tests/lua/**/*.lua file as a subtest, its test(...)
// cases as nested subtests: go test ./tests -run 'TestLua/links.lua/lifecycle'.
// The kernel's selftests in tests/lua/kernel run in TestLuaKernel. A skip()
// goes through the CI skip gate (nlsocktest.Skip).
func TestLua(t *testing.T) {
	entries, err := os.ReadDir("lua")
	if err != nil {
		t.Fatal(err)
	}
	var roots []string
	for _, e := range entries {
		if e.Name() != "kernel" && (e.IsDir() || filepath.Ext(e.Name()) == ".lua") {
			roots = append(roots, filepath.Join("lua", e.Name()))
		}
	}
	luatest.Run(t, roots, luatest.Options{Skip: nlsocktest.Skip})
}

// TestLuaKernel runs tests/lua/kernel/*.lua, the kernel's own netlink
// selftests re-expressed as nlsh scripts, which need the kernel's YNL specs
// and CLI: go test ./tests -run 'TestLuaKernel/nl_netdev.lua'.
func TestLuaKernel(t *testing.T) {
	exportKernelYNL(t)
	luatest.Run(t, "lua/kernel", luatest.Options{Skip: nlsocktest.Skip})
}
