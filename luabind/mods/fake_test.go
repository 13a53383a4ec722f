package mods

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlfake"
	lua "github.com/yuin/gopher-lua"
)

// fakeRTMGetLink is RTM_GETLINK, for checking requests (luabind tests do
// not import x/sys/unix; see scripts/check-imports.sh).
const fakeRTMGetLink = 18

// newFakeState returns a Lua state with every module open whose sockets
// open on a fresh fake kernel (luabindtest.FakeOptions).
func newFakeState(tb testing.TB) (*lua.LState, *luabind.Env, *nlfake.Kernel) {
	tb.Helper()
	opts, k := luabindtest.FakeOptions(tb)
	L, env := luabindtest.NewState(tb, opts, Families...)
	return L, env, k
}

// A dump answered over several datagrams comes back to Lua whole, each
// message decoded; the fake saw a dump request with the flags Lua set.
func TestFakeLuaRequestDump(t *testing.T) {
	L, _, k := newFakeState(t)
	k.SetDumpBatch(2)
	k.Handle(0, func([]netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{nlfake.Link(1, "lo", 65536, 1), nlfake.Link(2, "eth0", 1500, 0), nlfake.Link(3, "eth1", 9000, 0)}, nil
	})
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		local r = assert(s:request{type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
		assert(#r == 3, #r)
		assert(r[2].name == "RTM_NEWLINK" and r[2].pid == s:portid() and r[2].seq == 1, r[2].name)
		assert(r.interrupted == nil)`)
	reqs := k.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	h := reqs[0].Messages[0].Header
	if h.Type != fakeRTMGetLink || h.Flags != netlink.Request|netlink.Dump {
		t.Errorf("request header %+v", h)
	}
}

// rtnl.links decodes what the kernel (here the fake) sent.
func TestFakeLuaLinks(t *testing.T) {
	L, _, k := newFakeState(t)
	k.Handle(0, func([]netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{nlfake.Link(1, "lo", 65536, 1|8), nlfake.Link(7, "eth0", 1400, 0)}, nil
	})
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		local ls = assert(rtnl.links(s))
		assert(#ls == 2)
		assert(ls[1].name == "lo" and ls[1].index == 1 and ls[1].mtu == 65536, ls[1].name)
		assert(table.concat(ls[1].flags, ",") == "LOOPBACK,UP", table.concat(ls[1].flags, ","))
		assert(ls[2].name == "eth0" and ls[2].index == 7 and ls[2].mtu == 1400 and #ls[2].flags == 0)`)
}

// A dump the kernel keeps marking NLM_F_DUMP_INTR is retried by
// rtnl.links, then reported as EINTR; one marked once succeeds on the
// retry.
func TestFakeLuaLinksDumpInterrupted(t *testing.T) {
	L, _, k := newFakeState(t)
	var marked atomic.Int32 // dumps still to mark; the handler runs on the fake's goroutine
	marked.Store(1000)
	k.Handle(0, func([]netlink.Message) ([]netlink.Message, error) {
		l := nlfake.Link(1, "lo", 65536, 1)
		if marked.Add(-1) >= 0 {
			l.Header.Flags |= netlink.DumpInterrupted
		}
		return []netlink.Message{l}, nil
	})
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		local ls, msg, errname = rtnl.links(s)
		assert(ls == nil and errname == "EINTR" and msg:find("interrupted"), tostring(msg))`)
	if n := len(k.Requests()); n < 2 {
		t.Fatalf("%d dumps sent: an interrupted dump was not retried", n)
	}
	marked.Store(1)
	before := len(k.Requests())
	luabindtest.MustRun(t, L, `local ls = assert(rtnl.links(s)); assert(#ls == 1 and ls[1].name == "lo")`)
	if n := len(k.Requests()) - before; n != 2 {
		t.Errorf("%d dumps for one interrupted and its retry", n)
	}
}

// A kernel error reaches Lua as nil, msg, errname, extack, the ext-ack
// text in msg.
func TestFakeLuaRequestError(t *testing.T) {
	L, _, k := newFakeState(t)
	k.Handle(0, func(req []netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{nlfake.ExtAckError(22, req[0], "Unknown device type", 36)}, nil
	})
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		local r, msg, errname, x = s:request{type = rtnl.RTM_NEWLINK, flags = netlink.F_CREATE, payload = string.rep("\0", 16) .. netlink.attr(3, "x\0") .. netlink.attr(3, "yy\0")}
		assert(r == nil and errname == "EINVAL", tostring(msg))
		assert(msg:find("Unknown device type", 1, true), msg)
		assert(x.msg == "Unknown device type" and x.offset == 36, tostring(x.offset))`)
}

// A bare ACK is an empty array; an ACK with TLVs carries a warning.
func TestFakeLuaAckAndWarning(t *testing.T) {
	L, _, k := newFakeState(t)
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		local r = assert(s:request{type = rtnl.RTM_NEWLINK, payload = string.rep("\0", 16)})
		assert(#r == 0 and r.warning == nil)`)
	k.Handle(0, func(req []netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{nlfake.ExtAckError(0, req[0], "ignored attribute", 0)}, nil
	})
	luabindtest.MustRun(t, L, `
		local r = assert(s:request{type = rtnl.RTM_NEWLINK, payload = string.rep("\0", 16)})
		assert(#r == 0 and r.warning.msg == "ignored attribute", tostring(r.warning))`)
}

// sock:send puts netlink.encode's bytes on the wire unchanged.
func TestFakeLuaSendBytes(t *testing.T) {
	L, _, k := newFakeState(t)
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		m = {type = rtnl.RTM_GETLINK, flags = netlink.F_REQUEST + netlink.F_DUMP, seq = 77, payload = string.rep("\1", 16)}
		assert(s:send(m) == 77)
		wire = netlink.encode(m)`)
	want := L.GetGlobal("wire").String()
	for i := 0; len(k.Requests()) == 0 && i < 100; i++ {
		time.Sleep(10 * time.Millisecond) // the fake reads on its own goroutine
	}
	reqs := k.Requests()
	if len(reqs) != 1 || string(reqs[0].Datagram) != want {
		t.Fatalf("sent %v, want %q", reqs, want)
	}
}

// Events of joined groups reach recv with their group; an overrun is
// nil, msg, "ENOBUFS" and the socket goes on; an empty socket times out.
func TestFakeLuaRecvEventsAndOverrun(t *testing.T) {
	L, _, k := newFakeState(t)
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		assert(s:join("link"))
		local gs = s:groups()
		assert(#gs == 1 and gs[1] == "link", tostring(gs[1]))`)
	if n, err := k.Notify(0, 1, nlfake.Link(4, "veth0", 1500, 0)); err != nil || n != 1 {
		t.Fatalf("notify reached %d: %v", n, err)
	}
	luabindtest.MustRun(t, L, `
		local m = assert(s:recv(2))
		assert(m.name == "RTM_NEWLINK" and m.group == 1 and m.seq == 0, tostring(m.group))
		assert(m.body.name == "veth0" and m.body.ifindex == 4 and m.body.mtu == 1500, tostring(m.body.name))`)
	s := L.GetGlobal("s").(*lua.LUserData).Value.(*luabind.Socket)
	if err := k.Overrun(s.Sock); err != nil {
		t.Fatal(err)
	}
	luabindtest.MustRun(t, L, `
		local m, msg, errname = s:recv(2)
		assert(m == nil and errname == "ENOBUFS", tostring(msg))
		m, msg, errname = s:recv(0.1)
		assert(m == nil and msg == "timeout" and errname == "timeout", tostring(msg))`)
}
