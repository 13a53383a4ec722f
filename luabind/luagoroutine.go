//go:build linux

package luabind

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua's LState is not safe for concurrent use and has no check of
// its own: a binding that makes Lua values on a helper goroutine while the
// Lua goroutine carries on works until the two touch the same state. So
// Lua values are made on the Lua goroutine only. The Lua goroutine is
// not fixed (runtime runs each chunk on a goroutine of its own); it is the
// one running the state's current binding, which Guard records while the
// check is on. Tests turn the check on (CheckLuaGoroutine) and the code
// that makes many Lua values at once (a dump's tables) calls
// OnLuaGoroutine; off, that costs one atomic load.

var (
	luaGoroutineCheck atomic.Bool
	luaGoroutines     sync.Map // *lua.LState -> goroutine id running its binding
)

// CheckLuaGoroutine turns the Lua goroutine check on or off (tests only:
// finding the goroutine's id is slow).
func CheckLuaGoroutine(on bool) { luaGoroutineCheck.Store(on) }

// OnLuaGoroutine panics, while the check is on, when the calling goroutine
// is not the one running L's current binding: a Lua value is being made off
// the Lua goroutine.
func OnLuaGoroutine(L *lua.LState) {
	if !luaGoroutineCheck.Load() {
		return
	}
	owner, ok := luaGoroutines.Load(L)
	if me := goroutineID(); ok && owner.(uint64) != me {
		panic(fmt.Sprintf("Lua value made on goroutine %d, off the Lua goroutine %d", me, owner))
	}
}

// enterBinding records the calling goroutine as L's Lua goroutine while
// the check is on, and returns what restores the previous record.
func enterBinding(L *lua.LState) (restore func()) {
	if !luaGoroutineCheck.Load() {
		return func() {}
	}
	prev, had := luaGoroutines.Swap(L, goroutineID())
	return func() {
		if had {
			luaGoroutines.Store(L, prev)
		} else {
			luaGoroutines.Delete(L)
		}
	}
}

// goroutineID is the calling goroutine's id, read from the first line of
// its stack ("goroutine 7 [running]:").
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	b, _, _ = bytes.Cut(b, []byte(" "))
	id, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		panic("luabind: cannot read the goroutine id from " + strconv.Quote(string(buf[:])))
	}
	return id
}
