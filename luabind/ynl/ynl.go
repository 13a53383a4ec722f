//go:build linux

package ynl

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	lua "github.com/yuin/gopher-lua"
)

// ynlFamilyType is the metatable name of ynl.family objects.
const ynlFamilyType = "nlsh.ynl.family"

// ynlFamily is a family bound to a generic netlink socket. A socket the
// family opened itself (owned) closes with fam:close() or the Env.
type ynlFamily struct {
	c     *ynl.Client
	sock  *luabind.Socket
	ud    lua.LValue // the socket's userdata, for fam:socket()
	owned bool
}

// Module is the ynl module, for luabind.Open.
var Module = luabind.Module{Name: "ynl", Open: openYnl}

// ynlEnv is the Env as the ynl module's functions see it.
type ynlEnv struct{ *luabind.Env }

// openYnl builds the ynl module: any netlink family described by a kernel
// YNL spec, operations and attributes by name (nlsock/ynl). Generic
// families use a generic socket; netlink-raw ones (rt-link, rt-addr) one
// of the spec's protonum (route).
//
//	local fam = assert(ynl.family("netdev"))       -- or ynl.family(name, sock)
//	for _, d in ipairs(fam:dump("dev-get")) do print(d.ifindex) end
//	local lo = fam:call("dev-get", {ifindex = 1})  -- the "do" operation
//	rt:call("newroute", {...}, {flags = {"create"}}) -- NLM_F_CREATE (ynl_flags.go)
//	fam:join("mgmt"); local ev = fam:recv(5)       -- {op=, cmd=, attrs=}
//
// `do` is a keyword in Lua 5.1: fam:do(op, attrs) is a syntax error, so
// API.md's fam:do is spelled fam:call(op, attrs), or fam["do"](fam, op,
// attrs). Both run the do side of op and return the first reply's
// attributes ({} for a bare ACK); fam:dump returns an array of them.
// Argument errors name the method called: "bad argument #2 to fam:do"
// for fam["do"](fam, op, 5), with arguments counted after fam.
//
// Specs: ynl.family(name) reads NAME.yaml from Options.SpecDirs (nlsh
// --specs DIR), then $NLSH_SPECS (':'-separated), then /usr/share/ynl/specs
// and /usr/local/share/ynl/specs (the kernel's `make -C tools/net/ynl
// install`); a family none of them has is read from nlsh's own
// description of that name (nlsock/ynl/builtin: rt-link, rt-route, ...;
// fam.spec and ynl.path then say "builtin:NAME"). A name with '/' or
// ending in .yaml is a path. ynl.specs() lists what is found and where it
// looked.
//
// Values: integers as numbers (above 2^53 as exact nlsh.int values), enums as
// their names, flags as arrays of names, nests as tables, multi-attr and
// indexed arrays as arrays, binary as strings; attributes the spec lacks
// are kept in _unknown = {{type=, nested=, data=}}. Argument mistakes
// (unknown op, attribute or group, wrong value type) raise Lua errors; kernel
// failures return nil, msg, errname, extack, where extack.attr and
// extack.missing name the attributes the kernel's extended ACK points at.
func openYnl(host *luabind.Env, L *lua.LState) *lua.LTable {
	e := ynlEnv{host}
	t := L.CreateTable(0, 8)
	luabind.SetFuncs(L, t, []luabind.Binding{
		{"ynl.family", e.luaYnlFamily},
		{"ynl.spec", e.luaYnlSpec},
		{"ynl.specs", e.luaYnlSpecs},
		{"ynl.path", e.luaYnlPath},
		{"ynl.encode", e.luaYnlEncode},
		{"ynl.decode", e.luaYnlDecode},
	})
	mt := L.NewTypeMetatable(ynlFamilyType)
	methods := L.CreateTable(0, 12)
	for _, m := range []struct {
		name string
		fn   func(L *lua.LState, f *ynlFamily) int
	}{
		{"dump", e.famDump}, {"call", famCall("fam:call")}, {"do", famCall("fam:do")}, {"join", famJoin},
		{"decode", famDecode}, {"recv", e.famRecv}, {"socket", famSocket},
		{"ops", famOps}, {"close", famClose},
		{"each", famEach}, // ynl_each.go
	} {
		methods.RawSetString(m.name, L.NewFunction(luabind.Guard("fam:"+m.name, famMethod(m.name, m.fn))))
	}
	mt.RawSetString(MethodsKey, methods)
	mt.RawSetString("__index", L.NewFunction(luabind.Guard("fam.__index", func(L *lua.LState) int {
		f := selfFamily(L)
		key := L.CheckString(2)
		switch key {
		case "name":
			L.Push(lua.LString(f.c.Spec.Name))
		case "id":
			L.Push(lua.LNumber(f.c.ID()))
		case "version":
			if f.c.Family != nil {
				L.Push(lua.LNumber(f.c.Family.Version))
			} else {
				L.Push(lua.LNil)
			}
		case "spec":
			L.Push(lua.LString(f.c.Spec.Path))
		default:
			L.Push(methods.RawGetString(key))
		}
		return 1
	})))
	mt.RawSetString("__tostring", L.NewFunction(luabind.Guard("fam.__tostring", func(L *lua.LState) int {
		f := selfFamily(L)
		L.Push(lua.LString(fmt.Sprintf("ynl family %s (id %d, %s)", f.c.Spec.Name, f.c.ID(), f.sock)))
		return 1
	})))
	mt.RawSetString("__metatable", lua.LString(ynlFamilyType))
	return t
}

