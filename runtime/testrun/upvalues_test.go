package testrun

import "testing"

// TestErrorsKeepsUpvalues: testdata/upvalues.lua counts in a closure after
// errors() and pcall caught an error.
func TestErrorsKeepsUpvalues(t *testing.T) {
	cases := runFile(t, "upvalues.lua", Options{})
	if len(cases) != 2 {
		t.Errorf("%d cases reported, want 2", len(cases))
	}
	for name, c := range cases {
		if c.Status != Pass {
			t.Errorf("%s: %v\n%s", name, c.Status, c.Detail())
		}
	}
}
