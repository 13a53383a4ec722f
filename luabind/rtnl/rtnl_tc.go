//go:build linux

package rtnl

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	lua "github.com/yuin/gopher-lua"
)

// Traffic control in Lua: rtnl.qdiscs, rtnl.classes, rtnl.filters and the
// add/del functions. Objects are decoded and requests encoded by nlsh's tc
// description (package rtnl, through package ynl); this file names fields
// as the other rtnl tables do: the description's names with '_' for '-'
// (options.direct_qlen), handles as tc writes them ("1:", "1:10", "root").

var tcBindings = []luabind.Binding{
	{"rtnl.qdiscs", luaRtnlQdiscs},
	{"rtnl.classes", luaRtnlClasses},
	{"rtnl.filters", luaRtnlFilters},
	{"rtnl.qdisc_add", tcChange("rtnl.qdisc_add", "qdisc add", rtnl.RTM_NEWQDISC, nlsock.FlagCreate|nlsock.FlagExcl)},
	{"rtnl.qdisc_del", tcChange("rtnl.qdisc_del", "qdisc del", rtnl.RTM_DELQDISC, 0)},
	{"rtnl.class_add", tcChange("rtnl.class_add", "class add", rtnl.RTM_NEWTCLASS, nlsock.FlagCreate|nlsock.FlagExcl)},
	{"rtnl.class_del", tcChange("rtnl.class_del", "class del", rtnl.RTM_DELTCLASS, 0)},
	{"rtnl.filter_add", tcChange("rtnl.filter_add", "filter add", rtnl.RTM_NEWTFILTER, nlsock.FlagCreate|nlsock.FlagExcl)},
	{"rtnl.filter_del", tcChange("rtnl.filter_del", "filter del", rtnl.RTM_DELTFILTER, 0)},
}

// rtnl.qdiscs(sock [, {dev=}]) -> array of qdisc tables.
func luaRtnlQdiscs(L *lua.LState) int {
	const fn = "rtnl.qdiscs"
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	var idx int32
	if L.GetTop() >= 2 && L.Get(2) != lua.LNil {
		opts := luabind.OptTable(L, fn, 2, "dev")
		if idx, _, n = optLink(L, s, fn, 2, opts, "dev"); n > 0 {
			return n
		}
	}
	objs, err := rtnl.Qdiscs(luabind.Context(L), s.Sock, idx)
	return pushTC(L, fn, objs, err)
}

// rtnl.classes(sock, {dev=}) -> array of class tables.
func luaRtnlClasses(L *lua.LState) int {
	const fn = "rtnl.classes"
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	idx, n := tcDev(L, s, fn, luabind.OptTable(L, fn, 2, "dev"))
	if n > 0 {
		return n
	}
	objs, err := rtnl.Classes(luabind.Context(L), s.Sock, idx)
	return pushTC(L, fn, objs, err)
}

// rtnl.filters(sock, {dev=, parent=}) -> array of filter tables; parent
// (default: the root qdisc's) as tc filter show takes it: "1:",
// "ingress", "egress", "ffff:".
func luaRtnlFilters(L *lua.LState) int {
	const fn = "rtnl.filters"
	s, opts, n := routeOptions(L, fn, 2, "dev", "parent")
	if s == nil {
		return n
	}
	idx, n := tcDev(L, s, fn, opts)
	if n > 0 {
		return n
	}
	parent := optHandle(L, fn, opts, "parent", true)
	objs, err := rtnl.Filters(luabind.Context(L), s.Sock, idx, parent)
	return pushTC(L, fn, objs, err)
}

// tcDev reads the required dev field (a link name or index).
func tcDev(L *lua.LState, s *luabind.Socket, fn string, opts *lua.LTable) (int32, int) {
	idx, given, n := optLink(L, s, fn, 2, opts, "dev")
	if n == 0 && (!given || idx == 0) {
		luabind.ArgError(L, fn, 2, "field 'dev' is required (a link name or index)")
	}
	return idx, n
}

