//go:build linux

package json

import (
	"github.com/nlsh/nlsh/luabind"
	lua "github.com/yuin/gopher-lua"
)

// The json module: json.encode(v [, {indent=, binary=, ascii=}]),
// json.decode(s), json.null, json.object([t]). The rules (arrays, empty
// tables, binary strings, big integers) are EncodeJSON's and DecodeJSON's.
const (
	jsonObjectType = "nlsh.json.object" // metatable of tables that encode as {} when empty
	jsonNullType   = "nlsh.json.null"
)

// jsonNull is json.null's Go side: JSON's null where Lua's nil cannot be
// stored (an array element, an object member).
type jsonNull struct{}

// Module is the json module, for luabind.Open.
var Module = luabind.Module{Name: "json", Open: openJSON}

func openJSON(e *luabind.Env, L *lua.LState) *lua.LTable {
	registerJSONTypes(L)
	t := L.NewTable()
	luabind.SetFuncs(L, t, []luabind.Binding{
		{"json.encode", jsonEncode},
		{"json.decode", jsonDecode},
		{"json.object", jsonObject},
	})
	t.RawSetString("null", jsonNullValue(L))
	return t
}

// registerJSONTypes makes the metatables json.decode's results use (once
// per state: json.null must stay one value); the json module and
// DecodeJSON call it. nlsh.int is Open's (exactint.go).
func registerJSONTypes(L *lua.LState) {
	if L.GetTypeMetatable(jsonNullType) != lua.LNil {
		return
	}
	L.NewTypeMetatable(jsonObjectType).RawSetString("__metatable", lua.LString("json.object"))
	mt := L.NewTypeMetatable(jsonNullType)
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int { L.Push(lua.LString("null")); return 1 }))
	mt.RawSetString("__metatable", lua.LString("json.null"))
	null := L.NewUserData()
	null.Value = jsonNull{}
	L.SetMetatable(null, mt)
	mt.RawSetString("value", null)
}

// jsonNullValue is the state's one json.null.
func jsonNullValue(L *lua.LState) lua.LValue {
	return L.GetTypeMetatable(jsonNullType).(*lua.LTable).RawGetString("value")
}

// isJSONObject reports whether t was marked to encode as an object when
// empty (json.decode("{}"), json.object()).
func isJSONObject(L *lua.LState, t *lua.LTable) bool {
	return t.Metatable != lua.LNil && t.Metatable == L.GetTypeMetatable(jsonObjectType)
}

func jsonEncode(L *lua.LState) int {
	const fn = "json.encode"
	var o JSONOptions
	switch v := L.Get(2).(type) {
	case *lua.LTable:
		o = jsonEncodeOptions(L, fn, luabind.OptTable(L, fn, 2, "indent", "binary", "ascii"))
	case *lua.LNilType:
	default:
		luabind.ArgError(L, fn, 2, "options table expected, got %s", luabind.TypeName(v))
	}
	s, err := EncodeJSON(L, L.Get(1), o)
	if err != nil {
		L.RaiseError("%s: %v", fn, err)
	}
	L.Push(lua.LString(s))
	return 1
}

func jsonEncodeOptions(L *lua.LState, fn string, opts *lua.LTable) JSONOptions {
	var o JSONOptions
	switch v := opts.RawGetString("indent").(type) {
	case lua.LNumber:
		o.Indent = spaces(int(luabind.IntIn(L, fn, 2, "indent", float64(v), 0, 16)))
	case lua.LString:
		o.Indent = string(v)
	case *lua.LNilType:
	default:
		luabind.ArgError(L, fn, 2, "indent must be a number of spaces or a string, got %s", luabind.TypeName(v))
	}
	switch v := opts.RawGetString("binary"); v {
	case lua.LNil, lua.LString("hex"):
	case lua.LString("base64"):
		o.Base64 = true
	default:
		luabind.ArgError(L, fn, 2, "binary must be \"hex\" or \"base64\", got %s", lua.LVAsString(v))
	}
	o.ASCII, _ = luabind.OptBool(L, fn, 2, opts, "ascii")
	return o
}

func spaces(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}

func jsonDecode(L *lua.LState) int {
	const fn = "json.decode"
	s, ok := L.Get(1).(lua.LString)
	if !ok {
		luabind.ArgError(L, fn, 1, "string expected, got %s", luabind.TypeName(L.Get(1)))
	}
	v, err := DecodeJSON(L, string(s))
	if err != nil {
		L.RaiseError("%s: %v", fn, err)
	}
	L.Push(v)
	return 1
}

// jsonObject marks t (or a new table) to encode as {} when empty.
func jsonObject(L *lua.LState) int {
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		if L.Get(1) != lua.LNil {
			luabind.ArgError(L, "json.object", 1, "table expected, got %s", luabind.TypeName(L.Get(1)))
		}
		t = L.NewTable()
	}
	L.SetMetatable(t, L.GetTypeMetatable(jsonObjectType))
	L.Push(t)
	return 1
}
