package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestExampleLinks runs examples/links.lua (the README's first command) both
// ways: through rtnl.links when that module exists, and decoding the dump by
// hand. A route socket needs no privilege; every machine has lo.
func TestExampleLinks(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"rtnl if present", []string{"../../examples/links.lua"}},
		{"raw", []string{"../../examples/links.lua", "--raw"}},
	}
	for _, tt := range tests {
		args := tt.args
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(args, nil, &out, &errOut); code != 0 {
				t.Fatalf("exit status %d: %s", code, errOut.String())
			}
			if !strings.HasPrefix(out.String(), "idx name") || !strings.Contains(out.String(), "\n1   lo ") ||
				!strings.Contains(out.String(), "LOOPBACK") {
				t.Errorf("output lacks the header or lo:\n%s", out.String())
			}
		})
	}
}
