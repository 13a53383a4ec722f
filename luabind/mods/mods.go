//go:build linux

package mods

import (
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/diag"
	"github.com/nlsh/nlsh/luabind/genl"
	"github.com/nlsh/nlsh/luabind/json"
	"github.com/nlsh/nlsh/luabind/nfnl"
	"github.com/nlsh/nlsh/luabind/rtnl"
	"github.com/nlsh/nlsh/luabind/ynl"
	lua "github.com/yuin/gopher-lua"
)

// Families are the family modules nlsh opens after netlink and netns, in
// order. A new family module adds itself with one line here.
var Families = []luabind.Module{
	rtnl.Module,
	genl.Module,
	nfnl.Module,
	diag.Module,
	ynl.Module,
	json.Module,
}

// Open is luabind.Open with every module.
func Open(L *lua.LState, opts luabind.Options) *luabind.Env {
	return luabind.Open(L, opts, Families)
}