// optHandle reads a handle field as tc takes it; absent is 0.
func optHandle(L *lua.LState, fn string, opts *lua.LTable, key string, filter bool) uint32 {
	str, ok := luabind.OptString(L, fn, 2, opts, key)
	if !ok {
		return 0
	}
	h, err := rtnl.ParseHandle(str, filter)
	if err != nil {
		luabind.ArgError(L, fn, 2, "field '%s': %v", key, err)
	}
	return h
}

func pushTC(L *lua.LState, fn string, objs []rtnl.TC, err error) int {
	if err != nil {
		return luabind.IOFailure(L, luabind.Context(L), fmt.Errorf("%s: %w", fn, err))
	}
	out := L.CreateTable(len(objs), 0)
	for i := range objs {
		out.Append(tcTable(L, &objs[i]))
	}
	L.Push(out)
	return 1
}

// tcTable is one qdisc, class or filter: ifindex, handle, parent, kind,
// options, stats, xstats, chain; filters add protocol and pref, classes
// with a leaf qdisc add leaf.
func tcTable(L *lua.LState, o *rtnl.TC) *lua.LTable {
	t := L.CreateTable(0, 10)
	t.RawSetString("ifindex", lua.LNumber(o.Ifindex))
	filter := o.Type >= rtnl.RTM_NEWTFILTER && o.Type <= rtnl.RTM_GETTFILTER
	if filter {
		t.RawSetString("handle", lua.LString(rtnl.FilterHandleString(o.Kind, o.Handle)))
		t.RawSetString("protocol", lua.LString(tcProtocolName(o.Protocol())))
		t.RawSetString("pref", lua.LNumber(o.Pref()))
	} else if o.Type >= rtnl.RTM_NEWQDISC && o.Type <= rtnl.RTM_GETQDISC {
		t.RawSetString("handle", lua.LString(rtnl.QdiscHandleString(o.Handle)))
	} else {
		t.RawSetString("handle", lua.LString(rtnl.HandleString(o.Handle)))
	}
	t.RawSetString("parent", lua.LString(rtnl.HandleString(o.Parent)))
	if o.Type >= rtnl.RTM_NEWTCLASS && o.Type <= rtnl.RTM_GETTCLASS && o.Info != 0 {
		t.RawSetString("leaf", lua.LString(rtnl.HandleString(o.Info)))
	}
	if o.Kind != "" {
		t.RawSetString("kind", lua.LString(o.Kind))
	}
	if opts, ok := o.Attrs["options"]; ok {
		t.RawSetString("options", tcValue(L, opts))
	}
	if st := o.Stats(); st != nil {
		stats := L.CreateTable(0, len(st))
		for k, v := range st {
			stats.RawSetString(k, lua.LNumber(v))
		}
		t.RawSetString("stats", stats)
	}
	if x := o.XStats(); x != nil {
		t.RawSetString("xstats", tcValue(L, x))
	}
	if v, ok := o.Attrs["chain"]; ok {
		t.RawSetString("chain", tcValue(L, v))
	}
	if v, ok := o.Attrs["hw-offload"]; ok {
		t.RawSetString("hw_offload", tcValue(L, v))
	}
	if v, ok := o.Attrs["ingress-block"]; ok {
		t.RawSetString("ingress_block", tcValue(L, v))
	}
	if v, ok := o.Attrs["egress-block"]; ok {
		t.RawSetString("egress_block", tcValue(L, v))
	}
	return t
}

// tcValue converts a decoded value, naming fields with '_' for '-'.
func tcValue(L *lua.LState, v any) lua.LValue {
	return luabind.ConvertDecoded(L, v, underscoreName)
}

// underscoreName is an attribute's Lua field name; the unknown-attributes
// key keeps its own spelling.
func underscoreName(k string) string {
	if k == ynl.UnknownKey {
		return k
	}
	return strings.ReplaceAll(k, "-", "_")
}

// hyphenKeys turns Lua's option names back into the description's.
func hyphenKeys(v any) any {
	return ynl.MapEntries(v, func(k string, val any) (string, any) {
		if k != ynl.UnknownKey {
			k = strings.ReplaceAll(k, "_", "-")
		}
		return k, val
	})
}