func selfFamily(L *lua.LState) *ynlFamily {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if f, ok := ud.Value.(*ynlFamily); ok {
			return f
		}
	}
	return nil
}

// famMethod checks self (a dot call gets a hint to use a colon) and
// answers nil, "socket closed", "EBADF" once the socket is closed.
func famMethod(name string, fn func(*lua.LState, *ynlFamily) int) lua.LGFunction {
	return func(L *lua.LState) int {
		f := selfFamily(L)
		if f == nil {
			if name == "do" { // a keyword: fam:do(...) and fam.do(...) do not parse
				L.RaiseError(`use fam:call(...) or fam["do"](fam, ...), not fam["do"](...)`)
			}
			L.RaiseError("use fam:%s(...) (colon), not fam.%s(...)", name, name)
		}
		if name != "close" && name != "ops" && f.sock.IsClosed() {
			return luabind.ClosedFailure(L)
		}
		return fn(L, f)
	}
}

// loadSpec reads the spec named by argument pos; a missing or broken spec
// is a failure (nil, msg, errname), not an argument error.
func (e ynlEnv) loadSpec(L *lua.LState, fn string, pos int) (*ynl.Spec, error) {
	return LoadFamilySpec(familyName(L, fn, pos), e.Options().SpecDirs)
}

// familyName reads argument pos as a family name (or a spec's path): a
// non-empty string.
func familyName(L *lua.LState, fn string, pos int) string {
	name := luabind.CheckName(L, fn, pos, "family name")
	if name == "" {
		luabind.ArgError(L, fn, pos, "family name expected, got empty string")
	}
	return name
}

// ynl.family(name [, sock]) -> family object, or nil, msg, errname. Without
// sock it opens (and tracks) a socket of the family's protocol in the
// default namespace; fam:close() closes that one.
func (e ynlEnv) luaYnlFamily(L *lua.LState) int {
	const fn = "ynl.family"
	spec, err := e.loadSpec(L, fn, 1)
	if err != nil {
		return luabind.Failure(L, err)
	}
	f := &ynlFamily{}
	proto := spec.NetlinkProtocol()
	if L.Get(2) == lua.LNil {
		s, err := e.OpenTracked("ynl.family", proto, e.Options().DefaultNS)
		if err != nil {
			return luabind.Failure(L, err)
		}
		f.sock, f.owned = s, true
	} else {
		s, n := luabind.FamilySocket(L, fn, 2, proto)
		if s == nil {
			return n
		}
		f.sock, f.ud = s, L.Get(2)
	}
	ctx := luabind.Context(L)
	c, err := ynl.NewClient(ctx, f.sock.Sock, spec)
	if err != nil {
		if f.owned {
			f.sock.Close()
		}
		return luabind.IOFailure(L, ctx, err)
	}
	f.c = c
	if spec.IsGeneric() {
		e.LearnGenlFamily(c.ID(), spec.Name) // explain names it (explain.go)
	}
	ud := L.NewUserData()
	ud.Value = f
	L.SetMetatable(ud, L.GetTypeMetatable(ynlFamilyType))
	L.Push(ud)
	return 1
}

