//go:build linux

package luabind

import lua "github.com/yuin/gopher-lua"

// module is one Lua module: a global and a package.preload entry.
type module struct {
	name string
	open func(e *Env, L *lua.LState) *lua.LTable
}

// modules lists every module Open installs, in order. A family module adds
// itself with one line here; its open function registers its body decoder,
// message type names and group names with the Env (see doc.go).
var modules = []module{
	{"netlink", openNetlink},
	{"netns", openNetns},
	{"rtnl", openRtnl},
	{"genl", openGenl},
	{"nfnl", openNfnl},
	{"diag", openDiag},
	{"ynl", openYnl},
	{"json", openJSON},
}
