package runtime

import (
	"bytes"
	"strings"
	"testing"
)

// TestModulesOpenOnFirstUse checks the deferred opening of luabind's
// modules: nothing at start-up, then whatever first needs them.
func TestModulesOpenOnFirstUse(t *testing.T) {
	tests := []struct {
		name, code, want string
		opened           bool
	}{
		{"empty chunk opens nothing", ``, "", false},
		{"pure Lua opens nothing", `print(string.format("%d", 1 + 1))`, "2\n", false},
		{"global read", `print(type(netlink.open), type(netns.new))`, "function\tfunction\n", true},
		{"require first", `local nl = require("netlink") print(nl == netlink)`, "true\n", true},
		{"script globals win", `netlink = 5 print(undefined_global, netlink)`, "nil\t5\n", true},
		{"strict _G", `setmetatable(_G, {__index = function(_, k) error("undeclared " .. k, 0) end}) ` +
			`print(type(netlink), pcall(function() return nope end))`, "table\tfalse\tundeclared nope\n", true},
		{"strict.lua edits getmetatable(_G)", `local mt = getmetatable(_G) if mt == nil then mt = {} setmetatable(_G, mt) end ` +
			`mt.__index = function(_, k) error("undeclared " .. k, 0) end ` +
			`print(type(netlink), pcall(function() return nope end))`, "table\tfalse\tundeclared nope\n", true},
		{"pairs sees the modules", `local n = 0 for k in pairs(_G) do if k == "rtnl" then n = n + 1 end end print(n)`, "1\n", true},
		{"rawget sees the modules", `print(rawget(_G, "netns") ~= nil)`, "true\n", true},
		{"metatable removed", `local _ = netlink print(getmetatable(_G), rawget(_G, "netlink") ~= nil)`, "nil\ttrue\n", true},
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
			if opened := s.env != nil; opened != tt.opened {
				t.Errorf("modules opened: %v, want %v", opened, tt.opened)
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
