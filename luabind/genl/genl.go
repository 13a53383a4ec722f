//go:build linux

package genl

import (
	"fmt"
	"math"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/genl"
	lua "github.com/yuin/gopher-lua"
)

// Module is the genl module, for luabind.Open.
var Module = luabind.Module{Name: "genl", Open: openGenl}

// genlEnv is the Env as the genl module's functions see it.
type genlEnv struct{ *luabind.Env }

// openGenl builds the genl module: nlctrl queries, requests to any family
// by name, and the body decoder of NETLINK_GENERIC messages.
func openGenl(host *luabind.Env, L *lua.LState) *lua.LTable {
	e := genlEnv{host}
	t := L.CreateTable(0, 32)
	luabind.SetFuncs(L, t, []luabind.Binding{
		{"genl.families", luaGenlFamilies},
		{"genl.family", luaGenlFamily},
		{"genl.policy", luaGenlPolicy},
		{"genl.request", e.luaGenlRequest},
	})
	// The command names come from the nlctrl description, whose first
	// reading costs more than all of nlsh's start-up: on first use.
	luabind.LazyConstants(L, t, func(set func(string, int64)) {
		for name, v := range map[string]int{
			"GENL_ID_CTRL": int(genl.CtrlID), "GENL_HDRLEN": genl.HeaderLen,
			"CTRL_ATTR_FAMILY_ID": int(genl.AttrFamilyID), "CTRL_ATTR_FAMILY_NAME": int(genl.AttrFamilyName),
			"CTRL_ATTR_VERSION": int(genl.AttrVersion), "CTRL_ATTR_HDRSIZE": int(genl.AttrHdrSize),
			"CTRL_ATTR_MAXATTR": int(genl.AttrMaxAttr), "CTRL_ATTR_OPS": int(genl.AttrOps),
			"CTRL_ATTR_MCAST_GROUPS": int(genl.AttrMcastGroups), "CTRL_ATTR_POLICY": int(genl.AttrPolicy),
			"CTRL_ATTR_OP_POLICY": int(genl.AttrOpPolicy), "CTRL_ATTR_OP": int(genl.AttrOp),
		} {
			set(name, int64(v))
		}
		for cmd := uint8(1); genl.CmdName(cmd) != ""; cmd++ {
			set(genl.CmdName(cmd), int64(cmd))
		}
	})
	e.SetBodyDecoder(luabind.ProtoGeneric, genlBody)
	e.SetTypeNames(luabind.ProtoGeneric, func(typ uint16) string {
		if typ == genl.CtrlID {
			return "GENL_ID_CTRL"
		}
		return ""
	})
	return t
}

// genl.families(sock) -> array of family tables.
func luaGenlFamilies(L *lua.LState) int {
	s, n := luabind.FamilySocket(L, "genl.families", 1, luabind.ProtoGeneric)
	if s == nil {
		return n
	}
	fams, err := genl.Families(luabind.Context(L), s.Sock)
	if err != nil {
		return luabind.IOFailure(L, luabind.Context(L), err)
	}
	t := L.CreateTable(len(fams), 0)
	for i := range fams {
		s.Env.LearnGenlFamily(fams[i].ID, fams[i].Name)
		t.RawSetInt(i+1, familyTable(L, &fams[i]))
	}
	L.Push(t)
	return 1
}

// genl.family(sock, name) -> family table, or nil, msg, "ENOENT".
func luaGenlFamily(L *lua.LState) int {
	const fn = "genl.family"
	s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoGeneric)
	if s == nil {
		return n
	}
	name := luabind.CheckName(L, fn, 2, "family name")
	f, err := genl.GetFamily(luabind.Context(L), s.Sock, name)
	if err != nil {
		return luabind.IOFailure(L, luabind.Context(L), err)
	}
	s.Env.LearnGenlFamily(f.ID, f.Name)
	L.Push(familyTable(L, f))
	return 1
}

// genl.policy(sock, name) -> {ops = {[cmd] = {["do"] = idx, dump = idx}},
// policies = {[idx] = {[attr] = {type=, min=, max=, min_len=, max_len=,
// nested=, maxtype=, mask=}}}}.
func luaGenlPolicy(L *lua.LState) int {
	const fn = "genl.policy"
	s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoGeneric)
	if s == nil {
		return n
	}
	name := luabind.CheckName(L, fn, 2, "family name")
	p, err := genl.GetPolicy(luabind.Context(L), s.Sock, name)
	if err != nil {
		return luabind.IOFailure(L, luabind.Context(L), err)
	}
	L.Push(policyTable(L, p))
	return 1
}

