//go:build linux

package luabind

import ()

import lua "github.com/yuin/gopher-lua"

// Module is one Lua module: a global and a package.preload entry. Its Open
// builds the module table and registers with the Env what the module knows
// about its protocol: body decoder, message type names, group names (see
// doc.go).
type Module struct {
	Name string
	Open func(e *Env, L *lua.LState) *lua.LTable
}

// core are this package's modules, which Open opens before the family
// modules it is given (package mods lists those).
var core = []Module{
	{"netlink", openNetlink},
	{"netns", openNetns},
}