// fam:dump(op [, attrs [, {flags=}]]) -> array of attribute tables.
func (e ynlEnv) famDump(L *lua.LState, f *ynlFamily) int {
	msgs, n := famRequest(L, f, "fam:dump", true)
	if msgs == nil {
		return n
	}
	t := L.CreateTable(len(msgs), 0)
	for i, m := range msgs {
		t.RawSetInt(i+1, luabind.GoToLua(L, m.Attrs))
	}
	L.Push(t)
	return 1
}

// fam:call(op [, attrs [, {flags=}]]) (also fam["do"]) -> the reply's attribute table
// ({} when the kernel only acknowledges). fn is the name argument errors
// give: the method the script called ("fam:call" or "fam:do").
func famCall(fn string) func(*lua.LState, *ynlFamily) int {
	return func(L *lua.LState, f *ynlFamily) int {
		msgs, n := famRequest(L, f, fn, false)
		if msgs == nil {
			return n
		}
		if len(msgs) == 0 {
			L.Push(L.NewTable())
			return 1
		}
		L.Push(luabind.GoToLua(L, msgs[0].Attrs))
		return 1
	}
}

// famRequest checks op and attrs (argument errors), runs the request, and
// on a kernel failure pushes nil, msg, errname, extack (extack with attr
// and missing named by the spec).
func famRequest(L *lua.LState, f *ynlFamily, fn string, dump bool) ([]ynl.Message, int) {
	op, attrs, flags := famArgs(L, f, fn, dump)
	ctx := luabind.Context(L)
	msgs, err := f.c.Call(ctx, op, dump, attrs, flags)
	if err != nil {
		return nil, ynlFailure(L, ctx, err)
	}
	if msgs == nil {
		msgs = []ynl.Message{}
	}
	return msgs, 0
}

// famArgs reads a family method's (op [, attrs [, {flags=}]]) arguments
// and checks that op exists (with a dump when dump is set) and that attrs
// build its request; either failure raises an argument error.
func famArgs(L *lua.LState, f *ynlFamily, fn string, dump bool) (op string, attrs ynl.Attrs, flags uint16) {
	op = methodString(L, fn, 1, "operation name")
	attrs = ynl.Attrs{}
	if v := L.Get(3); v != lua.LNil {
		t, ok := v.(*lua.LTable)
		if !ok {
			luabind.ArgError(L, fn, 2, "attribute table expected, got %s", luabind.TypeName(v))
		}
		attrs = luabind.LuaToAttrs(L, fn, 2, t)
	}
	if _, _, err := f.c.Request(op, dump, nil); err != nil {
		luabind.ArgError(L, fn, 1, "%v", err) // no such operation, or no do/dump
	}
	if _, _, err := f.c.Request(op, dump, attrs); err != nil {
		luabind.ArgError(L, fn, 2, "%v", err)
	}
	return op, attrs, famFlags(L, fn, 3)
}

// methodString reads argument n of a method (stack index n+1) as a string.
func methodString(L *lua.LState, fn string, n int, what string) string {
	v, ok := L.Get(n + 1).(lua.LString)
	if !ok {
		luabind.ArgError(L, fn, n, "%s expected, got %s", what, luabind.TypeName(L.Get(n+1)))
	}
	return string(v)
}

func ynlFailure(L *lua.LState, ctx context.Context, err error) int {
	n := luabind.RequestFailure(L, ctx, err)
	var ye *ynl.Error
	if n == 4 && errors.As(err, &ye) {
		if x, ok := L.Get(-1).(*lua.LTable); ok {
			if ye.Attr != "" {
				x.RawSetString("attr", lua.LString(ye.Attr))
			}
			if ye.Missing != "" {
				x.RawSetString("missing", lua.LString(ye.Missing))
			}
		}
	}
	return n
}

