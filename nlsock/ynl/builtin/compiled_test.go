//go:build linux

package builtin

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// The compiled attribute-sets are generated from the YAML descriptions;
// a description edited without `go generate ./nlsock/ynl/builtin` would
// leave the typed decoders reading the old numbers.
func TestCompiledSetsFresh(t *testing.T) {
	for _, name := range Names() {
		want := MustSpec(name).CompileSets()
		got, err := compiled.ReadFile("compiled/" + name + ".sets")
		if err != nil {
			t.Errorf("%s: no compiled sets (run go generate ./nlsock/ynl/builtin): %v", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("compiled/%s.sets is stale against descriptions/%s.yaml: run go generate ./nlsock/ynl/builtin", name, name)
		}
	}
}

// Every set, attribute, number and type of a description survives the
// compiled form.
func TestCompiledSetsMatchSpec(t *testing.T) {
	for _, name := range Names() {
		spec := MustSpec(name)
		c, err := Sets(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if c.Family != spec.Name || len(c.Sets) != len(spec.Sets) {
			t.Errorf("%s: family %q with %d sets, want %q with %d", name, c.Family, len(c.Sets), spec.Name, len(spec.Sets))
		}
		for sn, want := range spec.Sets {
			got, err := c.Set(sn)
			if err != nil {
				t.Error(err)
				continue
			}
			if got.Prefix != want.Prefix || got.HasPrefix != want.HasPrefix || len(got.Attrs) != len(want.Attrs) {
				t.Errorf("%s %s: prefix %q, %d attributes; want %q, %d", name, sn, got.Prefix, len(got.Attrs), want.Prefix, len(want.Attrs))
				continue
			}
			for i, w := range want.Attrs {
				g := got.Attrs[i]
				if g.Name != w.Name || g.Value != w.Value || g.Type != w.Type || g.Hint != w.Hint ||
					g.BigEndian != w.BigEndian || g.MultiAttr != w.MultiAttr ||
					(g.Nested == nil) != (w.Nested == nil) || g.Nested != nil && g.Nested.Name != w.Nested.Name ||
					(g.Struct == nil) != (w.Struct == nil) || g.Struct != nil && g.Struct.Size != w.Struct.Size ||
					got.CName(g) != want.CName(w) {
					t.Errorf("%s %s: attribute %d is %+v, want %+v", name, sn, i, *g, *w)
				}
			}
		}
		if len(c.Enums) != len(spec.Enums) {
			t.Errorf("%s: %d enums, want %d", name, len(c.Enums), len(spec.Enums))
		}
		for en, want := range spec.Enums {
			got, err := c.Enum(en)
			if err != nil {
				t.Error(err)
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: enum %s is %+v, want %+v", name, en, *got, *want)
			}
		}
	}
}

// BenchmarkLoadSetsRtLink loads the largest compiled description, what a
// script's first rtnl.links pays (~0.1 ms on an idle machine; parsing
// rt-link.yaml takes ~5 ms).
func BenchmarkLoadSetsRtLink(b *testing.B) {
	text, _ := compiled.ReadFile("compiled/rt-link.sets")
	b.ReportAllocs()
	for range b.N {
		if _, err := ynl.LoadSets(text); err != nil {
			b.Fatal(err)
		}
	}
}
