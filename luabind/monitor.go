//go:build linux

package luabind

import (
	"context"
	"errors"
	"math"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	lua "github.com/yuin/gopher-lua"
)

// luaMonitor is netlink.monitor{ns=, groups={...}, rcvbuf=, force=,
// resync=, all_netns=}: an iterator of decoded events. With all_netns it
// hears every namespace that has an nsid in ns too (each one named in
// /run/netns gets one); their events carry nsid and netns "/run/netns/NAME". Groups are route group names
// ("link", "address", ...), "FAMILY:GROUP" or "nftables". Each event is a
// message table plus summary, object, family, netns and time; an overrun is
// {overrun=true, rcvbuf=N, summary=...}, a resync finding {resync=true,
// summary="+link ..."}. family is the address family the message is about
// ("unspec", "inet", "inet6", "bridge"; nf_tables' "ip", "inet", ...): a
// link event of family "bridge" is a bridge port's view of the device, and
// its RTM_DELLINK means the port left the bridge. An address event's
// body.flags names its flags ("tentative", "permanent", ...), as its
// summary does. The iterator returns nil (ending a for loop) when the state
// is interrupted; its sockets close with the state, when iteration ends,
// or through the second value, a handle whose close() ends the monitor
// early (`local events, mon = netlink.monitor{...}`; generic for passes it
// to the iterator, which ignores it).
func (e *Env) luaMonitor(L *lua.LState) int {
	const fn = "netlink.monitor"
	opts, specs, errRet := e.monitorArgs(L, fn)
	if errRet != nil {
		return Failure(L, errRet)
	}
	ctx := Context(L)
	var subs []monitor.Subscription
	for _, spec := range specs {
		sub, err := monitor.Resolve(ctx, opts.NetNS, spec)
		if errors.Is(err, monitor.ErrUnknownObject) { // a misspelt name, not a kernel failure
			ArgError(L, fn, 1, "groups: %v", err)
		}
		if err != nil {
			return Failure(L, err)
		}
		subs = append(subs, sub)
	}
	var tracked []*Socket
	opts.Capture = e.opts.Capture
	opts.SpecDirs = e.opts.SpecDirs // generic netlink events decode by spec, as with nlsh --specs
	opts.Track = func(ns *nlsock.Socket) {
		s := &Socket{Env: e, Sock: ns, Proto: ns.Protocol()}
		if e.track(s) {
			tracked = append(tracked, s)
		}
	}
	m, err := monitor.Open(ctx, opts, subs...)
	if err != nil {
		return Failure(L, err)
	}
	stop := func() {
		for _, s := range tracked {
			s.Close()
		}
		m.Close()
	}
	L.Push(L.NewFunction(Guard("netlink.monitor iterator", func(L *lua.LState) int {
		ev, err := m.Next(Context(L))
		if err != nil {
			stop()
			if errors.Is(err, monitor.ErrClosed) || errors.Is(err, context.Canceled) || Ended(Context(L)) {
				L.Push(lua.LNil)
				return 1
			}
			return Failure(L, err)
		}
		L.Push(e.eventTable(L, &ev))
		return 1
	})))
	handle := L.NewTable()
	handle.RawSetString("close", L.NewFunction(Guard("netlink.monitor close", func(L *lua.LState) int {
		stop()
		return 0
	})))
	L.Push(handle)
	return 2
}

// monitorArgs reads the options table.
func (e *Env) monitorArgs(L *lua.LState, fn string) (monitor.Options, []string, error) {
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		ArgError(L, fn, 1, "options table {groups={...}, ns=, rcvbuf=} expected, got %s", TypeName(L.Get(1)))
	}
	if msg := UnknownField(t, "option", "groups", "ns", "rcvbuf", "force", "resync", "all_netns"); msg != "" {
		ArgError(L, fn, 1, "%s", msg)
	}
	var opts monitor.Options
	var specs []string
	groups, ok := t.RawGetString("groups").(*lua.LTable)
	if !ok || groups.Len() == 0 {
		ArgError(L, fn, 1, `field 'groups' must be a non-empty array of names ("link", "nlctrl:notify", "nftables")`)
	}
	for i := 1; i <= groups.Len(); i++ {
		s, ok := groups.RawGetInt(i).(lua.LString)
		if !ok {
			ArgError(L, fn, 1, "groups[%d] must be a string, got %s", i, TypeName(groups.RawGetInt(i)))
		}
		specs = append(specs, string(s))
	}
	if v := t.RawGetString("rcvbuf"); v != lua.LNil {
		n, ok := v.(lua.LNumber)
		if !ok {
			ArgError(L, fn, 1, "field 'rcvbuf' must be a number of bytes, got %s", TypeName(v))
		}
		opts.ReadBuffer = int(IntIn(L, fn, 1, "field 'rcvbuf'", float64(n), -1, math.MaxInt32))
	}
	opts.Force = lua.LVAsBool(t.RawGetString("force"))
	opts.Resync = lua.LVAsBool(t.RawGetString("resync"))
	opts.AllNetNS = lua.LVAsBool(t.RawGetString("all_netns"))
	if opts.AllNetNS && opts.Resync {
		ArgError(L, fn, 1, "resync re-dumps one namespace; it cannot follow all_netns")
	}
	L.Push(t.RawGetString("ns"))
	ns, err := e.CheckNS(L, fn, L.GetTop(), 1)
	L.Pop(1)
	opts.NetNS = ns
	return opts, specs, err
}

// eventTable is the Lua form of a monitor event.
func (e *Env) eventTable(L *lua.LState, ev *monitor.Event) *lua.LTable {
	var t *lua.LTable
	if ev.Overrun || ev.Resync {
		t = L.CreateTable(0, 8)
	} else {
		t = e.MsgTable(L, ev.Message, ev.Proto)
	}
	t.RawSetString("time", lua.LNumber(float64(ev.Time.UnixNano())/1e9))
	t.RawSetString("netns", lua.LString(ev.NetNS))
	if ev.HasNSID {
		t.RawSetString("nsid", lua.LNumber(ev.NSID))
	}
	t.RawSetString("proto", lua.LNumber(ev.Proto))
	t.RawSetString("summary", lua.LString(ev.Text))
	if ev.Object != "" {
		t.RawSetString("object", lua.LString(ev.Object))
	}
	if ev.Family != "" {
		t.RawSetString("family", lua.LString(ev.Family))
	}
	if ev.Overrun {
		t.RawSetString("overrun", lua.LTrue)
		t.RawSetString("rcvbuf", lua.LNumber(ev.ReadBuffer))
	}
	if ev.Resync {
		t.RawSetString("resync", lua.LTrue)
	}
	return t
}
