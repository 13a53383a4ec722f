package rtnl

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	lua "github.com/yuin/gopher-lua"
)

// readersRunning counts the goroutines reading an rtnl.each dump ahead.
func readersRunning() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return bytes.Count(buf[:n], []byte("rtnl.(*eachReader).run("))
		}
		buf = make([]byte, 2*len(buf))
	}
}

// wantNoReaders waits up to 5 s (collecting garbage meanwhile, which runs
// the cleanups of abandoned iterators) for every read-ahead goroutine to
// end, and fails naming the case if one is left.
func wantNoReaders(t *testing.T, after string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for readersRunning() > 0 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := readersRunning(); n > 0 {
		t.Fatalf("%d read-ahead goroutines still running after %s", n, after)
	}
}

// TestRtnlEachReaderEnds: the goroutine that reads an rtnl.each dump ahead
// ends with the loop, however the loop ends: at the end of the dump, at a
// break (once the iterator is garbage), at a kernel error, when an
// iterator is dropped before its first call, and when nlsh closes its
// sockets (Env.Close) under a loop left half done.
func TestRtnlEachReaderEnds(t *testing.T) {
	ns := routeNS(t, 3000, 0, 0)
	L, env := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	for _, tt := range []struct{ name, code string }{
		{"the end of the dump", `for r in rtnl.each.routes(s) do end`},
		{"a break", `for r in rtnl.each.routes(s) do break end`},
		{"a kernel error", `assert(not pcall(function() for r in rtnl.each.rules(s, {family = "bridge"}) do end end))`},
		{"dropping an iterator never called", `local it = rtnl.each.routes(s) it = nil`},
		{"an error raised in the loop", `assert(not pcall(function() for r in rtnl.each.routes(s) do error("stop") end end))`},
	} {
		luabindtest.MustRun(t, L, tt.code)
		luabindtest.MustRun(t, L, `collectgarbage()`)
		wantNoReaders(t, tt.name)
	}
	// A loop held half done: its reader waits to hand over the next
	// datagram until Env.Close closes the loop's socket.
	luabindtest.MustRun(t, L, `held = rtnl.each.routes(s) assert(held())`)
	if readersRunning() != 1 {
		t.Fatalf("%d read-ahead goroutines under a held loop, want 1", readersRunning())
	}
	env.Close()
	wantNoReaders(t, "Env.Close under a held loop")
}

// TestRtnlEachInterrupted: a loop whose Lua state's context ends (Ctrl-C)
// stops at its next datagram with an "interrupted" error, though the reader
// has that datagram ready, and the reader ends.
func TestRtnlEachInterrupted(t *testing.T) {
	ns := routeNS(t, 3000, 0, 0)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		it = rtnl.each.routes(assert(netlink.open("route")))
		for i = 1, 10 do assert(it()) end`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	L.SetContext(ctx)
	defer L.RemoveContext()
	it := L.GetGlobal("it")
	var err error
	for i := 0; i < 3000 && err == nil; i++ { // up to the end of the datagram
		err = L.CallByParam(lua.P{Fn: it, NRet: 1, Protect: true})
		L.Pop(L.GetTop())
	}
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("iterator under a cancelled context: %v, want an error naming interrupted", err)
	}
	L.RemoveContext()
	luabindtest.MustRun(t, L, `it = nil collectgarbage()`)
	wantNoReaders(t, "an interrupted loop")
}
