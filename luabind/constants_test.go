//go:build linux

package luabind

import (
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// LazyConstants fills the table on the first read of a missing name, once,
// and keeps what the script set before that read.
func TestLazyConstantsKeepsWhatTheScriptSet(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	fills := 0
	mod := L.NewTable()
	LazyConstants(L, mod, func(set func(string, int64)) {
		fills++
		set("A", 1)
		set("B", 2)
	})
	L.SetGlobal("mod", mod)
	err := L.DoString(`
		assert(rawget(mod, "A") == nil, "filled before the first read")
		mod.B = 20
		assert(mod.A == 1, "A")
		assert(mod.B == 20, "the fill overwrote B, which the script had set: " .. tostring(mod.B))
		assert(mod.C == nil and mod.D == nil)`)
	if err != nil {
		t.Fatal(err)
	}
	if fills != 1 {
		t.Errorf("fill ran %d times, want 1 (the metatable must go after the first fill)", fills)
	}
}
