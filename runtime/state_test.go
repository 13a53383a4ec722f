package runtime

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// testModules installs Go functions that behave like bindings: block waits
// for the chunk's context as luabind's recv does, stuck ignores it, boom
// panics without a guard, guarded panics with one.
func testModules(L *lua.LState) func() {
	L.SetGlobal("block", L.NewFunction(func(L *lua.LState) int {
		select {
		case <-L.Context().Done():
			L.Push(lua.LNil)
			L.Push(lua.LString("interrupted"))
			L.Push(lua.LString("interrupted"))
			return 3
		case <-time.After(10 * time.Second):
			return 0
		}
	}))
	L.SetGlobal("stuck", L.NewFunction(func(L *lua.LState) int {
		time.Sleep(3 * time.Second)
		return 0
	}))
	L.SetGlobal("boom", L.NewFunction(func(L *lua.LState) int {
		var m map[string]int
		//lint:ignore SA5000 the panic is what the state must turn into a Lua error
		m["x"] = 1
		return 0
	}))
	L.SetGlobal("guarded", L.NewFunction(luabind.Guard("test.guarded", func(L *lua.LState) int {
		var s []int
		return s[3]
	})))
	return func() {}
}

func newTestState(tb testing.TB, out, errOut *nlsocktest.SyncBuffer, intr chan os.Signal) *State {
	tb.Helper()
	s := New(Options{Stdout: out, Stderr: errOut, Modules: testModules, Interrupts: intr})
	tb.Cleanup(s.Close)
	return s
}

// interruptedREPL runs input in a REPL that gets n interrupts (see
// interruptsLater) and fails t unless it ends within a second.
func interruptedREPL(t *testing.T, n int, input string) (code int, out, errOut string) {
	t.Helper()
	var o, e nlsocktest.SyncBuffer
	s := newTestState(t, &o, &e, interruptsLater(n))
	start := time.Now()
	code = s.REPL(NewPlainReader(strings.NewReader(input), nil))
	if d := time.Since(start); d > time.Second {
		t.Errorf("%d interrupts: the REPL took %v to end", n, d)
	}
	return code, o.String(), e.String()
}

// interruptsLater returns a channel on which n interrupts arrive, 100ms
// apart, the first 100ms from now: Ctrl-C pressed while a chunk runs.
func interruptsLater(n int) chan os.Signal {
	intr := make(chan os.Signal, n)
	go func() {
		for range n {
			time.Sleep(100 * time.Millisecond)
			intr <- os.Interrupt
		}
	}()
	return intr
}

func TestInterruptReturnsToPrompt(t *testing.T) {
	tests := []struct {
		name  string
		chunk string
	}{
		{"busy loop", "while true do end"},
		{"loop in pcall", "while true do pcall(function() while true do end end) end"},
		{"blocked binding", "while true do block() end"},
		{"coroutine loop", "coroutine.wrap(function() while true do end end)()"},
		// Protected calls run on helper threads: the interrupt reaches them.
		{"blocked binding in pcall", "while true do pcall(block) end"},
		{"loop in xpcall", "while true do xpcall(function() while true do end end, tostring) end"},
		{"loop in nested pcall", "pcall(pcall, function() while true do end end) while true do end"},
		{"coroutine loop in pcall", "while true do pcall(coroutine.wrap(function() while true do end end)) end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := interruptedREPL(t, 1, tt.chunk+"\n1+1\n")
			if code != 0 || out != "2\n" || errOut != "interrupted\n" {
				t.Errorf("code %d, stdout %q, stderr %q; want 0, \"2\\n\", \"interrupted\\n\"", code, out, errOut)
			}
		})
	}
}

func TestSecondInterruptAbandons(t *testing.T) {
	code, _, errOut := interruptedREPL(t, 2, "stuck()\n1+1\n")
	if code != ExitInterrupted || !strings.Contains(errOut, "not responding to interrupt; exiting") {
		t.Errorf("code %d, stderr %q", code, errOut)
	}
}

func TestInterruptEndsScript(t *testing.T) {
	var out, errOut nlsocktest.SyncBuffer
	s := newTestState(t, &out, &errOut, interruptsLater(1))
	code, ok := s.RunString("while true do end", "(command line)")
	if code != ExitInterrupted || ok || errOut.String() != "nlsh: interrupted\n" {
		t.Errorf("code %d ok %v stderr %q", code, ok, errOut.String())
	}
}

func TestGoPanicsBecomeLuaErrors(t *testing.T) {
	tests := []struct{ chunk, want string }{
		{"boom()", "internal error: assignment to entry in nil map (please report)"},
		{"guarded()", "internal error in test.guarded: runtime error: index out of range [3] with length 0 (please report)"},
		// Called by pcall itself, no Lua function: no position, as in Lua 5.1.
		{"print(pcall(guarded))", "false\tinternal error in test.guarded: runtime error: index out of range [3] with length 0 (please report)"},
	}
	for _, tt := range tests {
		t.Run(tt.chunk, func(t *testing.T) {
			var out, errOut nlsocktest.SyncBuffer
			s := newTestState(t, &out, &errOut, nil)
			s.RunString(tt.chunk, "(command line)")
			if got := out.String() + errOut.String(); !strings.Contains(got, tt.want) || strings.Contains(got, "goroutine ") {
				t.Errorf("got %q, want it to contain %q and no Go stack", got, tt.want)
			}
		})
	}
}

func TestPromptShowsNamespace(t *testing.T) {
	var out bytes.Buffer
	s := New(Options{Stdout: &out, Stderr: &out, Namespace: "/run/netns/blue"})
	defer s.Close()
	s.REPL(NewPlainReader(strings.NewReader("for i=1,1 do\nend\n"), &out))
	want := "[/run/netns/blue]> for i=1,1 do\n>> end\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestHistoryPath(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"xdg", map[string]string{"XDG_STATE_HOME": "/x/state", "HOME": "/home/u"}, "/x/state/nlsh/history"},
		{"default", map[string]string{"HOME": "/home/u"}, "/home/u/.local/state/nlsh/history"},
		{"relative xdg ignored", map[string]string{"XDG_STATE_HOME": "rel", "HOME": "/home/u"}, "/home/u/.local/state/nlsh/history"},
		{"nothing", map[string]string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HistoryPath(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnsignedUnpackIsNonNegative(t *testing.T) {
	var out, errOut nlsocktest.SyncBuffer
	s := newTestState(t, &out, &errOut, nil)
	s.RunString(`print(string.unpack("<J", string.rep("\255", 8)) == 2^64, string.unpack("<I4", "\255\255\255\255"))`, "t")
	if diff := cmp.Diff("true\t4294967295\t5\n", out.String()+errOut.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
