//go:build linux

package runtime

import (
	"math"
	"path/filepath"

	"github.com/nlsh/nlsh/luabind"
	lua "github.com/yuin/gopher-lua"
)

// openLibs opens the standard libraries nlsh offers (no debug, no channel)
// and installs nlsh's replacements and additions.
func (s *State) openLibs() {
	L := s.L
	libs := []struct {
		name string
		fn   lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage}, // must be first
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.StringLibName, lua.OpenString},
		{lua.MathLibName, lua.OpenMath},
		{lua.CoroutineLibName, lua.OpenCoroutine},
		{lua.IoLibName, lua.OpenIo},
		{lua.OsLibName, lua.OpenOs},
	}
	for _, lib := range libs {
		L.Push(L.NewFunction(lib.fn))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	s.setFunc(L.G.Global, "print", "print", s.luaPrint)
	s.setFunc(L.G.Global, "tonumber", "tonumber", tonumber)
	s.setFunc(L.G.Global, "show", "show", s.luaShow)
	s.redirectWrite()
	osmod := L.GetGlobal("os").(*lua.LTable)
	s.setFunc(osmod, "exit", "os.exit", s.osExit)
	str := L.GetGlobal("string").(*lua.LTable)
	s.setFunc(str, "format", "string.format", strFormat)
	s.setFunc(str, "pack", "string.pack", strPack)
	s.setFunc(str, "unpack", "string.unpack", strUnpack)
	s.setFunc(str, "packsize", "string.packsize", strPacksize)
	limitRep(L, str)
	s.setFunc(L.GetGlobal("table").(*lua.LTable), "sort", "table.sort", tableSort)
	L.GetGlobal("math").(*lua.LTable).RawSetString("huge", lua.LNumber(math.Inf(1)))
	s.installProtected()
	s.fixCoroutines()
}

// setFunc installs fn, guarded against Go panics, as tbl[key].
func (s *State) setFunc(tbl *lua.LTable, key, name string, fn lua.LGFunction) {
	tbl.RawSetString(key, s.L.NewFunction(luabind.Guard(name, fn)))
}

// luaPrint is print writing to Options.Stdout in one write per call.
func (s *State) luaPrint(L *lua.LState) int {
	top := L.GetTop()
	var b []byte
	for i := 1; i <= top; i++ {
		if i > 1 {
			b = append(b, '\t')
		}
		b = append(b, L.ToStringMeta(L.Get(i)).String()...)
	}
	b = append(b, '\n')
	s.opts.Stdout.Write(b)
	return 0
}

// redirectWrite makes io.write go to Options.Stdout while the default output
// is still the standard output; after io.output(f) it writes to f as before.
// (io.stdout:write always writes to the process's standard output.)
func (s *State) redirectWrite() {
	L := s.L
	iomod := L.GetGlobal("io").(*lua.LTable)
	stdout := iomod.RawGetString("stdout")
	output := iomod.RawGetString("output")
	orig := iomod.RawGetString("write")
	s.setFunc(iomod, "write", "io.write", func(L *lua.LState) int {
		top := L.GetTop()
		L.Push(output)
		L.Call(0, 1)
		cur := L.Get(-1)
		L.Pop(1)
		if cur != stdout {
			L.Insert(orig, 1)
			L.Call(top, lua.MultRet)
			return L.GetTop()
		}
		var b []byte
		for i := 1; i <= top; i++ {
			switch v := L.Get(i).(type) {
			case lua.LString, lua.LNumber:
				b = append(b, lua.LVAsString(v)...)
			default:
				L.ArgError(i, "string expected, got "+v.Type().String())
			}
		}
		s.opts.Stdout.Write(b)
		L.Push(stdout)
		return 1
	})
}

// limitRep makes string.rep refuse results over 256 MiB: one huge rep runs
// inside a single instruction and cannot be interrupted.
func limitRep(L *lua.LState, str *lua.LTable) {
	fn, ok := str.RawGetString("rep").(*lua.LFunction)
	if !ok || !fn.IsG {
		return
	}
	orig := fn.GFunction
	fn.GFunction = func(L *lua.LState) int {
		s := L.CheckString(1)
		n := L.OptInt(2, 1)
		if n > 0 && float64(len(s))*float64(n) > 256<<20 {
			L.RaiseError("resulting string too large")
		}
		return orig(L)
	}
}

