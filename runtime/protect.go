//go:build linux

package runtime

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/luabind"
	lua "github.com/yuin/gopher-lua"
)

// Protected calls. gopher-lua (v1.1.2, upstream issue #448) closes the open
// upvalues of every frame of a state when an error is raised, also of the
// frames below the pcall that catches it, so a caller's local and a
// closure's copy of it part ways. nlsh therefore runs every protected call on
// a helper thread of its own: the error closes only that thread's upvalues,
// which belong to exactly the frames being unwound, while closures keep
// writing the caller's locals in the caller's thread (an upvalue knows its
// thread). This is how gopher-lua already runs coroutines.
//
// The thread boundary is invisible to Lua: error levels, getfenv/setfenv
// levels and coroutine.running/status look through it, and a yield inside a
// protected call fails as in Lua 5.1.

// maxNestedCalls bounds how deep protected calls nest (Lua 5.1's
// LUAI_MAXCCALLS): each helper has its own call stack, so without it a
// recursion through pcall would only end when memory does.
const maxNestedCalls = 200

// helperRegistrySize is a helper's initial registry; it grows as the main
// state's does, up to RegistryMaxSize.
const helperRegistrySize = 1024

// maxIdleHelpers is how many finished helpers are kept for reuse.
const maxIdleHelpers = 8

// protector runs protected calls for one State. Protected calls nest
// strictly (a yield cannot leave one), so the helpers in use form a stack.
type protector struct {
	idle       []*lua.LState
	active     []activeCall   // innermost last
	trampoline *lua.LFunction // see trampoline
}

// activeCall is a helper in use and the thread it runs for.
type activeCall struct{ helper, owner *lua.LState }

func newProtector(L *lua.LState) *protector {
	return &protector{trampoline: L.NewFunction(trampoline)}
}

// ownerOf is the thread the helper h runs for, nil when h is no helper in
// use.
func (p *protector) ownerOf(h *lua.LState) *lua.LState {
	for i := len(p.active) - 1; i >= 0; i-- {
		if p.active[i].helper == h {
			return p.active[i].owner
		}
	}
	return nil
}

// call calls the function below the nargs values on top of L's stack, as
// L.PCall(nargs, MultRet, nil) does, and returns how many results it left on
// L's stack. On error, the function and its arguments are gone from L's
// stack, and the error is returned.
func (p *protector) call(L *lua.LState, nargs int) (int, error) {
	if len(p.active) >= maxNestedCalls {
		L.SetTop(L.GetTop() - nargs - 1)
		return 0, &lua.ApiError{Type: lua.ApiErrorRun, Object: lua.LString("C stack overflow")}
	}
	fn := L.Get(-nargs - 1)
	h := p.get(L)
	defer p.put(h)
	h.Push(p.trampoline)
	L.XMoveTo(h, nargs+1)
	err := h.PCall(nargs+1, lua.MultRet, nil)
	L.Env = h.Env // setfenv(0, t) inside the call
	if err != nil {
		if f, ok := fn.(*lua.LFunction); ok && f.IsG {
			tidyGoError(err)
		}
		return 0, err
	}
	n := h.GetTop()
	h.XMoveTo(L, n)
	return n, nil
}

// trampoline is every helper's bottom frame, standing for the pcall that
// runs on the caller's thread: it calls its first argument with the others.
// A Go panic (a bug, not a Lua error) becomes a Lua error here, while the
// failed frames are still there, so that their upvalues are closed with
// their values as for any Lua error (gopher-lua's PCall recovers a panic
// without closing them, and the next call on the helper would overwrite
// what a closure made in the failed call reads).
func trampoline(L *lua.LState) int {
	defer luabind.OnGoPanic(func(r any) {
		L.Error(lua.LString(fmt.Sprintf("internal error: %v (please report)", r)), 0)
	})
	L.Call(L.GetTop()-1, lua.MultRet)
	return L.GetTop()
}

// goArgError is how gopher-lua words an argument error of a Go function
// that no Lua function called (the trampoline did): no position, so the
// message starts with a space, and the function is "(anonymous)".
var goArgError = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^ (bad argument #\d+ to )\(anonymous\) `)
})

