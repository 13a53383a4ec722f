//go:build linux

package runtime

import (
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/mods"
)

// openModules opens Options.Modules, or luabind's modules (netlink, netns
// and the families), when the state is made: globals are plain globals,
// with no metatable on _G to find them on first use, since opening every
// module costs little of nlsh's start-up (a lazy _G saved ~0.1 ms and
// made pairs, next, rawget and setmetatable on _G special cases).
func (s *State) openModules() {
	if s.opts.Modules != nil {
		s.closer = s.opts.Modules(s.L)
		return
	}
	s.env = mods.Open(s.L, luabind.Options{DefaultNS: s.opts.NetNS, Stdout: s.opts.Stdout, Capture: s.opts.Capture, SpecDirs: s.opts.SpecDirs, Open: s.opts.Open})
	s.mu.Lock()
	s.closer = s.env.Close
	s.mu.Unlock()
}

// Sockets is how many sockets handed to Lua are open (for leak checks); 0
// before luabind's modules opened or when Options.Modules replaced them.
func (s *State) Sockets() int {
	if s.env == nil {
		return 0
	}
	return s.env.Sockets()
}
