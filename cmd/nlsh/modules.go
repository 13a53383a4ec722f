package main

import (
	"io"

	lua "github.com/yuin/gopher-lua"
)

// modules opens the netlink modules with the command line's default
// namespace. (luabind is wired in here once it builds.)
func modules(cl *cmdline, stdout io.Writer) func(L *lua.LState) func() {
	return nil
}
