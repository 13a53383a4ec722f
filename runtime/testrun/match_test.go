package testrun

import "testing"

func TestMatcher(t *testing.T) {
	tests := []struct {
		pattern    string
		file, name string
		wantFile   bool
		wantCase   bool
	}{
		{"", "tests/lua/links.lua", "create", true, true},
		{"links", "tests/lua/links.lua", "create", true, true},
		{"links", "tests/lua/addrs.lua", "create", false, true},
		{"links.lua/create", "x/links.lua", "create a veth pair", true, true},
		{"links.lua/create_a_veth", "x/links.lua", "create a veth pair", true, true},
		{"links.lua/^delete", "x/links.lua", "create a veth pair", true, false},
		{"^seq.lua$", "tests/lua/seq.lua", "x", true, true},
		{"^seq.lua$", "tests/lua/myseq.lua", "x", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"|"+tt.name, func(t *testing.T) {
			m, err := NewMatcher(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.File(tt.file); got != tt.wantFile {
				t.Errorf("File(%q) = %v, want %v", tt.file, got, tt.wantFile)
			}
			if got := m.Case(tt.name); got != tt.wantCase {
				t.Errorf("Case(%q) = %v, want %v", tt.name, got, tt.wantCase)
			}
		})
	}
	if _, err := NewMatcher("a/(b"); err == nil {
		t.Error("a bad regexp is accepted")
	}
}
