package rtnl

import (
	"sync/atomic"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlfake"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// TestDumpRetriesInterrupted: rtnl.<kind> and rtnl.count.<kind> run a
// dump the kernel marks interrupted (NLM_F_DUMP_INTR) again, and give
// the objects of the first one that is not; a dump interrupted every
// time fails with EINTR after rtnl.DumpRetries more attempts.
func TestDumpRetriesInterrupted(t *testing.T) {
	for _, tt := range []struct {
		name        string
		interrupted int // how many dumps in a row the kernel marks
		wantDumps   int
	}{
		{"once", 1, 2},
		{"always", 100, rtnl.DumpRetries + 1},
	} {
		for _, fn := range []string{"rtnl.links", "rtnl.count.links"} {
			t.Run(tt.name+" "+fn, func(t *testing.T) {
				opts, k := luabindtest.FakeOptions(t)
				var dumps atomic.Int32 // counted on the fake kernel's goroutine
				k.Handle(0, func(req []netlink.Message) ([]netlink.Message, error) {
					if req[0].Header.Flags&netlink.Dump != netlink.Dump {
						return nil, nil
					}
					n := dumps.Add(1)
					reply := []netlink.Message{nlfake.Link(1, "lo", 65536, 1), nlfake.Link(2, "eth0", 1500, 1)}
					if int(n) <= tt.interrupted {
						reply[1].Header.Flags |= netlink.DumpInterrupted
					}
					return reply, nil
				})
				L, _ := luabindtest.NewState(t, opts, Module)
				luabindtest.MustRun(t, L, `
					local s = assert(netlink.open("route"))
					local v
					v, msg, errname = `+fn+`(s)
					n = type(v) == "table" and #v or v`)
				n, errname := L.GetGlobal("n"), L.GetGlobal("errname")
				if got := int(dumps.Load()); got != tt.wantDumps {
					t.Errorf("%d dumps, want %d", got, tt.wantDumps)
				}
				switch {
				case tt.interrupted < tt.wantDumps && n != lua.LNumber(2):
					t.Errorf("got %v (%v), want 2 links", n, L.GetGlobal("msg"))
				case tt.interrupted >= tt.wantDumps && (n != lua.LNil || errname.String() != "EINTR"):
					t.Errorf("got %v, %v, want nil and EINTR", n, errname)
				}
			})
		}
	}
}