// tidyGoError rewrites the message of an error a Go function raised when
// pcall called it directly: no leading space, and the function named '?' as
// Lua 5.1 names it ("bad argument #1 to '?' (value expected)").
func tidyGoError(err error) {
	ae, ok := err.(*lua.ApiError)
	if !ok {
		return
	}
	msg, ok := ae.Object.(lua.LString)
	if !ok || !strings.HasPrefix(string(msg), " ") {
		return
	}
	ae.Object = lua.LString(strings.TrimPrefix(goArgError().ReplaceAllString(string(msg), "${1}'?' "), " "))
}

// get returns an idle helper set up to run for L.
func (p *protector) get(L *lua.LState) *lua.LState {
	var h *lua.LState
	if n := len(p.idle); n > 0 {
		h, p.idle = p.idle[n-1], p.idle[:n-1]
	} else {
		h = newHelper(L)
	}
	h.Env = L.Env
	if ctx := L.Context(); ctx != nil {
		h.SetContext(ctx)
	}
	p.active = append(p.active, activeCall{h, L})
	return h
}

// put ends h's call and keeps h for reuse.
func (p *protector) put(h *lua.LState) {
	p.active = p.active[:len(p.active)-1]
	if h.Context() != nil {
		h.RemoveContext()
	}
	h.SetTop(0)
	if len(p.idle) < maxIdleHelpers {
		p.idle = append(p.idle, h)
	}
}

// newHelper makes a thread of L's state with a small registry (a protected
// call usually needs few slots; it grows when one needs more).
func newHelper(L *lua.LState) *lua.LState {
	opts := L.Options
	L.Options.RegistrySize = min(helperRegistrySize, opts.RegistrySize)
	h, cancel := L.NewThread()
	L.Options = opts
	if cancel != nil { // get installs the context of each call
		cancel()
	}
	h.RemoveContext()
	return h
}

// frame finds the call level levels up from L's running function, looking
// through helpers into the threads they run for: a helper's bottom frame,
// the trampoline, stands for the pcall running on its owner (the owner's
// level 0), so the level above it is the owner's level 1.
func (p *protector) frame(L *lua.LState, level int) (*lua.LState, *lua.Debug, bool) {
	for {
		if dbg, ok := L.GetStack(level); ok {
			return L, dbg, true
		}
		owner := p.ownerOf(L)
		if owner == nil {
			return nil, nil, false
		}
		level -= levels(L) - 1
		L = owner
	}
}

// levels counts the call levels on L's stack.
func levels(L *lua.LState) int {
	n := 0
	for {
		if _, ok := L.GetStack(n); !ok {
			return n
		}
		n++
	}
}

// where is Lua 5.1's luaL_where: "source:line: " of the function level levels
// up, or "" when it is a Go function or there is none. (gopher-lua skips Go
// functions, so error("x", 2) inside pcall(f) named pcall's caller.)
func (p *protector) where(L *lua.LState, level int) string {
	T, dbg, ok := p.frame(L, level)
	if !ok {
		return ""
	}
	if _, err := T.GetInfo("Sl", dbg, lua.LNil); err != nil || dbg.CurrentLine <= 0 {
		return ""
	}
	return fmt.Sprintf("%s:%d: ", dbg.Source, dbg.CurrentLine)
}

// function is the function running level levels up (nil when there is none).
func (p *protector) function(L *lua.LState, level int) *lua.LFunction {
	T, dbg, ok := p.frame(L, level)
	if !ok {
		return nil
	}
	fn, err := T.GetInfo("f", dbg, lua.LNil)
	if err != nil {
		return nil
	}
	f, _ := fn.(*lua.LFunction)
	return f
}

func (p *protector) isHelper(L *lua.LState) bool {
	return p.ownerOf(L) != nil
}

// PCall calls the function below the nargs values on top of L's stack in
// protection, as L.PCall(nargs, MultRet, nil) does, and returns how many
// results it left there. Go functions called from Lua use it to call back
// into Lua protected: unlike L.PCall, an error leaves the upvalues of the
// frames below open (see protect.go). L is the state the Go function was
// called with.
func (s *State) PCall(L *lua.LState, nargs int) (int, error) {
	return s.protect.call(L, nargs)
}

// Where is Lua 5.1's luaL_where for the function level levels up from L's
// running one, looking through protected calls: "source:line: ", or "" for
// a Go function; ok is false when there is no such level.
func (s *State) Where(L *lua.LState, level int) (pos string, ok bool) {
	if _, _, ok := s.protect.frame(L, level); !ok {
		return "", false
	}
	return s.protect.where(L, level), true
}