var (
	familyFields = luabind.NewFieldSet("id", "name", "version", "hdrsize", "maxattr", "ops", "groups")
	opFields     = luabind.NewFieldSet("id", "flags")
)

// familyTable is {id=, name=, version=, hdrsize=, maxattr=,
// ops = {{id=, flags={...}}, ...}, groups = {name = id}}.
func familyTable(L *lua.LState, f *genl.Family) *lua.LTable {
	ops := luabind.List(L, f.Ops, func(op genl.Op) lua.LValue {
		return opFields.Table([]lua.LValue{lua.LNumber(op.ID), luabind.StrList(L, op.Flags.Names())})
	})
	groups := L.CreateTable(0, len(f.Groups))
	for _, g := range f.Groups {
		groups.RawSetString(g.Name, lua.LNumber(g.ID))
	}
	t := familyFields.Table([]lua.LValue{lua.LNumber(f.ID), lua.LString(f.Name), lua.LNumber(f.Version),
		lua.LNumber(f.HeaderSize), lua.LNumber(f.MaxAttr), ops, groups})
	if len(f.OpPolicies) > 0 || len(f.Policies) > 0 {
		pt := policyTable(L, f)
		t.RawSetString("op_policy", pt.RawGetString("ops"))
		t.RawSetString("policy", pt.RawGetString("policies"))
	}
	if len(f.Unknown) > 0 {
		t.RawSetString("unknown", luabind.RawAttrs(L, f.Unknown))
	}
	return t
}

func policyTable(L *lua.LState, f *genl.Family) *lua.LTable {
	ops := L.NewTable()
	for _, o := range f.OpPolicies {
		ot := L.CreateTable(0, 2)
		if o.HasDo {
			ot.RawSetString("do", lua.LNumber(o.Do))
		}
		if o.HasDump {
			ot.RawSetString("dump", lua.LNumber(o.Dump))
		}
		ops.RawSet(lua.LNumber(o.Op), ot)
	}
	sets := L.NewTable()
	for i := range f.Policies {
		p := &f.Policies[i]
		set, ok := sets.RawGet(lua.LNumber(p.Index)).(*lua.LTable)
		if !ok {
			set = L.NewTable()
			sets.RawSet(lua.LNumber(p.Index), set)
		}
		set.RawSet(lua.LNumber(p.Attr), policyAttrTable(L, p))
	}
	t := L.CreateTable(0, 2)
	t.RawSetString("ops", ops)
	t.RawSetString("policies", sets)
	return t
}

func policyAttrTable(L *lua.LState, p *genl.PolicyAttr) *lua.LTable {
	t := L.CreateTable(0, 4)
	t.RawSetString("type", lua.LString(p.Type.String()))
	if p.HasRangeS {
		t.RawSetString("min", lua.LNumber(p.MinValueS))
		t.RawSetString("max", lua.LNumber(p.MaxValueS))
	}
	if p.HasRangeU {
		t.RawSetString("min", lua.LNumber(p.MinValueU))
		t.RawSetString("max", lua.LNumber(p.MaxValueU))
	}
	if p.HasLength {
		t.RawSetString("min_len", lua.LNumber(p.MinLength))
		t.RawSetString("max_len", lua.LNumber(p.MaxLength))
	}
	if p.HasNested {
		t.RawSetString("nested", lua.LNumber(p.Nested))
		t.RawSetString("maxtype", lua.LNumber(p.NestedMaxType))
	}
	if p.HasMask {
		t.RawSetString("mask", lua.LNumber(p.Mask))
	}
	return t
}

// genlBody decodes a NETLINK_GENERIC message: {cmd=, version=} always;
// nlctrl messages add the family fields (as genl.family returns them) and
// the command's name; other families add their attributes raw (after
// hdrsize bytes of family header the decoder cannot know, so they may be
// misread for families with a header of their own).
func genlBody(L *lua.LState, m nlsock.Message) lua.LValue {
	h, attrs, err := genl.ParseHeader(m.Payload)
	if err != nil {
		return lua.LNil
	}
	var t *lua.LTable
	if m.Header.Type == genl.CtrlID {
		f, err := genl.ParseFamily(m.Payload)
		t = familyTable(L, &f)
		if name := genl.CmdName(h.Command); name != "" {
			t.RawSetString("cmd_name", lua.LString(name))
		}
		if err != nil {
			t.RawSetString("error", lua.LString(err.Error()))
		}
	} else {
		t = L.CreateTable(0, 3)
		list, err := nlsock.ParseAttrs(attrs)
		t.RawSetString("attrs", luabind.RawAttrs(L, list))
		if err != nil {
			t.RawSetString("error", lua.LString(err.Error()))
		}
	}
	t.RawSetString("cmd", lua.LNumber(h.Command))
	t.RawSetString("version", lua.LNumber(h.Version))
	return t
}