// fam:join(group) -> true, or nil, msg, errname. group is the kernel's
// name for it (genl.family(s, name).groups). A name neither the spec nor
// the kernel knows is an argument error; one the spec lists but the
// running kernel does not offer is a failure (ENOENT).
func famJoin(L *lua.LState, f *ynlFamily) int {
	const fn = "fam:join"
	g := methodString(L, fn, 1, "group name")
	if _, ok, known := f.c.Group(g); !ok && !slices.Contains(f.c.Spec.Groups, g) {
		list := "none"
		if len(known) > 0 {
			list = strings.Join(known, ", ")
		}
		luabind.ArgError(L, fn, 1, "%s has no multicast group %q; it has: %s", f.c.Spec.Name, g, list)
	}
	if _, err := f.c.Join(g); err != nil {
		return luabind.Failure(L, err)
	}
	L.Push(lua.LTrue)
	return 1
}

// fam:decode(msg) -> {op=, cmd=, version=, attrs= [, raw=true]} for a message table
// (or raw message bytes) of the family, or nil, msg, "error".
func famDecode(L *lua.LState, f *ynlFamily) int {
	const fn = "fam:decode"
	var m nlsock.Message
	switch v := L.Get(2).(type) {
	case *lua.LTable:
		m, _ = luabind.TableMsg(L, v, luabind.MsgSpec{Fn: fn, Arg: 1})
	case lua.LString:
		msgs, err := nlsock.ParseMessages([]byte(v))
		if err != nil || len(msgs) != 1 {
			return luabind.Failure(L, fmt.Errorf("fam:decode: want the bytes of one message: %v", err))
		}
		m = msgs[0]
	default:
		luabind.ArgError(L, fn, 1, "message table or string expected, got %s", luabind.TypeName(v))
	}
	return pushDecoded(L, f, m)
}

func pushDecoded(L *lua.LState, f *ynlFamily, m nlsock.Message) int {
	dm, err := f.c.Decode(m)
	if err != nil && dm.Attrs == nil {
		return luabind.Failure(L, err)
	}
	t := L.CreateTable(0, 5)
	if dm.Op != "" {
		t.RawSetString("op", lua.LString(dm.Op))
	}
	t.RawSetString("cmd", lua.LNumber(dm.Cmd))
	t.RawSetString("version", lua.LNumber(dm.Version))
	t.RawSetString("attrs", luabind.GoToLua(L, dm.Attrs))
	if dm.Raw {
		// a type the spec declares no reply for: delivered, attributes raw
		t.RawSetString("raw", lua.LTrue)
	}
	if err != nil {
		t.RawSetString("error", lua.LString(err.Error()))
	}
	L.Push(t)
	return 1
}

// fam:recv([timeout_s]) -> the next message of the family on its socket,
// decoded as by fam:decode; messages of other families are skipped.
func (e ynlEnv) famRecv(L *lua.LState, f *ynlFamily) int {
	const fn = "fam:recv"
	parent := luabind.Context(L)
	ctx := parent
	if L.Get(2) != lua.LNil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(parent, luabind.CheckSeconds(L, fn, 2, 1, "timeout"))
		defer cancel()
	}
	for {
		m, err := f.sock.Sock.Receive(ctx)
		if err != nil {
			if !luabind.Ended(parent) && (luabind.Ended(ctx) || nlsock.ErrnoName(err) == "timeout") {
				L.Push(lua.LNil)
				L.Push(lua.LString("timeout"))
				L.Push(lua.LString("timeout"))
				return 3
			}
			return luabind.IOFailure(L, parent, err)
		}
		if f.c.Owns(m) {
			return pushDecoded(L, f, m)
		}
	}
}

// fam:socket() -> the generic netlink socket the family uses.
func famSocket(L *lua.LState, f *ynlFamily) int {
	if f.ud == nil {
		ud := L.NewUserData()
		ud.Value = f.sock
		L.SetMetatable(ud, L.GetTypeMetatable(luabind.SocketType))
		f.ud = ud
	}
	L.Push(f.ud)
	return 1
}

// fam:ops() -> {name = {"do", "dump"}, ...}.
func famOps(L *lua.LState, f *ynlFamily) int {
	L.Push(specOps(L, f.c.Spec))
	return 1
}

// fam:close() closes the socket ynl.family opened (not one passed in).
func famClose(L *lua.LState, f *ynlFamily) int {
	if f.owned {
		f.sock.Close()
	}
	L.Push(lua.LTrue)
	return 1
}

