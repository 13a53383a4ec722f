package runtime

import (
	"bytes"
	"strings"
	"testing"
)

// TestModulesAreGlobals checks that luabind's modules are plain globals
// from the start: no metatable on _G, so every way of looking at _G sees
// them and a script may replace _G's metatable or the globals freely.
func TestModulesAreGlobals(t *testing.T) {
	tests := []struct{ name, code, want string }{
		{"no metatable on _G", `print(getmetatable(_G), rawget(_G, "netlink") ~= nil)`, "nil\ttrue\n"},
		{"global read", `print(type(netlink.open), type(netns.new))`, "function\tfunction\n"},
		{"require", `local nl = require("netlink") print(nl == netlink)`, "true\n"},
		{"script globals win", `netlink = 5 print(undefined_global, netlink)`, "nil\t5\n"},
		{"strict _G", `setmetatable(_G, {__index = function(_, k) error("undeclared " .. k, 0) end}) ` +
			`print(type(netlink), pcall(function() return nope end))`, "table\tfalse\tundeclared nope\n"},
		{"pairs sees the modules", `local n = 0 for k in pairs(_G) do if k == "rtnl" then n = n + 1 end end print(n)`, "1\n"},
		{"next sees the modules", `local n = 0 for k in next, _G do if k == "nfnl" then n = n + 1 end end print(n)`, "1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			s := New(Options{Stdout: &out, Stderr: &out})
			defer s.Close()
			s.RunString(tt.code, "(command line)")
			if got := out.String(); got != tt.want {
				t.Errorf("output %q, want %q", got, tt.want)
			}
		})
	}
}

func TestModulesClosedWithState(t *testing.T) {
	var out bytes.Buffer
	s := New(Options{Stdout: &out, Stderr: &out})
	s.RunString(`a = netlink.open("route") b = netlink.open("route")`, "t")
	if n := s.Sockets(); n != 2 {
		t.Fatalf("Sockets() = %d, want 2 (%s)", n, strings.TrimSpace(out.String()))
	}
	s.Close()
	if n := s.Sockets(); n != 0 {
		t.Errorf("after Close: Sockets() = %d, want 0", n)
	}
}