// tcProtocols are the filter protocols tc names (ll_proto_n2a).
var tcProtocols = map[uint16]string{
	0x0003: "all", 0x0800: "ip", 0x86dd: "ipv6", 0x0806: "arp",
	0x8100: "802.1Q", 0x88a8: "802.1ad", 0x8847: "mpls_uc", 0x8848: "mpls_mc",
}

func tcProtocolName(p uint16) string {
	if n, ok := tcProtocols[p]; ok {
		return n
	}
	return fmt.Sprintf("0x%04x", p)
}

func tcProtocolValue(name string) (uint16, bool) {
	for v, n := range tcProtocols {
		if n == name {
			return v, true
		}
	}
	var v uint16
	if _, err := fmt.Sscanf(name, "0x%x", &v); err == nil {
		return v, true
	}
	return 0, false
}

// tcChange makes rtnl.qdisc_add(sock, spec) and its kin: spec is {dev=,
// parent=, handle=, kind=, options=} (filters also pref= and protocol=),
// the options named as rtnl.qdiscs returns them. Returns true, or nil,
// msg, errname.
func tcChange(fn, op string, typ, flags uint16) lua.LGFunction {
	filter := typ == rtnl.RTM_NEWTFILTER || typ == rtnl.RTM_DELTFILTER
	known := []string{"dev", "parent", "handle", "kind", "options"}
	if filter {
		known = append(known, "pref", "protocol")
	}
	return func(L *lua.LState) int {
		s, opts, n := routeOptions(L, fn, 2, known...)
		if s == nil {
			return n
		}
		idx, n := tcDev(L, s, fn, opts)
		if n > 0 {
			return n
		}
		spec := rtnl.TCSpec{Ifindex: idx, Parent: optHandle(L, fn, opts, "parent", filter)}
		if filter {
			h, _ := luabind.OptUint(L, fn, 2, opts, "handle", 0xffffffff)
			spec.Handle = h
			pref, _ := luabind.OptUint(L, fn, 2, opts, "pref", 0xffff)
			proto := uint16(0)
			if p, ok := luabind.OptString(L, fn, 2, opts, "protocol"); ok {
				v, known := tcProtocolValue(p)
				if !known {
					luabind.ArgError(L, fn, 2, "field 'protocol': %q is not all, ip, ipv6, arp, 802.1Q, 802.1ad or 0xNNNN", p)
				}
				proto = v
			} else if typ == rtnl.RTM_NEWTFILTER {
				proto = 0x0003 // all, as tc's default
			}
			spec.Info = pref<<16 | uint32(proto>>8|proto<<8)
		} else {
			spec.Handle = optHandle(L, fn, opts, "handle", false)
		}
		spec.Kind, _ = luabind.OptString(L, fn, 2, opts, "kind")
		switch o := opts.RawGetString("options").(type) {
		case *lua.LNilType:
		case *lua.LTable:
			spec.Options, _ = hyphenKeys(luabind.LuaToAttrs(L, fn, 2, o)).(ynl.Attrs)
		default:
			luabind.ArgError(L, fn, 2, "field 'options' must be a table, got %s", luabind.TypeName(o))
		}
		m, err := rtnl.TCRequest(typ, nlsock.FlagRequest|nlsock.FlagAck|flags, spec)
		if err != nil {
			luabind.ArgError(L, fn, 2, "%v", err)
		}
		object := fmt.Sprintf("%s %s", spec.Kind, L.Get(2).String())
		if d, ok := opts.RawGetString("dev").(lua.LString); ok {
			object = strings.TrimSpace(fmt.Sprintf("%s on %s", spec.Kind, string(d)))
		}
		ctx := luabind.Context(L)
		_, err = s.Sock.Request(ctx, m)
		return luabind.Done(L, ctx, op, object, err)
	}
}

// tcBody is the body of a received tc message: the table rtnl.qdiscs
// (classes, filters) gives, with a decoding error in its "error" field.
func tcBody(L *lua.LState, m nlsock.Message) lua.LValue {
	o, err := rtnl.DecodeTC(m.Header.Type, m.Payload)
	t := tcTable(L, &o)
	if err != nil {
		t.RawSetString("error", lua.LString(err.Error()))
	}
	return t
}
