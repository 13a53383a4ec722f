package runtime

import (
	"io"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// BenchmarkProtectedCall compares nlsh's pcall (a helper thread per call)
// with gopher-lua's own (which loses upvalue writes after an error), for a
// call that returns and one that raises.
func BenchmarkProtectedCall(b *testing.B) {
	plain := lua.NewState()
	defer plain.Close()
	gopherPcall := plain.GetGlobal("pcall").(*lua.LFunction).GFunction
	for _, bm := range []struct{ name, pcall, body string }{
		{"ok/nlsh", "pcall", "pcall(inc, 1)"},
		{"ok/gopher-lua", "gopcall", "gopcall(inc, 1)"},
		{"error/nlsh", "pcall", `pcall(error, "x")`},
		{"error/gopher-lua", "gopcall", `gopcall(error, "x")`},
	} {
		b.Run(bm.name, func(b *testing.B) {
			s := New(Options{Stdout: io.Discard, Stderr: io.Discard})
			defer s.Close()
			s.L.SetGlobal("gopcall", s.L.NewFunction(gopherPcall))
			fn, err := s.L.LoadString(`local n, N = 0, ...; local function inc(a) n = n + a end
				for i = 1, N do ` + bm.body + ` end`)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			if o := s.call(fn, []lua.LValue{lua.LNumber(b.N)}, nil); o.err != nil {
				b.Fatal(o.err)
			}
		})
	}
}
