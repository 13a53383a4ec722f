package runtime

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestCaughtErrorKeepsCallerUpvalues: after an error caught by pcall,
// xpcall or a binding's failure, a closure still writes its caller's local
// (gopher-lua's raiseError closed the upvalues of every frame, so the local
// and the closure's copy parted ways), while the upvalues of the frames the
// error unwound are closed with their values.
func TestCaughtErrorKeepsCallerUpvalues(t *testing.T) {
	tests := []struct{ name, catch string }{
		{"pcall of error", `pcall(error, "x")`},
		{"pcall of a Lua function", `pcall(function() local y = 1; error("x") end)`},
		{"xpcall", `xpcall(function() error("x") end, function(e) return e end)`},
		{"a binding that raises", `pcall(netlink.open, "nope")`},
		{"a runtime error", `pcall(function() return nil + 1 end)`},
		{"nested pcall", `pcall(function() pcall(error, "in"); error("out") end)`},
	}
	checkPrinted(t, tests, "local r; local function set(v) r = v end\n", "\nset(5); print(r)", "5\n")
}

// TestUnwoundUpvaluesAreClosed: a closure made inside the failed call keeps
// the value its upvalue had, also when the caller's registers are reused.
func TestUnwoundUpvaluesAreClosed(t *testing.T) {
	tests := []struct{ name, catch string }{
		{"pcall", `pcall(function() local x = 1; f = function() return x end; error("e") end)`},
		{"xpcall", `xpcall(function() local x = 1; f = function() return x end; error("e") end, tostring)`},
	}
	checkPrinted(t, tests, "local f\n", "\nlocal a, b, c = 7, 8, 9\nprint(f())", "1\n")
}

// checkPrinted runs, for each test, before + its catch + after as one chunk
// and checks that it printed want.
func checkPrinted(t *testing.T, tests []struct{ name, catch string }, before, after, want string) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runChunk(t, before+tt.catch+after); got != want {
				t.Errorf("printed %q, want %q", got, want)
			}
		})
	}
}

// TestUpvaluesAfterErrorInREPLChunk: the same through the REPL, one chunk
// per line.
func TestUpvaluesAfterErrorInREPLChunk(t *testing.T) {
	var out, errOut nlsocktest.SyncBuffer
	s := New(Options{Stdout: &out, Stderr: &errOut})
	defer s.Close()
	input := `local r; local function set(v) r = v end; pcall(error, "x"); set(5); print(r)` + "\n"
	s.REPL(NewPlainReader(strings.NewReader(input), &out))
	if !strings.Contains(out.String(), "\n5\n") {
		t.Errorf("REPL printed %q, want a line 5 (stderr %q)", out.String(), errOut.String())
	}
}

// runChunk runs chunk in a state with nlsh's modules and returns what it
// printed; an error fails the test.
func runChunk(t *testing.T, chunk string) string {
	t.Helper()
	var out, errOut nlsocktest.SyncBuffer
	s := New(Options{Stdout: &out, Stderr: &errOut})
	defer s.Close()
	if code, _ := s.RunString(chunk, "chunk"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	return out.String()
}

// TestNestedProtectedCallsAreBounded: a recursion through pcall ends with
// Lua 5.1's "C stack overflow" caught by the innermost pcall (each helper
// has its own call stack, so nothing else would bound it), and the state
// works afterwards.
func TestNestedProtectedCallsAreBounded(t *testing.T) {
	chunk := `local depth = 0
local function f() depth = depth + 1; return pcall(f) end
local r = {f()}
print(r[#r], depth)
print(pcall(function() return "fine" end))`
	want := fmt.Sprintf("C stack overflow\t%d\ntrue\tfine\n", maxNestedCalls+1)
	if got := runChunk(t, chunk); got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestExitInsideProtectedCall: os.exit unwinds through pcall and xpcall.
func TestExitInsideProtectedCall(t *testing.T) {
	for _, chunk := range []string{
		`pcall(os.exit, 3) print("after")`,
		`xpcall(function() os.exit(3) end, print) print("after")`,
		`pcall(pcall, function() os.exit(3) end) print("after")`,
	} {
		var out, errOut nlsocktest.SyncBuffer
		s := New(Options{Stdout: &out, Stderr: &errOut})
		code, _ := s.RunString(chunk, "chunk")
		s.Close()
		if code != 3 || out.String() != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 3 and nothing printed", chunk, code, out.String(), errOut.String())
		}
	}
}

// TestGoPanicInProtectedCallClosesUpvalues: a Go panic inside a protected
// call (an unguarded Go function's bug) closes the failed frames' upvalues
// like a Lua error (gopher-lua closes them only for Lua errors), so the next
// protected call on the same helper does not overwrite the value a closure
// made in the failed call reads.
func TestGoPanicInProtectedCallClosesUpvalues(t *testing.T) {
	var out, errOut nlsocktest.SyncBuffer
	s := newTestState(t, &out, &errOut, nil)
	s.RunString(`local f
print(pcall(function() local x = 1; f = function() return x end; boom() end))
pcall(function() local a, b = 5, 6 end)
print(f())`, "chunk")
	if out.String() != "false\tinternal error: assignment to entry in nil map (please report)\n1\n" {
		t.Errorf("printed %q (stderr %q), want the internal error, then 1", out.String(), errOut.String())
	}
}
