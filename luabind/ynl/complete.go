//go:build linux

package ynl

import (
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	lua "github.com/yuin/gopher-lua"
)

// What the REPL's completion reads from the values luabind makes, without
// calling Lua: the families ynl.family finds and their specs, the spec
// behind a ynl family object, a family's methods, and which kind of rtnl
// object a table is.

// MethodsKey is the metatable field holding the methods of a value whose
// __index is a function (a ynl family answers fam.name through one), so
// completion can list them without calling __index.
const MethodsKey = "__methods"

// FamilyNames are the families ynl.family finds (ynl.specs() lists the
// same), with Options.SpecDirs specDirs.
func FamilyNames(specDirs []string) []string {
	return builtin.Available(ynl.SearchPath(specDirs...))
}

// LoadFamilySpec reads the spec of family name as ynl.family does, with
// Options.SpecDirs specDirs.
func LoadFamilySpec(name string, specDirs []string) (*ynl.Spec, error) {
	return builtin.LoadFamily(name, ynl.SearchPath(specDirs...))
}

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
