package luabind_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// A recv blocked with no timeout returns nil, "interrupted", "interrupted"
// when the state's context is cancelled (what Ctrl-C does), and the socket
// stays usable.
func TestRecvInterrupted(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t))
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	ctx, cancel := context.WithCancel(context.Background())
	L.SetContext(ctx)
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	err := L.DoString(`m, msg, errname = s:recv()`)
	took := time.Since(start)
	// The VM itself may notice the cancelled context after recv returns.
	if err != nil && !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("recv: %v", err)
	}
	if took > 2*time.Second {
		t.Fatalf("recv took %v to notice the interrupt", took)
	}
	L.RemoveContext()
	if err == nil {
		luabindtest.MustRun(t, L, `assert(m == nil and msg == "interrupted" and errname == "interrupted", tostring(msg))`)
	}
	luabindtest.MustRun(t, L, `assert(s:request{type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})`)
}

// An interrupted recv inside pcall returns promptly too.
func TestRecvInterruptedInsidePcall(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t))
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	L.SetContext(ctx)
	done := make(chan error, 1)
	go func() { done <- L.DoString(`r1, r2, r3 = pcall(s.recv, s)`) }()
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("recv did not return within 2s of the interrupt")
	}
}

// Env.Close closes every socket and namespace Lua still holds, and later
// calls on them answer "socket closed" instead of crashing.
func TestEnvCloseClosesEverything(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	fds := luabindtest.StableFDs()
	L := lua.NewState()
	defer L.Close()
	env := luabind.Open(L, luabind.Options{DefaultNS: ns.NetNS()}, nil)
	luabindtest.MustRun(t, L, `
		socks = {}
		for i = 1, 5 do socks[i] = assert(netlink.open("route")) end
		inner = assert(netns.new())
		socks[6] = assert(netlink.open("route", inner))
	`)
	if n := env.Sockets(); n != 6 {
		t.Fatalf("Sockets() = %d, want 6", n)
	}
	if n := env.Namespaces(); n != 1 {
		t.Fatalf("Namespaces() = %d, want 1", n)
	}
	env.Close()
	env.Close() // idempotent
	if n := env.Sockets(); n != 0 {
		t.Fatalf("Sockets() after Close = %d", n)
	}
	if got := luabindtest.SettledFDs(fds); got != fds {
		t.Fatalf("fds: %d before, %d after Close", fds, got)
	}
	luabindtest.MustRun(t, L, `
		local v, msg, errname = socks[1]:seq()
		assert(v == nil and msg == "socket closed" and errname == "EBADF")
		local s, m2 = netlink.open("route")
		assert(s == nil and m2:find("shutting down", 1, true), tostring(m2))
	`)
}

// Closing the Env from another goroutine (runtime does so at exit) wakes a
// recv blocked in the Lua goroutine.
func TestEnvCloseUnblocksRecv(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	env := luabind.Open(L, luabindtest.KernelOrFakeOptions(t), nil)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	time.AfterFunc(200*time.Millisecond, env.Close)
	done := make(chan error, 1)
	go func() { done <- L.DoString(`m, msg, errname = s:recv()`) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("recv still blocked 3s after Env.Close")
	}
	luabindtest.MustRun(t, L, `assert(m == nil and errname == "EBADF", tostring(msg) .. " " .. tostring(errname))`)
}
