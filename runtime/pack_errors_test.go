package runtime

import (
	"bytes"
	"os/exec"
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
	lua54 := luaOracle(t)
	var prog strings.Builder
	for _, c := range packErrorCases {
		prog.WriteString("print(select(2, " + c + "))\n")
	}
	cmd := exec.Command(lua54, "-")
	cmd.Stdin = strings.NewReader(prog.String())
	want, err := cmd.Output()
	if err != nil {
		t.Fatalf("lua5.4: %v", err)
	}
	var got, stderr bytes.Buffer
	s := New(Options{Stdout: &got, Stderr: &stderr})
	defer s.Close()
	if code, _ := s.RunString(prog.String(), "stdin"); code != 0 {
		t.Fatalf("nlsh: exit %d: %s", code, stderr.String())
	}
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(got.String(), "\n")
	if len(wl) != len(gl) {
		t.Fatalf("lua5.4 printed %d lines, nlsh %d:\n%s\n%s", len(wl), len(gl), want, got.String())
	}
	for i, c := range packErrorCases {
		if wl[i] != gl[i] {
			t.Errorf("%s\n  lua5.4: %s\n  nlsh:   %s", c, wl[i], gl[i])
		}
	}
}
