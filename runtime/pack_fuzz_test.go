package runtime

import (
	"io"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// FuzzPack feeds arbitrary formats and data to string.unpack, string.pack
// (with the unpacked values) and string.packsize: errors are fine, Go
// panics ("internal error") are not.
func FuzzPack(f *testing.F) {
	for _, seed := range []struct{ format, data string }{
		{"<i4", "\x01\x02\x03\x04"}, {"!8 b d", strings.Repeat("\x00", 16)}, {"s1 z", "\x03abcxyz\x00"},
		{">I16", strings.Repeat("\xff", 16)}, {"Xi4 c2", "ab"}, {"i17", ""}, {"!3 i4", "1234"}, {"c99999999999", "x"},
	} {
		f.Add(seed.format, seed.data)
	}
	s := New(Options{Stdout: io.Discard, Stderr: io.Discard, Modules: func(*lua.LState) func() { return nil }})
	defer s.Close()
	probe, err := s.L.LoadString(`
		local f, d = ...
		local r = {pcall(string.unpack, f, d)}
		if r[1] then
			table.remove(r, 1); table.remove(r)
			local ok, packed = pcall(string.pack, f, unpack(r))
			if ok then assert(pcall(string.unpack, f, packed)) end
		end
		local ok, msg = pcall(string.packsize, f)
		for _, v in ipairs({r[2], msg}) do
			if type(v) == "string" and v:find("internal error") then error(v) end
		end`)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, format, data string) {
		o := s.call(probe, []lua.LValue{lua.LString(format), lua.LString(data)}, nil)
		if o.err != nil {
			t.Fatalf("format %q data %q: %v", format, data, o.err)
		}
	})
}