// ynl.spec(name) -> {name=, protocol=, path=, ops={name={"do","dump"}},
// groups={...}, sets={name={attr names}}} without touching the kernel.
func (e ynlEnv) luaYnlSpec(L *lua.LState) int {
	s, err := e.loadSpec(L, "ynl.spec", 1)
	if err != nil {
		return luabind.Failure(L, err)
	}
	t := L.CreateTable(0, 6)
	t.RawSetString("name", lua.LString(s.Name))
	t.RawSetString("protocol", lua.LString(s.Protocol))
	t.RawSetString("path", lua.LString(s.Path))
	t.RawSetString("ops", specOps(L, s))
	t.RawSetString("groups", luabind.StrList(L, s.Groups))
	sets := L.CreateTable(0, len(s.Sets))
	for _, name := range s.SetNames() {
		var names []string
		for _, a := range s.Sets[name].Attrs {
			names = append(names, a.Name)
		}
		sets.RawSetString(name, luabind.StrList(L, names))
	}
	t.RawSetString("sets", sets)
	L.Push(t)
	return 1
}

func specOps(L *lua.LState, s *ynl.Spec) *lua.LTable {
	t := L.CreateTable(0, len(s.Ops))
	for _, op := range s.Ops {
		var modes []string
		if op.Do != nil {
			modes = append(modes, "do")
		}
		if op.Dump != nil {
			modes = append(modes, "dump")
		}
		if op.Group != "" {
			modes = append(modes, "notify:"+op.Group)
		}
		t.RawSetString(op.Name, luabind.StrList(L, modes))
	}
	return t
}

// ynl.specs() -> the family names of the specs found, and the directories
// searched.
func (e ynlEnv) luaYnlSpecs(L *lua.LState) int {
	L.Push(luabind.StrList(L, FamilyNames(e.Options().SpecDirs)))
	L.Push(luabind.StrList(L, e.SpecDirs()))
	return 2
}

// ynl.path(name) -> the file the spec of name is read from.
func (e ynlEnv) luaYnlPath(L *lua.LState) int {
	p, err := builtin.Find(familyName(L, "ynl.path", 1), e.SpecDirs())
	if err != nil {
		return luabind.Failure(L, err)
	}
	L.Push(lua.LString(p))
	return 1
}

// specAndSet reads the family and attribute-set arguments that ynl.encode
// and ynl.decode start with; the error is the family's description's.
func (e ynlEnv) specAndSet(L *lua.LState, fn string) (*ynl.Spec, string, error) {
	s, err := e.loadSpec(L, fn, 1)
	if err != nil {
		return nil, "", err
	}
	return s, luabind.CheckName(L, fn, 2, "attribute-set name"), nil
}

// ynl.encode(family, set, attrs) -> attribute bytes.
func (e ynlEnv) luaYnlEncode(L *lua.LState) int {
	const fn = "ynl.encode"
	s, set, err := e.specAndSet(L, fn)
	if err != nil {
		return luabind.Failure(L, err)
	}
	t, ok := L.Get(3).(*lua.LTable)
	if !ok {
		luabind.ArgError(L, fn, 3, "attribute table expected, got %s", luabind.TypeName(L.Get(3)))
	}
	b, err := s.Encode(set, luabind.LuaToAttrs(L, fn, 3, t))
	if err != nil {
		luabind.ArgError(L, fn, 3, "%v", err)
	}
	L.Push(lua.LString(b))
	return 1
}

// ynl.decode(family, set, bytes) -> attribute table [, error].
func (e ynlEnv) luaYnlDecode(L *lua.LState) int {
	const fn = "ynl.decode"
	s, set, err := e.specAndSet(L, fn)
	if err != nil {
		return luabind.Failure(L, err)
	}
	b := luabind.CheckName(L, fn, 3, "string of bytes")
	if _, ok := s.Sets[set]; !ok {
		luabind.ArgError(L, fn, 2, "%s has no attribute-set %q", s.Name, set)
	}
	a, err := s.Decode(set, []byte(b))
	L.Push(luabind.GoToLua(L, a))
	if err != nil {
		L.Push(lua.LString(err.Error()))
		return 2
	}
	return 1
}
