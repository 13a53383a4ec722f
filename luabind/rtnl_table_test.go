package luabind

import (
	"fmt"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// TestFieldSetFastPath: the gopher-lua in go.mod has the layout fieldSet
// relies on, and its tables behave like ones built by RawSetString, for
// every set of present fields: the same pairs() order and values, also
// after keys are added and removed, and a change to one table leaves the
// others that share its key list alone.
func TestFieldSetFastPath(t *testing.T) {
	if !fastTables() {
		t.Fatal("lua.LTable no longer has the layout of tableLayout: rtnl tables are built the slow way; update tableLayout")
	}
	fs := newFieldSet("a", "b", "c", "d", "e")
	L := lua.NewState()
	defer L.Close()
	pairsOf := func(tb *lua.LTable) string {
		L.SetGlobal("t", tb)
		if err := L.DoString(`
			local out = {}
			for k, v in pairs(t) do out[#out+1] = tostring(k) .. "=" .. tostring(v) end
			s = table.concat(out, " ")`); err != nil {
			t.Fatal(err)
		}
		return L.GetGlobal("s").String()
	}
	build := func(mask int, slow bool) *lua.LTable {
		fastTablesOff = slow
		defer func() { fastTablesOff = false }()
		vals := make([]lua.LValue, 5)
		for i := range vals {
			if mask&(1<<i) != 0 {
				vals[i] = lua.LNumber(10*mask + i)
			} else if i%2 == 0 {
				vals[i] = lua.LNil // absent either way
			}
		}
		return fs.table(vals)
	}
	for mask := range 1 << 5 {
		fast, slow := build(mask, false), build(mask, true)
		other := build(mask, false) // shares fast's key list
		steps := []func(*lua.LTable){
			func(*lua.LTable) {},
			func(tb *lua.LTable) { tb.RawSetString("x", lua.LTrue) },
			func(tb *lua.LTable) { tb.RawSetString("a", lua.LNil) },
			func(tb *lua.LTable) { tb.RawSetString("e", lua.LString("new")) },
			func(tb *lua.LTable) { tb.RawSetInt(1, lua.LString("one")) },
			func(tb *lua.LTable) { tb.RawSet(lua.LTrue, lua.LFalse) },
			func(tb *lua.LTable) { tb.RawSetString("y", lua.LTrue) },
		}
		before := pairsOf(other)
		for i, step := range steps {
			step(fast)
			step(slow)
			if f, s := pairsOf(fast), pairsOf(slow); f != s {
				t.Fatalf("mask %05b step %d: fast table %q, RawSetString table %q", mask, i, f, s)
			}
		}
		if after := pairsOf(other); after != before {
			t.Fatalf("mask %05b: a table sharing the key list changed from %q to %q", mask, before, after)
		}
		// The other table gets the same new keys later, its own way.
		other.RawSetString("y", lua.LTrue)
		other.RawSetString("x", lua.LTrue)
		if got := pairsOf(other); !strings.HasSuffix(got, "y=true x=true") {
			t.Fatalf("mask %05b: other table after adding keys: %q", mask, got)
		}
	}
}

// BenchmarkFieldSet is one link-sized table through a fieldSet and through
// RawSetString.
func BenchmarkFieldSet(b *testing.B) {
	fs := newFieldSet("index", "name", "mtu", "flags", "operstate", "kind", "address", "master")
	vals := []lua.LValue{lua.LNumber(1), lua.LString("x"), lua.LNumber(1500), lua.LTrue, lua.LString("UP"), lua.LString("veth"), lua.LString("aa"), nil}
	for _, slow := range []bool{false, true} {
		b.Run(fmt.Sprintf("rawset=%v", slow), func(b *testing.B) {
			fastTablesOff = slow
			defer func() { fastTablesOff = false }()
			b.ReportAllocs()
			for range b.N {
				fs.table(vals)
			}
		})
	}
}
