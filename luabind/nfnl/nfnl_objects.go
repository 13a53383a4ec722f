//go:build linux

package nfnl

import (
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/nft"
	lua "github.com/yuin/gopher-lua"
)

// nftObject turns a decoded nf_tables message into a table with
// object = "table" | "chain" | "rule" | "set" | "elements" | "gen" and the object's
// fields.
func nftObject(L *lua.LState, m *nft.Message) *lua.LTable {
	t := L.CreateTable(0, 12)
	if o := m.Object(); o != "" {
		t.RawSetString("object", lua.LString(o))
	}
	num := func(k string, v uint64) { t.RawSetString(k, luabind.ExactUint(L, v)) }
	str := func(k, v string) {
		if v != "" {
			t.RawSetString(k, lua.LString(v))
		}
	}
	fam := func(f uint8) { t.RawSetString("family", lua.LString(nft.FamilyName(f))) }
	// named is what names a table, chain or set: its family, table (none
	// for a table), name and handle.
	named := func(family uint8, table, name string, handle uint64) {
		fam(family)
		str("table", table)
		str("name", name)
		num("handle", handle)
	}
	switch {
	case m.Table != nil:
		x := m.Table
		named(x.Family, "", x.Name, x.Handle)
		num("use", uint64(x.Use))
		t.RawSetString("flags", luabind.StrList(L, x.FlagNames()))
	case m.Chain != nil:
		x := m.Chain
		named(x.Family, x.Table, x.Name, x.Handle)
		num("use", uint64(x.Use))
		str("type", x.Type)
		str("policy", x.PolicyName())
		if x.Hook != nil {
			str("hook", nft.HookName(x.Family, x.Hook.Num))
			t.RawSetString("prio", lua.LNumber(x.Hook.Priority))
			str("device", x.Hook.Device)
		}
	case m.Rule != nil:
		x := m.Rule
		fam(x.Family)
		str("table", x.Table)
		str("chain", x.Chain)
		num("handle", x.Handle)
		if x.Position != 0 {
			num("position", x.Position)
		}
		t.RawSetString("exprs", exprList(L, x.Expressions))
	case m.Set != nil:
		x := m.Set
		named(x.Family, x.Table, x.Name, x.Handle)
		t.RawSetString("flags", luabind.StrList(L, x.FlagNames()))
		str("key_type", nft.TypeName(x.KeyType))
		num("key_len", uint64(x.KeyLen))
		if x.Flags&nft.SetMap != 0 {
			str("data_type", nft.TypeName(x.DataType))
			num("data_len", uint64(x.DataLen))
		}
		if x.Timeout != 0 {
			num("timeout", x.Timeout)
		}
		if x.Size != 0 {
			num("size", uint64(x.Size))
		}
	case m.Elems != nil:
		fam(m.Elems.Family)
		str("table", m.Elems.Table)
		str("set", m.Elems.Set)
		t.RawSetString("elements", elemList(L, m.Elems.Elements))
	case m.Gen != nil:
		num("id", uint64(m.Gen.ID))
		num("pid", uint64(m.Gen.PID))
		str("proc", m.Gen.ProcName)
	}
	return t
}

// exprList turns expressions into {name=, raw=, line=, attrs=, ...}: the
// attributes the nft description decodes are in attrs and, but for
// those named like the fixed keys, also at the top (x.op, x.sreg); data at
// the top stays the bytes or verdict text it always was.
func exprList(L *lua.LState, xs []nft.Expr) *lua.LTable {
	t := L.CreateTable(len(xs), 0)
	for i, x := range xs {
		et := L.CreateTable(0, len(x.Attrs)+4)
		attrs := luabind.GoToLua(L, x.Attrs)
		if at, ok := attrs.(*lua.LTable); ok {
			at.ForEach(func(k, v lua.LValue) { et.RawSet(k, v) })
			et.RawSetString("attrs", at)
		}
		if d, ok := et.RawGetString("data").(*lua.LTable); ok {
			et.RawSetString("data", flatData(d))
		}
		et.RawSetString("name", lua.LString(x.Name))
		et.RawSetString("raw", lua.LString(x.Data))
		et.RawSetString("line", lua.LString(nft.ExprLine(x)))
		t.RawSetInt(i+1, et)
	}
	return t
}

// flatData is an expression's data as nfnl gave it before expressions were
// described (attrs.data keeps the decoded form): a value's bytes, or a
// verdict as text ("accept", "jump chain").
func flatData(d *lua.LTable) lua.LValue {
	if v := d.RawGetString("value"); v != lua.LNil {
		return v
	}
	verdict, ok := d.RawGetString("verdict").(*lua.LTable)
	if !ok {
		return d
	}
	code := lua.LVAsString(verdict.RawGetString("code"))
	if chain := lua.LVAsString(verdict.RawGetString("chain")); chain != "" {
		return lua.LString(code + " " + chain)
	}
	return lua.LString(code)
}

func fieldValue(L *lua.LState, v any) lua.LValue {
	switch v := v.(type) {
	case uint64:
		return luabind.ExactUint(L, v) // counter packets/bytes may pass 2^53
	case string:
		return lua.LString(v)
	case []byte:
		return lua.LString(v)
	}
	return lua.LNil
}

// elemList turns set elements into {key=bytes, key_end=, data=bytes or
// verdict, flags=, timeout=, expiration=}.
func elemList(L *lua.LState, es []nft.SetElem) *lua.LTable {
	t := L.CreateTable(len(es), 0)
	for i, e := range es {
		et := L.CreateTable(0, 4)
		et.RawSetString("key", lua.LString(e.Key))
		if e.KeyEnd != nil {
			et.RawSetString("key_end", lua.LString(e.KeyEnd))
		}
		if e.Data != nil {
			et.RawSetString("data", fieldValue(L, e.Data))
		}
		if e.Flags != 0 {
			et.RawSetString("flags", lua.LNumber(e.Flags))
		}
		if e.Timeout != 0 {
			et.RawSetString("timeout", lua.LNumber(e.Timeout))
		}
		if e.Expiration != 0 {
			et.RawSetString("expiration", lua.LNumber(e.Expiration))
		}
		t.RawSetInt(i+1, et)
	}
	return t
}
