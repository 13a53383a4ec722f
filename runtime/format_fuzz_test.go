package runtime

import (
	"io"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// FuzzStringFormat feeds arbitrary formats and arguments to string.format:
// errors are fine; Go panics ("internal error") and Go fmt's own error
// text ("%!d(MISSING)") in a result are not.
func FuzzStringFormat(f *testing.F) {
	for _, seed := range []struct {
		format string
		n      float64
		s      string
	}{
		{"%d %s %5.2f", 42, "x"}, {"%q", 0, "a\n\x00"}, {"%-+ #0x", -1, ""}, {"%.99g", 1e300, ""},
		{"%c%c", 65, "66"}, {"%5", 1, ""}, {"%e %G", 0, "inf"}, {"%10.3s|", 0, "abcdef"},
	} {
		f.Add(seed.format, seed.n, seed.s)
	}
	s := New(Options{Stdout: io.Discard, Stderr: io.Discard, Modules: func(*lua.LState) func() { return nil }})
	defer s.Close()
	probe, err := s.L.LoadString(`
		local f = ...
		local ok, r = pcall(string.format, ...)
		local gofmt = ok and not f:find("%%", 1, true) and r:find("%%!%a?%(")
		if type(r) == "string" and (r:find("internal error") or gofmt) then error(r) end`)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, format string, n float64, str string) {
		o := s.call(probe, []lua.LValue{lua.LString(format), lua.LNumber(n), lua.LString(str), lua.LNumber(n)}, nil)
		if o.err != nil {
			t.Fatalf("format %q n %v s %q: %v", format, n, str, o.err)
		}
	})
}
