//go:build linux

package nfnl

import (
	"fmt"
	"math"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/nft"
	lua "github.com/yuin/gopher-lua"
)

// changeArgs are the arguments of one nf_tables change, family first: the
// function's arguments after sock for nfnl.add_table(sock, ...), or one
// entry of nfnl.batch(sock, {{"add_table", ...}, ...}).
type changeArgs struct {
	L      *lua.LState
	fn     string
	vals   []lua.LValue
	pos    func(i int) int // the Lua argument number to blame for vals[i]
	prefix string          // "change 2: " inside a batch
}

func (a changeArgs) get(i int) lua.LValue {
	if i < len(a.vals) {
		return a.vals[i]
	}
	return lua.LNil
}

func (a changeArgs) fail(i int, format string, args ...any) {
	luabind.ArgError(a.L, a.fn, a.pos(i), "%s%s", a.prefix, fmt.Sprintf(format, args...))
}

func (a changeArgs) family() uint8 {
	switch v := a.get(0).(type) {
	case lua.LString:
		if f, ok := nft.ParseFamily(string(v)); ok {
			return f
		}
		a.fail(0, `unknown family %q (ip, ip6, inet, arp, bridge, netdev)`, string(v))
	case lua.LNumber:
		if v >= 0 && v <= math.MaxUint8 && v == lua.LNumber(int(v)) {
			return uint8(v)
		}
		a.fail(0, "family must be an integer from 0 to 255")
	default:
		a.fail(0, "family name expected, got %s", luabind.TypeName(v))
	}
	return 0
}

func (a changeArgs) name(i int, what string) string {
	v, ok := a.get(i).(lua.LString)
	if !ok {
		a.fail(i, "%s expected, got %s", what, luabind.TypeName(a.get(i)))
	}
	return string(v)
}

// nftChanges builds each kind of change into a batch.
var nftChanges = map[string]func(a changeArgs, b *nft.Batch){
	"add_table": func(a changeArgs, b *nft.Batch) { b.AddTable(a.family(), a.name(1, "table name"), 0) },
	"del_table": func(a changeArgs, b *nft.Batch) { b.DelTable(a.family(), a.name(1, "table name")) },
	"del_chain": func(a changeArgs, b *nft.Batch) {
		b.DelChain(a.family(), a.name(1, "table name"), a.name(2, "chain name"))
	},
	"add_chain": addChain,
	"add_rule":  addRule,
}

// addChain reads {table=, name=, type=, hook=, prio=, policy=, device=}:
// hook is a name ("input") or number, policy "accept" or "drop"; a chain
// with a hook is a base chain of type "filter" unless type says otherwise.
func addChain(a changeArgs, b *nft.Batch) {
	fam := a.family()
	spec, ok := a.get(1).(*lua.LTable)
	if !ok {
		a.fail(1, "chain table expected, got %s", luabind.TypeName(a.get(1)))
	}
	if msg := luabind.UnknownField(spec, "chain field", "table", "name", "type", "hook", "prio", "policy", "device"); msg != "" {
		a.fail(1, "%s", msg)
	}
	str := func(key string, required bool) string {
		switch v := spec.RawGetString(key).(type) {
		case lua.LString:
			return string(v)
		case *lua.LNilType:
			if required {
				a.fail(1, "field %s (a string) is required", key)
			}
		default:
			a.fail(1, "field %s must be a string, got %s", key, luabind.TypeName(v))
		}
		return ""
	}
	c := nft.ChainSpec{Family: fam, Table: str("table", true), Name: str("name", true), Type: str("type", false)}
	if hv := spec.RawGetString("hook"); hv != lua.LNil {
		c.Hook = &nft.Hook{Num: a.hook(fam, hv), Device: str("device", false)}
		if p, ok := spec.RawGetString("prio").(lua.LNumber); ok {
			if p != lua.LNumber(int32(p)) {
				a.fail(1, "prio must be a 32-bit integer")
			}
			c.Hook.Priority = int32(p)
		}
		if c.Type == "" {
			c.Type = "filter"
		}
	}
	switch pv := str("policy", false); pv {
	case "":
	case "accept", "drop":
		pol := nft.PolicyAccept
		if pv == "drop" {
			pol = nft.PolicyDrop
		}
		c.Policy = &pol
	default:
		a.fail(1, `policy must be "accept" or "drop", got %q`, pv)
	}
	b.AddChain(c)
}

func (a changeArgs) hook(fam uint8, v lua.LValue) uint32 {
	if n, ok := v.(lua.LNumber); ok && n >= 0 && n < 16 && n == lua.LNumber(int(n)) {
		return uint32(n)
	}
	name := lua.LVAsString(v)
	for i := uint32(0); nft.HookName(fam, i) != ""; i++ {
		if nft.HookName(fam, i) == name {
			return i
		}
	}
	a.fail(1, "no hook %q in family %s", name, nft.FamilyName(fam))
	return 0
}

// nfnlChangeFunc makes nfnl.add_table(sock, family, ...) and friends:
// one change in a batch of its own. They return true, or nil, msg,
// errname (EEXIST, ENOENT, ...).
func nfnlChangeFunc(fn, kind string) lua.LGFunction {
	return func(L *lua.LState) int {
		s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoNetfilter)
		if s == nil {
			return n
		}
		var vals []lua.LValue
		for i := 2; i <= max(L.GetTop(), 4); i++ {
			vals = append(vals, L.Get(i))
		}
		var b nft.Batch
		nftChanges[kind](changeArgs{L: L, fn: fn, vals: vals, pos: func(i int) int { return i + 2 }}, &b)
		return applyBatch(L, s, &b)
	}
}

// nfnl.batch(sock, {{"add_table", "inet", "t"}, {"add_chain", "inet",
// {table = "t", name = "c"}}, {"del_table", "ip", "old"}}) applies the
// changes atomically: all or none. Returns true, or nil, msg, errname
// where msg names the refused change.
func luaNfnlBatch(L *lua.LState) int {
	const fn = "nfnl.batch"
	s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoNetfilter)
	if s == nil {
		return n
	}
	ops, ok := L.Get(2).(*lua.LTable)
	if !ok {
		luabind.ArgError(L, fn, 2, "array of changes expected, got %s", luabind.TypeName(L.Get(2)))
	}
	var b nft.Batch
	for i := 1; i <= ops.Len(); i++ {
		op, ok := ops.RawGetInt(i).(*lua.LTable)
		if !ok {
			luabind.ArgError(L, fn, 2, "change %d: table expected, got %s", i, luabind.TypeName(ops.RawGetInt(i)))
		}
		kind := lua.LVAsString(op.RawGetInt(1))
		build, ok := nftChanges[kind]
		if !ok {
			luabind.ArgError(L, fn, 2, "change %d: unknown change %q (add_table, del_table, add_chain, del_chain, add_rule)", i, kind)
		}
		var vals []lua.LValue
		for k := 2; k <= max(op.Len(), 4); k++ {
			vals = append(vals, op.RawGetInt(k))
		}
		build(changeArgs{L: L, fn: fn, vals: vals, pos: func(int) int { return 2 }, prefix: fmt.Sprintf("change %d: ", i)}, &b)
	}
	return applyBatch(L, s, &b)
}

func applyBatch(L *lua.LState, s *luabind.Socket, b *nft.Batch) int {
	ctx := luabind.Context(L)
	if err := nft.Apply(ctx, s.Sock, b); err != nil {
		return luabind.IOFailure(L, ctx, err)
	}
	L.Push(lua.LTrue)
	return 1
}
