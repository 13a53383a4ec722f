package rtnl

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlfake"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// checkLuaGoroutine turns luabind's Lua goroutine check on for the test,
// with two CPUs for Go, so that a dump reads on a helper goroutine.
func checkLuaGoroutine(t *testing.T) {
	luabind.CheckLuaGoroutine(true)
	procs := runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0)))
	t.Cleanup(func() {
		luabind.CheckLuaGoroutine(false)
		runtime.GOMAXPROCS(procs)
	})
}

// TestDumpTablesOnLuaGoroutine: every dump and stream of rtnl makes its
// tables on the Lua goroutine, ordinary and compact ones, read
// ahead or not: the check fails a table made anywhere else, which the
// binding's Guard reports as an internal error.
func TestDumpTablesOnLuaGoroutine(t *testing.T) {
	checkLuaGoroutine(t)
	ns := nlsocktest.NewNamespace(t)
	var lines []string
	for i := range 40 {
		lines = append(lines, fmt.Sprintf("link add a%d type veth peer name b%d", i, i),
			fmt.Sprintf("link set a%d up", i),
			fmt.Sprintf("addr add 10.5.%d.1/24 dev a%d", i, i),
			fmt.Sprintf("route add 10.6.%d.0/24 dev a%d", i, i),
			fmt.Sprintf("neigh add 10.5.%d.2 lladdr 02:00:00:00:00:%02x dev a%d", i, i, i),
			fmt.Sprintf("rule add priority %d table %d", 100+i, 100+i))
	}
	luabindtest.IPBatch(t, ns.NetNS(), lines)
	for _, serial := range []bool{false, true} {
		serialDumps = serial
		t.Cleanup(func() { serialDumps = false })
		L, _ := newState(t, ns.NetNS())
		luabindtest.MustRun(t, L, `
			local s = assert(netlink.open("route"))
			for _, kind in ipairs{"links", "addrs", "routes", "neighbours", "rules"} do
				local list = assert(rtnl[kind](s))
				assert(#list >= 40, kind .. ": " .. #list)
				local n = 0
				for o in rtnl.each[kind](s) do n = n + 1 end
				assert(n >= 40, "each." .. kind .. ": " .. n)
			end
			assert(rtnl.routes(s)[1].dst ~= nil)`)
	}
}

// TestDumpEndsItsReader: a dump leaves no goroutine behind, whether it
// ends normally, on a message it cannot decode (while the kernel still
// sends the rest), on the kernel's error after some objects, or cancelled
// (Ctrl-C), read ahead or not.
func TestDumpEndsItsReader(t *testing.T) {
	const links = 3000
	for _, serial := range []bool{false, true} {
		for _, end := range []string{"done", "bad message", "kernel error", "cancelled"} {
			t.Run(fmt.Sprintf("%s serial=%v", end, serial), func(t *testing.T) {
				serialDumps = serial
				t.Cleanup(func() { serialDumps = false })
				opts, k := luabindtest.FakeOptions(t)
				k.SetDumpBatch(16)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				k.Handle(0, func(req []netlink.Message) ([]netlink.Message, error) {
					var reply []netlink.Message
					for i := range links {
						reply = append(reply, nlfake.Link(int32(i+1), fmt.Sprintf("l%d", i), 1500, 1))
					}
					switch end {
					case "bad message":
						reply[40].Data = reply[40].Data[:8] // shorter than an ifinfomsg
					case "kernel error":
						reply = append(reply[:links/2], nlfake.Error(int(syscall.EPERM), req[0]))
					case "cancelled":
						cancel()
					}
					return reply, nil
				})
				L, _ := luabindtest.NewState(t, opts, Module)
				L.SetContext(ctx)
				luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
				before := runtime.NumGoroutine()
				// Called from Go: the Lua VM itself stops at a cancelled
				// context, before the results could be looked at.
				L.SetTop(0)
				L.Push(L.GetGlobal("s"))
				luaRtnlLinks(L)
				got, msg := L.Get(2), L.Get(3)
				want := map[string]string{"done": "", "bad message": "RTM_NEWLINK message 41: ifinfomsg needs 16 bytes, have 8",
					"kernel error": "operation not permitted", "cancelled": "interrupted"}[end]
				if want == "" && msg != lua.LNil || want != "" && !strings.Contains(msg.String(), want) {
					t.Fatalf("msg = %v, want %q", msg, want)
				}
				if l, ok := got.(*lua.LTable); end == "done" && (!ok || l.Len() != links) {
					t.Fatalf("got %v, want %d links", got, links)
				}
				if after := settledGoroutines(before); after > before {
					t.Fatalf("%d goroutines before the dump, %d after", before, after)
				}
			})
		}
	}
}

// settledGoroutines is the number of goroutines once it is at most want,
// or after a second.
func settledGoroutines(want int) int {
	deadline := time.Now().Add(time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestReadAheadPanics: a panic while reading is raised again on the
// calling goroutine, and one while consuming stops and waits for the
// reader first, so neither leaves a goroutine behind.
func TestReadAheadPanics(t *testing.T) {
	procs := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(procs)
	before := runtime.NumGoroutine()
	endless := func(put func(int) error) error {
		for i := 0; ; i++ {
			if err := put(i); err != nil {
				return err
			}
		}
	}
	tests := []struct {
		name    string
		produce func(put func(int) error) error
		consume func([]int) error
		want    string
	}{
		{"reader", func(put func(int) error) error {
			for i := range 100 {
				put(i)
			}
			panic("reader broke")
		}, func([]int) error { return nil }, "reader broke"},
		{"consumer", endless, func(b []int) error {
			if b[0] > 200 {
				panic("consumer broke")
			}
			return nil
		}, "consumer broke"},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if r := recover(); r != tt.want {
					t.Errorf("%s: recovered %v, want %q", tt.name, r, tt.want)
				}
			}()
			readAhead(false, tt.produce, tt.consume)
		}()
	}
	stop := errors.New("enough")
	if err := readAhead(false, endless, func(b []int) error {
		if b[0] > 1000 {
			return stop
		}
		return nil
	}); err != stop {
		t.Errorf("consumer's error: got %v", err)
	}
	if after := settledGoroutines(before); after > before {
		t.Fatalf("%d goroutines before, %d after", before, after)
	}
}
