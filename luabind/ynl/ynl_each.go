//go:build linux

package ynl

import (
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/ynl"
	lua "github.com/yuin/gopher-lua"
)

// fam:each(op [, attrs [, {flags=}]]) -> iterator over the dump's replies
// as fam:dump gives them, decoded one datagram at a time (rtnl.each's
// streaming for any spec family). A failure to start, a kernel or decoding
// error mid-dump and an interrupted dump (NLM_F_DUMP_INTR, "EINTR") raise
// an error; break leaves the socket usable (the next request on it drains
// the rest).
func famEach(L *lua.LState, f *ynlFamily) int {
	const fn = "fam:each"
	op, attrs, flags := famArgs(L, f, fn, true)
	ds, err := f.c.StartDump(luabind.Context(L), op, attrs, flags)
	if err != nil {
		L.RaiseError("%s: %v (%s)", fn, err, luabind.ErrName(err))
	}
	var (
		buf   []lua.LValue // the replies of the datagram read last
		pos   int
		ended bool
		derr  error
	)
	L.Push(L.NewFunction(func(L *lua.LState) int {
		for pos >= len(buf) {
			if ended {
				switch {
				case derr != nil:
					L.RaiseError("%s: %v (%s)", fn, derr, luabind.ErrName(derr))
				case ds.Interrupted():
					L.RaiseError("%s %s: dump interrupted by concurrent changes; results may be inconsistent (EINTR)", fn, op)
				}
				L.Push(lua.LNil)
				return 1
			}
			clear(buf)
			buf, pos = buf[:0], 0
			more, err := ds.Next(luabind.Context(L), func(m ynl.Message) error {
				buf = append(buf, luabind.GoToLua(L, m.Attrs))
				return nil
			})
			if !more {
				ended, derr = true, err
			}
		}
		v := buf[pos]
		buf[pos] = nil
		pos++
		L.Push(v)
		return 1
	}))
	return 1
}
