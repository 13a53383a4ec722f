//go:build linux

package nfnl

import (
	"math"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/conntrack"
	lua "github.com/yuin/gopher-lua"
)

// Conntrack entries (nlsock/conntrack, read through the built-in
// "conntrack" description) as tables:
//
//	family protocol protonum state status{...} timeout mark zone use id
//	orig, reply = {src=, dst=, proto=, sport=, dport=} (ICMP: icmp_id, icmp_type, icmp_code)
//	counters = {orig = {packets=, bytes=}, reply = {...}} (with nf_conntrack_acct = 1)
//
// nfnl.conntrack(sock [, {family=, zone=, mark=, mark_mask=}]) dumps them;
// nfnl.conntrack_flush(sock [, {family=, mark=, mark_mask=}]) deletes them.
// Events of the conntrack-new/update/destroy groups decode to the same
// tables (a destroyed entry has event = "destroy").

// conntrackOptions reads argument 2 of nfnl.conntrack or conntrack_flush.
func conntrackOptions(L *lua.LState, fn string, known ...string) conntrack.Options {
	var o conntrack.Options
	if L.Get(2) == lua.LNil {
		return o
	}
	t := luabind.OptTable(L, fn, 2, known...)
	if v := t.RawGetString("family"); v != lua.LNil {
		switch x := v.(type) {
		case lua.LString:
			f, ok := conntrack.ParseFamily(string(x))
			if !ok {
				luabind.ArgError(L, fn, 2, "field 'family': %q is not \"inet\" or \"inet6\"", string(x))
			}
			o.Family = f
		case lua.LNumber:
			o.Family = uint8(luabind.IntIn(L, fn, 2, "field 'family'", float64(x), 0, math.MaxUint8))
		default:
			luabind.ArgError(L, fn, 2, "field 'family' must be a family name, got %s", luabind.TypeName(v))
		}
	}
	if z, ok := luabind.OptUint(L, fn, 2, t, "zone", math.MaxUint16); ok {
		zone := uint16(z)
		o.Zone = &zone
	}
	if m, ok := luabind.OptUint(L, fn, 2, t, "mark", math.MaxUint32); ok {
		o.Mark = &m
	}
	if m, ok := luabind.OptUint(L, fn, 2, t, "mark_mask", math.MaxUint32); ok {
		if o.Mark == nil {
			luabind.ArgError(L, fn, 2, "field 'mark_mask' needs a mark")
		}
		o.MarkMask = &m
	}
	return o
}

// nfnl.conntrack(sock [, opts]) -> array of entries.
func luaNfnlConntrack(L *lua.LState) int {
	const fn = "nfnl.conntrack"
	s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoNetfilter)
	if s == nil {
		return n
	}
	o := conntrackOptions(L, fn, "family", "zone", "mark", "mark_mask")
	ctx := luabind.Context(L)
	objs, err := conntrack.List(ctx, s.Sock, o)
	return luabind.PushAttrs(L, ctx, fn, objs, err)
}

// nfnl.conntrack_flush(sock [, opts]) -> true.
func luaNfnlConntrackFlush(L *lua.LState) int {
	const fn = "nfnl.conntrack_flush"
	s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoNetfilter)
	if s == nil {
		return n
	}
	o := conntrackOptions(L, fn, "family", "mark", "mark_mask")
	ctx := luabind.Context(L)
	return luabind.Done(L, ctx, "conntrack flush", "table", conntrack.Flush(ctx, s.Sock, o))
}

// conntrackBody decodes a ctnetlink message for m.body; nil for other
// netfilter subsystems.
func conntrackBody(L *lua.LState, m nlsock.Message) lua.LValue {
	obj, ok, err := conntrack.Decode(m.Header.Type, m.Payload)
	return luabind.DecodedBody(L, obj, ok, err)
}
