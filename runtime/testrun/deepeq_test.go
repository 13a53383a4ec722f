package testrun

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/mods"
	lua "github.com/yuin/gopher-lua"
)

// eval returns the value of a Lua expression.
func eval(t *testing.T, L *lua.LState, expr string) lua.LValue {
	t.Helper()
	if err := L.DoString("return " + expr); err != nil {
		t.Fatal(err)
	}
	v := L.Get(-1)
	L.Pop(1)
	return v
}

func TestDeepEqual(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	tests := []struct {
		name   string
		a, b   string
		equal  bool
		inDiff []string
	}{
		{"numbers", "1", "1", true, nil},
		{"number and string", "1", "'1'", false, nil},
		{"nil and false", "nil", "false", false, nil},
		{"nested tables", "{a = {b = {1, 2}}}", "{a = {b = {1, 2}}}", true, nil},
		{"nested difference", "{a = {b = {1, 2}}}", "{a = {b = {1, 3}}}", false, []string{"- .a.b[2] = 3", "+ .a.b[2] = 2"}},
		{"missing key", "{x = 1}", "{x = 1, y = 2}", false, []string{"- .y = 2"}},
		{"extra key", "{x = 1, [10] = true}", "{x = 1}", false, []string{"+ [10] = true"}},
		{"odd keys", `{["a b"] = 1}`, `{["a b"] = 2}`, false, []string{`- ["a b"] = 2`}},
		{"empty tables", "{}", "{}", true, nil},
		{"table and scalar", "{}", "0", false, []string{"- (value) = 0", "+ (value) = {}"}},
		{"metatables ignored", "setmetatable({1}, {})", "{1}", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := eval(t, L, tt.a), eval(t, L, tt.b)
			if got := deepEqual(a, b); got != tt.equal {
				t.Fatalf("deepEqual(%s, %s) = %v", tt.a, tt.b, got)
			}
			if tt.equal {
				return
			}
			text := describeMismatch(L, a, b)
			for _, w := range tt.inDiff {
				if !strings.Contains(text, w) {
					t.Errorf("mismatch text lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestDeepEqualCycles(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	a := eval(t, L, "(function() local t = {1}; t.self = t; return t end)()")
	b := eval(t, L, "(function() local t = {1}; t.self = t; return t end)()")
	c := eval(t, L, "(function() local t = {2}; t.self = t; return t end)()")
	if !deepEqual(a, b) {
		t.Error("equal cycles differ")
	}
	if deepEqual(a, c) {
		t.Error("different cycles are equal")
	}
	describeMismatch(L, a, c) // terminates
}

func TestDiffOrderAndLimit(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	a := eval(t, L, "(function() local t = {} for i = 1, 100 do t[i] = i end return t end)()")
	b := eval(t, L, "(function() local t = {} for i = 1, 100 do t[i] = -i end return t end)()")
	lines := diffLeaves(L, a, b)
	if len(lines) != maxDiffLines+1 || !strings.HasPrefix(lines[maxDiffLines], "... ") {
		t.Errorf("diff of 200 lines not cut at %d: %d lines, last %q", maxDiffLines, len(lines), lines[len(lines)-1])
	}
	if lines[0] != "- [1] = -1" || lines[2] != "- [2] = -2" {
		t.Errorf("not in numeric order: %q", lines[:4])
	}
}

// TestDeepEqualExactInts: eq compares nlsh.int values (64-bit counters above
// 2^53) by value, not by identity.
func TestDeepEqualExactInts(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	mods.Open(L, luabind.Options{}).Close()
	a := eval(t, L, `{n = json.decode("9007199254740993")}`)
	b := eval(t, L, `{n = json.decode("9007199254740993")}`)
	c := eval(t, L, `{n = json.decode("9007199254740995")}`)
	if !deepEqual(a, b) {
		t.Error("two decodings of 2^53+1 differ")
	}
	if deepEqual(a, c) {
		t.Error("2^53+1 and 2^53+3 are equal")
	}
}
