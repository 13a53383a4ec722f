package runtime

import (
	"strings"
	"testing"
)

// packErrorCases raise argument errors of string.pack, unpack and packsize
// (and format errors, which name no argument), called the ways a script
// calls them: by field, through a local, and by pcall itself.
var packErrorCases = []string{
	`pcall(function() return string.pack("i4", "x") end)`,
	`pcall(function() return string.pack("i4") end)`,
	`pcall(function() return string.pack("i1", 300) end)`,
	`pcall(function() return string.pack("I1", -1) end)`,
	`pcall(function() return string.pack("s1", string.rep("x", 300)) end)`,
	`pcall(function() return string.pack("z", "a\0b") end)`,
	`pcall(function() return string.pack("c2", "abc") end)`,
	`pcall(function() return string.pack("i4", 1.5) end)`,
	`pcall(function() return string.pack() end)`,
	`pcall(function() return string.pack("q", 1) end)`,
	`pcall(function() return string.pack("i17", 1) end)`,
	`pcall(function() return string.unpack("i4", "ab") end)`,
	`pcall(function() return string.unpack("i4", "abcd", 10) end)`,
	`pcall(function() return string.unpack("z", "abc") end)`,
	`pcall(function() return string.unpack("i4", {}) end)`,
	`pcall(function() return string.unpack("c", "abc") end)`,
	`pcall(function() return string.packsize("s") end)`,
	`pcall(function() return string.packsize({}) end)`,
	`pcall(function() return string.packsize("!17") end)`,
	`pcall(function() local s = string; return s.pack("i4", "x") end)`,
	`pcall(function() local pack = string.pack; return pack("i4", "x") end)`,
	`pcall(string.pack, "i4", "x")`,
	`pcall(string.unpack, "i4", "x")`,
	`pcall(string.packsize, "z")`,
}

// TestPackErrorWording compares each error message whole (position,
// function name, argument number and reason) with Debian's lua5.4.
func TestPackErrorWording(t *testing.T) {
	var prog strings.Builder
	for _, c := range packErrorCases {
		prog.WriteString("print(select(2, " + c + "))\n")
	}
	wl, gl := printedByBoth(t, prog.String(), "stdin")
	if len(wl) != len(gl) || len(wl) != len(packErrorCases) {
		t.Fatalf("lua5.4 printed %d lines, nlsh %d, for %d cases:\n%s\n%s", len(wl), len(gl), len(packErrorCases),
			strings.Join(wl, "\n"), strings.Join(gl, "\n"))
	}
	for i, c := range packErrorCases {
		if wl[i] != gl[i] {
			t.Errorf("%s\n  lua5.4: %s\n  nlsh:   %s", c, wl[i], gl[i])
		}
	}
}