// fixCoroutines makes a resumed coroutine run under the resumer's context,
// so a coroutine created in an earlier chunk is interrupted (and unwound by
// os.exit) with the chunk that resumes it, and is not dead because the chunk
// that created it ended. Resuming a dead or non-suspended coroutine fails as
// in Lua 5.1 (a wrapped one that raised is dead), and the running coroutine
// is the resumer again afterwards,
// also when it resumed from a protected call's helper thread or the
// coroutine raised.
func (s *State) fixCoroutines() {
	L, p := s.L, s.protect
	co := L.GetGlobal("coroutine").(*lua.LTable)
	if fn, ok := co.RawGetString("resume").(*lua.LFunction); ok && fn.IsG {
		orig := fn.GFunction
		fn.GFunction = func(L *lua.LState) int {
			th := L.CheckThread(1)
			if msg := p.notResumable(L, th); msg != "" {
				L.Push(lua.LFalse)
				L.Push(lua.LString(msg))
				return 2
			}
			adoptContext(L, th)
			defer restoreCurrent(L, L.G.CurrentThread)
			return orig(L)
		}
	}
	if fn, ok := co.RawGetString("wrap").(*lua.LFunction); ok && fn.IsG {
		orig := fn.GFunction
		fn.GFunction = func(L *lua.LState) int {
			n := orig(L)
			if cl, ok := L.Get(-1).(*lua.LFunction); ok && cl.IsG {
				inner := cl.GFunction
				cl.GFunction = func(L *lua.LState) int {
					th, ok := L.Get(lua.UpvalueIndex(1)).(*lua.LState)
					if !ok {
						return inner(L)
					}
					if msg := p.notResumable(L, th); msg != "" {
						L.Error(lua.LString(p.where(L, 1)+msg), 0)
					}
					adoptContext(L, th)
					defer restoreCurrent(L, L.G.CurrentThread)
					defer killOnError(th)
					return inner(L)
				}
			}
			return n
		}
	}
}

// notResumable is why th cannot be resumed now, "" when it can.
func (p *protector) notResumable(L, th *lua.LState) string {
	if st := p.status(L, th); st != "suspended" {
		return "cannot resume " + st + " coroutine"
	}
	return ""
}

func restoreCurrent(L, cur *lua.LState) { L.G.CurrentThread = cur }

// killOnError marks a wrapped coroutine dead when resuming it raised: its
// error passed through, and gopher-lua left it looking suspended, so the
// next call ran its failed frame again.
func killOnError(th *lua.LState) {
	if r := recover(); r != nil {
		th.Dead = true
		panic(r)
	}
}

func adoptContext(L, th *lua.LState) {
	if ctx := L.Context(); ctx != nil && th.Context() != ctx {
		th.SetContext(ctx)
	}
}

// SetScriptDir makes require look in dir first.
func (s *State) SetScriptDir(dir string) {
	pkg, ok := s.L.GetGlobal("package").(*lua.LTable)
	if !ok {
		return
	}
	path := lua.LVAsString(pkg.RawGetString("path"))
	pre := filepath.Join(dir, "?.lua") + ";" + filepath.Join(dir, "?", "init.lua") + ";"
	pkg.RawSetString("path", lua.LString(pre+path))
}

// SetArgs builds the global arg table as lua does: argv[script] is arg[0],
// the arguments after it arg[1..], the ones before it negative indices. It
// also returns the script's arguments, for passing as "...".
func (s *State) SetArgs(argv []string, script int) []lua.LValue {
	t := s.L.CreateTable(len(argv), 1)
	var rest []lua.LValue
	for i, a := range argv {
		t.RawSetInt(i-script, lua.LString(a))
		if i > script {
			rest = append(rest, lua.LString(a))
		}
	}
	s.L.SetGlobal("arg", t)
	return rest
}