// genl.request(sock, family, cmd [, attrs [, opts]]) -> array of reply
// message tables (empty for a bare ACK), or nil, msg, errname [, extack].
// family is a name (looked up through nlctrl, whose version is used) or a
// numeric id; attrs an array of attribute entries (see encodeAttrs); opts
// {dump=true, flags=N, version=N, header="bytes", timeout=s}.
func (e genlEnv) luaGenlRequest(L *lua.LState) int {
	const fn = "genl.request"
	s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoGeneric)
	if s == nil {
		return n
	}
	cmd := uint8(luabind.CheckInt(L, fn, 3, 3, "command", 0, math.MaxUint8))
	var body []byte
	if at, ok := L.Get(4).(*lua.LTable); ok {
		body = encodeAttrs(L, fn, 4, at)
	} else if L.Get(4) != lua.LNil {
		luabind.ArgError(L, fn, 4, "attribute table expected, got %s", luabind.TypeName(L.Get(4)))
	}
	o := genlOpts(L, fn, 5)
	body = append(o.header, body...)
	ctx := luabind.Context(L)
	h := genl.Header{Command: cmd, Version: o.version}
	var id uint16
	switch v := L.Get(2).(type) {
	case lua.LString:
		f, err := genl.GetFamily(ctx, s.Sock, string(v))
		if err != nil {
			return luabind.IOFailure(L, ctx, err)
		}
		id = f.ID
		e.LearnGenlFamily(f.ID, f.Name)
		if !o.hasVersion {
			h.Version = uint8(f.Version)
		}
	case lua.LNumber:
		id = uint16(luabind.IntIn(L, fn, 2, "family id", float64(v), int64(nlsock.TypeMinFamily), math.MaxUint16))
	default:
		luabind.ArgError(L, fn, 2, "family name or id expected, got %s", luabind.TypeName(v))
	}
	reply, err := genl.Execute(ctx, s.Sock, id, h, o.flags, body, o.reqOpts...)
	if err != nil {
		return luabind.RequestFailure(L, ctx, err)
	}
	t := L.CreateTable(len(reply.Messages), 0)
	for i, m := range reply.Messages {
		t.RawSetInt(i+1, e.MsgTable(L, m, s.Proto))
	}
	L.Push(t)
	return 1
}

type genlOptions struct {
	flags      uint16
	version    uint8
	hasVersion bool
	header     []byte
	reqOpts    []nlsock.RequestOption
}

func genlOpts(L *lua.LState, fn string, pos int) genlOptions {
	o := genlOptions{version: 1}
	t, ok := L.Get(pos).(*lua.LTable)
	if !ok {
		if L.Get(pos) != lua.LNil {
			luabind.ArgError(L, fn, pos, "options table expected, got %s", luabind.TypeName(L.Get(pos)))
		}
		return o
	}
	if msg := luabind.UnknownField(t, "option", "dump", "flags", "version", "header", "timeout"); msg != "" {
		luabind.ArgError(L, fn, pos, "%s", msg)
	}
	if lua.LVAsBool(t.RawGetString("dump")) {
		o.flags |= nlsock.FlagDump
	}
	sp := luabind.MsgSpec{Fn: fn, Arg: pos}
	if v, ok := luabind.MsgField(L, t, sp, "flags", 0, math.MaxUint16); ok {
		o.flags |= uint16(v)
	}
	if v, ok := luabind.MsgField(L, t, sp, "version", 0, math.MaxUint8); ok {
		o.version, o.hasVersion = uint8(v), true
	}
	switch v := t.RawGetString("header").(type) {
	case lua.LString:
		o.header = []byte(v)
	case *lua.LNilType:
	default:
		luabind.ArgError(L, fn, pos, "field 'header' must be a string of bytes, got %s", luabind.TypeName(v))
	}
	if v := t.RawGetString("timeout"); v != lua.LNil {
		o.reqOpts = append(o.reqOpts, nlsock.WithTimeout(luabind.RequestTimeoutIn(L, fn, pos, "timeout", v)))
	}
	return o
}

// encodeAttrs encodes an array of attribute entries. Each entry is a table
// {type=N, <kind>=value} with kind one of u8, u16, u32, u64, s32, string
// (NUL-terminated), bytes, flag, nest (an array of entries, sent with
// NLA_F_NESTED); or the short form {N, value} where a number is a u32, a
// string a NUL-terminated string, true a flag and a table a nest.
func encodeAttrs(L *lua.LState, fn string, pos int, t *lua.LTable) []byte {
	var e nlsock.AttrEncoder
	encodeInto(L, fn, pos, t, &e, 0)
	if err := e.Err(); err != nil {
		luabind.ArgError(L, fn, pos, "%v", err)
	}
	return e.Bytes()
}

