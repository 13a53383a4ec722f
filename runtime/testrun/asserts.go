//go:build linux

package testrun

import (
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/pm"
)

// installGlobals sets test, expect, eq, errors and skip, and replaces
// os.exit with one that ends the running case only.
func (f *File) installGlobals() {
	L := f.st.L
	f.failVal = sentinel(L, "test assertion failed")
	f.skipVal = sentinel(L, "test skipped")
	for name, fn := range map[string]lua.LGFunction{
		"test":    f.luaTest,
		"expect":  f.luaExpect,
		"eq":      f.luaEq,
		"errors":  f.luaErrors,
		"skip":    f.luaSkip,
		"cleanup": f.luaCleanup,
	} {
		L.SetGlobal(name, L.NewFunction(fn))
	}
	if osmod, ok := L.GetGlobal("os").(*lua.LTable); ok {
		osmod.RawSetString("exit", L.NewFunction(f.luaExit))
	}
}

// sentinel is a userdata that prints as text: the error value assertions
// raise once they have recorded the failure.
func sentinel(L *lua.LState, text string) *lua.LUserData {
	ud := L.NewUserData()
	mt := L.NewTable()
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(text))
		return 1
	}))
	ud.Metatable = mt
	return ud
}

// where is "file:line:" of the nearest Lua function calling the assertion
// (looking through pcall, which runs its function on a thread of its own).
func (f *File) where(L *lua.LState) string {
	for level := 1; level < 12; level++ {
		w, ok := f.st.Where(L, level)
		if !ok {
			break
		}
		if w != "" {
			return strings.TrimSuffix(w, " ")
		}
	}
	return "?:"
}

// fail records a failure of the running case at the caller's file:line and
// raises, so the case stops here (a pcall in the script may catch the
// raise, but not undo the record).
func (f *File) fail(L *lua.LState, msg string) {
	cr := f.running(L, "assertion")
	cr.failures = append(cr.failures, f.where(L)+" "+msg)
	L.Error(f.failVal, 0)
}

// running returns the running case; assertions need one.
func (f *File) running(L *lua.LState, what string) *caseRun {
	if f.cur == nil {
		L.RaiseError("%s called while no test runs", what)
	}
	return f.cur
}

// test(name, fn)
func (f *File) luaTest(L *lua.LState) int {
	name := L.CheckString(1)
	fn := L.CheckFunction(2)
	if !f.loading {
		L.RaiseError("test(%q): cases are declared at the top level of a file, not inside a test", name)
	}
	if strings.TrimSpace(name) == "" {
		L.ArgError(1, "a test needs a name")
	}
	for _, c := range f.cases {
		if c.name == name {
			L.RaiseError("test(%q): duplicate name (first declared at %s)", name, strings.TrimSuffix(c.where, ":"))
		}
	}
	f.cases = append(f.cases, luaCase{name: name, fn: fn, where: f.where(L)})
	return 0
}

// expect(cond [, msg])
func (f *File) luaExpect(L *lua.LState) int {
	if L.GetTop() == 0 {
		L.ArgError(1, "value expected")
	}
	if lua.LVAsBool(L.Get(1)) {
		return 0
	}
	msg := "expectation failed"
	if L.GetTop() >= 2 {
		msg += ": " + L.ToStringMeta(L.Get(2)).String()
	}
	f.fail(L, msg)
	return 0
}

// eq(got, want [, msg])
func (f *File) luaEq(L *lua.LState) int {
	if L.GetTop() < 2 {
		L.RaiseError("eq needs two values to compare (got, want), got %d", L.GetTop())
	}
	got, want := L.Get(1), L.Get(2)
	if deepEqual(got, want) {
		return 0
	}
	msg := "not equal"
	if L.GetTop() >= 3 {
		msg += ": " + L.ToStringMeta(L.Get(3)).String()
	}
	f.fail(L, msg+"\n"+describeMismatch(L, got, want))
	return 0
}

// errors(fn [, pattern]) returns the error message.
func (f *File) luaErrors(L *lua.LState) int {
	fn := L.CheckFunction(1)
	pattern := L.OptString(2, "")
	L.Push(fn)
	n, err := f.st.PCall(L, 0) // not L.PCall: it would close the caller's upvalues
	L.Pop(n)
	if ctx := L.Context(); ctx != nil && ctx.Err() != nil {
		L.RaiseError("%s", ctx.Err())
	}
	if err == nil {
		what := "an error"
		if pattern != "" {
			what = fmt.Sprintf("an error matching %q", pattern)
		}
		f.fail(L, "expected "+what+", but the function returned normally")
		return 0
	}
	obj := lua.LValue(lua.LString(err.Error()))
	if ae, ok := err.(*lua.ApiError); ok {
		obj = ae.Object
		if obj == f.skipVal || obj == f.failVal {
			L.Error(obj, 0) // an assertion or skip inside fn: pass it on
		}
	}
	msg := L.ToStringMeta(obj).String()
	if pattern != "" && !matches(msg, pattern) {
		f.fail(L, fmt.Sprintf("error does not match %q\n    error: %s", pattern, msg))
	}
	L.Push(lua.LString(msg))
	return 1
}

// matches finds pattern in msg plainly or as a Lua pattern.
func matches(msg, pattern string) (ok bool) {
	if strings.Contains(msg, pattern) {
		return true
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	m, err := pm.Find(pattern, []byte(msg), 0, 1)
	return err == nil && len(m) > 0
}

// skip(reason)
func (f *File) luaSkip(L *lua.LState) int {
	cr := f.running(L, "skip")
	cr.skipped = true
	cr.reason = L.OptString(1, "skipped")
	L.Error(f.skipVal, 0)
	return 0
}

// os.exit([code]) inside a test: fails that test only.
func (f *File) luaExit(L *lua.LState) int {
	code := 0
	switch v := L.Get(1).(type) {
	case lua.LBool:
		if !v {
			code = 1
		}
	case lua.LNumber:
		code = int(v)
	}
	cr := f.running(L, "os.exit")
	cr.exited = true
	cr.failures = append(cr.failures, fmt.Sprintf("%s os.exit(%d) called inside a test (it ends this test only)", f.where(L), code))
	cr.cancel() // unwinds through any pcall
	L.Error(f.failVal, 0)
	return 0
}

// cleanup(fn): fn runs after the running case (or, called at the top level,
// after all the file's cases), even when it failed; last registered, first
// run.
func (f *File) luaCleanup(L *lua.LState) int {
	fn := L.CheckFunction(1)
	switch {
	case f.loading:
		f.cleanups = append(f.cleanups, fn)
	default:
		cr := f.running(L, "cleanup")
		cr.cleanups = append(cr.cleanups, fn)
	}
	return 0
}
