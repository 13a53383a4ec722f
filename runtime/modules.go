//go:build linux

package runtime

import (
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/mods"
	lua "github.com/yuin/gopher-lua"
)

// Start-up does no netlink work: luabind's modules (netlink, netns and the
// families, with their tables of constants) are opened the first time a
// chunk reads a global that does not exist (as netlink, rtnl, ... are until
// then), requires a module package.preload lacks, or calls setmetatable,
// getmetatable, pairs, next or rawget on _G; and when the REPL starts, so completion sees them. Until then _G and
// package.preload carry a metatable whose __index does that; it is removed
// at once, so afterwards globals cost nothing extra. Globals a script set
// before the modules opened keep the script's values.

// openModules opens Options.Modules at once, or arranges for luabind's
// modules to open on first use.
func (s *State) openModules() {
	if s.opts.Modules != nil {
		s.closer = s.opts.Modules(s.L)
		return
	}
	s.deferModules()
}

func (s *State) deferModules() {
	L := s.L
	s.lazyG = s.lazyMetatable(L.G.Global)
	L.SetMetatable(L.G.Global, s.lazyG)
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		if pre, ok := pkg.RawGetString("preload").(*lua.LTable); ok {
			s.lazyPreload, s.preload = s.lazyMetatable(pre), pre
			L.SetMetatable(pre, s.lazyPreload)
		}
	}
	// Functions that look at _G itself rather than through __index open
	// the modules first: setmetatable(_G, ...) would drop the lazy
	// metatable; getmetatable(_G) would hand it to strict.lua, which then
	// replaces its __index; pairs, next and rawget would not see netlink.
	for _, name := range []string{"setmetatable", "getmetatable", "pairs", "next", "rawget"} {
		if fn, ok := L.GetGlobal(name).(*lua.LFunction); ok && fn.IsG {
			orig := fn.GFunction
			fn.GFunction = func(L *lua.LState) int {
				if L.Get(1) == L.G.Global {
					s.loadModules()
				}
				return orig(L)
			}
		}
	}
}

// lazyMetatable is {__index = function(t, k) open modules; return rawget(t, k) end}.
func (s *State) lazyMetatable(t *lua.LTable) *lua.LTable {
	mt := s.L.NewTable()
	mt.RawSetString("__index", s.L.NewFunction(func(L *lua.LState) int {
		s.loadModules()
		L.Push(t.RawGet(L.Get(2)))
		return 1
	}))
	return mt
}

// loadModules opens luabind's modules if they are not open yet.
func (s *State) loadModules() {
	if s.env != nil || s.opts.Modules != nil {
		return
	}
	L := s.L
	if L.G.Global.Metatable == s.lazyG {
		L.G.Global.Metatable = lua.LNil
	}
	if s.preload != nil && s.preload.Metatable == s.lazyPreload {
		s.preload.Metatable = lua.LNil
	}
	before := map[lua.LValue]lua.LValue{}
	L.G.Global.ForEach(func(k, v lua.LValue) { before[k] = v })
	s.env = mods.Open(L, luabind.Options{DefaultNS: s.opts.NetNS, Stdout: s.opts.Stdout, Capture: s.opts.Capture, SpecDirs: s.opts.SpecDirs, Open: s.opts.Open})
	s.mu.Lock()
	s.closer = s.env.Close
	s.mu.Unlock()
	for k, v := range before {
		if L.G.Global.RawGet(k) != v {
			L.G.Global.RawSet(k, v)
		}
	}
}

// Sockets is how many sockets handed to Lua are open (for leak checks); 0
// before luabind's modules opened or when Options.Modules replaced them.
func (s *State) Sockets() int {
	if s.env == nil {
		return 0
	}
	return s.env.Sockets()
}
