package luabind

import (
	"github.com/nlsh/nlsh/nlsock/ynl"
	lua "github.com/yuin/gopher-lua"
)

// What the REPL's completion reads from the values luabind makes, without
// calling Lua: the spec behind a ynl family object, where ynl.family looks
// for specs, and which kind of rtnl object a table is.

// MethodsKey is the metatable field holding the methods of a value whose
// __index is a function (a ynl family answers fam.name through one), so
// completion can list them without calling __index.
const MethodsKey = "__methods"

// SpecSearchPath is where ynl.family looks for specs when the Env was
// opened with Options.SpecDirs specDirs (nlsh --specs): those, then
// $NLSH_SPECS, then the system directories.
func SpecSearchPath(specDirs []string) []string { return ynl.SearchPath(specDirs...) }

// FamilySpec is the spec of a ynl.family object, or nil when v is not one.
func FamilySpec(v lua.LValue) *ynl.Spec {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return nil
	}
	f, ok := ud.Value.(*ynlFamily)
	if !ok || f.c == nil {
		return nil
	}
	return f.c.Spec
}

// ObjectKind names the rtnl object a table returned by rtnl is ("link",
// "address", "route", "neighbour", "rule": the reference's object
// sections), or "" for any other value. Its lazy fields are those the
// reference marks (lazy) for that object.
func ObjectKind(v lua.LValue) string {
	t, ok := v.(*lua.LTable)
	if !ok {
		return ""
	}
	mt, ok := t.Metatable.(*lua.LTable)
	if !ok {
		return ""
	}
	kind, _ := mt.RawGetString(objectKindKey).(lua.LString)
	return string(kind)
}