func encodeInto(L *lua.LState, fn string, pos int, t *lua.LTable, e *nlsock.AttrEncoder, depth int) {
	if depth > nlsock.MaxNestingDepth {
		luabind.ArgError(L, fn, pos, "attributes nested deeper than %d", nlsock.MaxNestingDepth)
	}
	for i := 1; i <= t.Len(); i++ {
		entry, ok := t.RawGetInt(i).(*lua.LTable)
		if !ok {
			luabind.ArgError(L, fn, pos, "attribute %d: table expected, got %s", i, luabind.TypeName(t.RawGetInt(i)))
		}
		encodeEntry(L, fn, pos, i, entry, e, depth)
	}
}

func encodeEntry(L *lua.LState, fn string, pos, i int, entry *lua.LTable, e *nlsock.AttrEncoder, depth int) {
	where := fmt.Sprintf("attribute %d", i)
	tv := entry.RawGetString("type")
	if tv == lua.LNil {
		tv = entry.RawGetInt(1)
	}
	num, ok := tv.(lua.LNumber)
	if !ok {
		luabind.ArgError(L, fn, pos, "%s: type number expected, got %s", where, luabind.TypeName(tv))
	}
	typ := uint16(luabind.IntIn(L, fn, pos, where+" type", float64(num), 0, 0x3fff))
	intv := func(key string, hi int64) int64 {
		v, ok := entry.RawGetString(key).(lua.LNumber)
		if !ok {
			luabind.ArgError(L, fn, pos, "%s: %s must be a number", where, key)
		}
		return luabind.IntIn(L, fn, pos, where+" "+key, float64(v), 0, hi)
	}
	switch {
	case entry.RawGetString("u8") != lua.LNil:
		e.Uint8(typ, uint8(intv("u8", math.MaxUint8)))
	case entry.RawGetString("u16") != lua.LNil:
		e.Uint16(typ, uint16(intv("u16", math.MaxUint16)))
	case entry.RawGetString("u32") != lua.LNil:
		e.Uint32(typ, uint32(intv("u32", math.MaxUint32)))
	case entry.RawGetString("u64") != lua.LNil:
		e.Uint64(typ, uint64(intv("u64", 1<<53)))
	case entry.RawGetString("s32") != lua.LNil:
		v, _ := entry.RawGetString("s32").(lua.LNumber)
		e.Uint32(typ, uint32(int32(luabind.IntIn(L, fn, pos, where+" s32", float64(v), math.MinInt32, math.MaxInt32))))
	case entry.RawGetString("string") != lua.LNil:
		e.String(typ, lua.LVAsString(entry.RawGetString("string")))
	case entry.RawGetString("bytes") != lua.LNil:
		e.Raw(typ, []byte(lua.LVAsString(entry.RawGetString("bytes"))))
	case entry.RawGetString("flag") != lua.LNil:
		e.Flag(typ)
	case entry.RawGetString("nest") != lua.LNil:
		nest, ok := entry.RawGetString("nest").(*lua.LTable)
		if !ok {
			luabind.ArgError(L, fn, pos, "%s: nest must be a table", where)
		}
		e.Nest(typ|nlsock.AttrNested, func(inner *nlsock.AttrEncoder) { encodeInto(L, fn, pos, nest, inner, depth+1) })
	default:
		encodeShort(L, fn, pos, where, typ, entry.RawGetInt(2), e, depth)
	}
}

func encodeShort(L *lua.LState, fn string, pos int, where string, typ uint16, v lua.LValue, e *nlsock.AttrEncoder, depth int) {
	switch v := v.(type) {
	case lua.LNumber:
		e.Uint32(typ, uint32(luabind.IntIn(L, fn, pos, where+" value", float64(v), 0, math.MaxUint32)))
	case lua.LString:
		e.String(typ, string(v))
	case lua.LBool:
		if v {
			e.Flag(typ)
		}
	case *lua.LTable:
		e.Nest(typ|nlsock.AttrNested, func(inner *nlsock.AttrEncoder) { encodeInto(L, fn, pos, v, inner, depth+1) })
	default:
		luabind.ArgError(L, fn, pos, "%s: a value (u8=, u16=, u32=, u64=, s32=, string=, bytes=, flag=, nest=) is needed", where)
	}
}
