//go:build linux

package runtime

import (
	"fmt"
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"
)

// Interactive runs the REPL on stdin: with line editing, history and
// completion when stdin is a terminal, otherwise reading plain lines without
// prompts. It returns the REPL's exit status.
func (s *State) Interactive(stdin io.Reader) int {
	s.loadModules() // for completion; a person is about to type
	s.settleModules()
	if f, ok := stdin.(*os.File); ok && IsTerminal(f) {
		lr, err := NewTerminalReader(s, HistoryPath(os.Getenv))
		if err != nil {
			fmt.Fprintf(s.opts.Stderr, "nlsh: %v\n", err)
			return 1
		}
		fmt.Fprintf(s.opts.Stdout, "%s — Ctrl-D exits, Ctrl-C interrupts, Tab completes\n", Version())
		s.pageable = true
		return s.REPL(lr)
	}
	return s.REPL(NewPlainReader(stdin, nil))
}

// settleModules makes the fields a module sets lazily (rtnl's constants,
// set by its __index on the first lookup of a missing name) visible to
// completion, which reads tables without calling Lua: one lookup of a
// missing key in each global table whose __index is a Go function (only
// luabind makes those). Scripts do not pay for it; a REPL does, once.
func (s *State) settleModules() {
	var lazy []*lua.LTable
	s.L.G.Global.ForEach(func(_, v lua.LValue) {
		if t, ok := v.(*lua.LTable); ok {
			if mt, ok := t.Metatable.(*lua.LTable); ok {
				if fn, ok := mt.RawGetString("__index").(*lua.LFunction); ok && fn.IsG {
					lazy = append(lazy, t)
				}
			}
		}
	})
	for _, t := range lazy {
		lookup := s.L.NewFunction(func(L *lua.LState) int {
			L.GetField(t, "\x00nlsh-complete")
			return 0
		})
		s.L.CallByParam(lua.P{Fn: lookup, NRet: 0, Protect: true}) // a failure leaves the table as it was
	}
}
