//go:build linux

package runtime

import (
	lua "github.com/yuin/gopher-lua"
)

// The base and coroutine functions that run or look at protected calls
// (protect.go), replacing gopher-lua's.

// installProtected replaces pcall, xpcall, error, getfenv, setfenv and
// coroutine.yield/running/status.
func (s *State) installProtected() {
	L, p := s.L, s.protect
	for name, fn := range map[string]lua.LGFunction{
		"pcall": p.luaPCall, "xpcall": p.luaXPCall, "error": p.luaError,
		"getfenv": p.luaGetfenv, "setfenv": p.luaSetfenv,
	} {
		L.SetGlobal(name, L.NewFunction(fn))
	}
	co := L.GetGlobal("coroutine").(*lua.LTable)
	yield := co.RawGetString("yield").(*lua.LFunction).GFunction
	co.RawSetString("yield", L.NewFunction(func(L *lua.LState) int {
		switch {
		case p.isHelper(L):
			L.Error(lua.LString("attempt to yield across metamethod/C-call boundary"), 0)
		case L.Parent == nil:
			L.Error(lua.LString("attempt to yield from outside a coroutine"), 0)
		}
		return yield(L)
	}))
	co.RawSetString("running", L.NewFunction(func(L *lua.LState) int {
		if cur := L.G.CurrentThread; cur != L.G.MainThread {
			L.Push(cur)
			return 1
		}
		L.Push(lua.LNil)
		return 1
	}))
	co.RawSetString("status", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(p.status(L, L.CheckThread(1))))
		return 1
	}))
}

// errorValue is the Lua value a failed protected call raised.
func errorValue(err error) lua.LValue {
	if ae, ok := err.(*lua.ApiError); ok {
		return ae.Object
	}
	return lua.LString(err.Error())
}

// pcall(f, ...)
func (p *protector) luaPCall(L *lua.LState) int {
	L.CheckAny(1)
	if msg := notCallable(L, L.Get(1)); msg != "" {
		L.SetTop(0)
		L.Push(lua.LFalse)
		L.Push(lua.LString(msg))
		return 2
	}
	n, err := p.call(L, L.GetTop()-1)
	if err != nil {
		L.Push(lua.LFalse)
		L.Push(errorValue(err))
		return 2
	}
	L.Insert(lua.LTrue, L.GetTop()-n+1)
	return n + 1
}

// xpcall(f, handler): the handler gets the error value after the failed
// call's frames are gone (nlsh has no debug library to look at them), and
// an error inside the handler reads "error in error handling", as in Lua
// 5.1. An interrupt or os.exit unwinding through xpcall skips the handler.
func (p *protector) luaXPCall(L *lua.LState) int {
	L.CheckAny(2)
	handler := L.Get(2)
	L.SetTop(1)
	var errv lua.LValue
	if msg := notCallable(L, L.Get(1)); msg != "" {
		L.SetTop(0)
		errv = lua.LString(msg)
	} else {
		n, err := p.call(L, 0)
		if err == nil {
			L.Insert(lua.LTrue, L.GetTop()-n+1)
			return n + 1
		}
		errv = errorValue(err)
		if ctx := L.Context(); ctx != nil && ctx.Err() != nil {
			// An interrupt or os.exit unwinds: the handler must not run.
			L.Push(lua.LFalse)
			L.Push(errv)
			return 2
		}
	}
	L.Push(handler)
	L.Push(errv)
	res := lua.LValue(lua.LString("error in error handling"))
	if msg := notCallable(L, handler); msg != "" {
		L.SetTop(0)
	} else if n, err := p.call(L, 1); err == nil {
		res = lua.LNil
		if n > 0 {
			res = L.Get(L.GetTop() - n + 1)
		}
		L.SetTop(L.GetTop() - n)
	}
	L.Push(lua.LFalse)
	L.Push(res)
	return 2
}

// notCallable is the error of calling v, "" when v is a function or has a
// __call metamethod.
func notCallable(L *lua.LState, v lua.LValue) string {
	if v.Type() == lua.LTFunction || L.GetMetaField(v, "__call").Type() == lua.LTFunction {
		return ""
	}
	return "attempt to call a " + v.Type().String() + " value"
}

// error(v [, level]): a string or number message gets the position of the
// function level levels up (none when that is a Go function), as in Lua 5.1.
func (p *protector) luaError(L *lua.LState) int {
	v := L.Get(1)
	level := L.OptInt(2, 1)
	switch v.(type) {
	case lua.LString, lua.LNumber:
		if level > 0 {
			v = lua.LString(p.where(L, level) + lua.LVAsString(v))
		}
	}
	L.Error(v, 0)
	return 0
}

// getfenv([f | level])
func (p *protector) luaGetfenv(L *lua.LState) int {
	level, ok := envLevel(L)
	if !ok {
		return getfenvOf(L)
	}
	if level == 0 {
		L.Push(L.Env)
		return 1
	}
	if fn := p.function(L, level); fn != nil && !fn.IsG {
		L.Push(fn.Env)
		return 1
	}
	L.Push(L.G.Global)
	return 1
}

// getfenvOf is getfenv(f) for a function (or anything else, which has the
// global environment).
func getfenvOf(L *lua.LState) int {
	if fn, ok := L.Get(1).(*lua.LFunction); ok && !fn.IsG {
		L.Push(fn.Env)
		return 1
	}
	L.Push(L.G.Global)
	return 1
}

// setfenv(f | level, table)
func (p *protector) luaSetfenv(L *lua.LState) int {
	env := L.CheckTable(2)
	level, isLevel := envLevel(L)
	fn, _ := L.Get(1).(*lua.LFunction)
	switch {
	case isLevel && level == 0:
		L.Env = env
		return 0
	case isLevel:
		fn = p.function(L, level)
	}
	if fn == nil || fn.IsG {
		L.Error(lua.LString(p.where(L, 1)+"'setfenv' cannot change environment of given object"), 0)
	}
	fn.Env = env
	L.Push(fn)
	return 1
}

// envLevel is the level getfenv/setfenv's first argument names (1 when it
// is absent), false when it is not a number.
func envLevel(L *lua.LState) (int, bool) {
	if L.GetTop() == 0 {
		return 1, true
	}
	n, ok := L.Get(1).(lua.LNumber)
	if !ok {
		return 0, false
	}
	if n < 0 {
		L.ArgError(1, "level must be non-negative")
	}
	return int(n), true
}

// status is coroutine.status(th) as Lua 5.1 says it: "normal" for every
// coroutine that resumed the running one, also through protected calls.
func (p *protector) status(L, th *lua.LState) string {
	switch {
	case th.Dead:
		return "dead"
	case th == L.G.CurrentThread:
		return "running"
	case p.isResumer(L, th):
		return "normal"
	}
	return "suspended"
}

// isResumer reports whether th waits in resume for the running coroutine
// (directly or through others).
func (p *protector) isResumer(L, th *lua.LState) bool {
	for t := L.G.CurrentThread.Parent; t != nil; t = t.Parent {
		for o := p.ownerOf(t); o != nil; o = p.ownerOf(t) { // a helper: its coroutine is the one that waits
			t = o
		}
		if t == th {
			return true
		}
	}
	return false
}
