//go:build linux

package runtime

import (
	"github.com/nlsh/nlsh/luabind"
)

// openModules opens luabind's modules (netlink, netns and the families,
// with their tables of constants) at start, or Options.Modules instead.
// Opening them costs some 50-75 µs; nlsh -e ” still starts well within 3 ms
// (README "Performance"), so globals, pairs(_G) and require see them from
// the first line without any metatable on _G.
func (s *State) openModules() {
	if s.opts.Modules != nil {
		s.closer = s.opts.Modules(s.L)
		return
	}
	s.env = luabind.Open(s.L, luabind.Options{DefaultNS: s.opts.NetNS, Stdout: s.opts.Stdout, Capture: s.opts.Capture, SpecDirs: s.opts.SpecDirs})
	s.closer = s.env.Close
}

// Sockets is how many sockets handed to Lua are open (for leak checks); 0
// when Options.Modules replaced luabind's modules.
func (s *State) Sockets() int {
	if s.env == nil {
		return 0
	}
	return s.env.Sockets()
}
