//go:build linux

package builtin

import (
	"sync"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// MustSet is attribute-set set of built-in description family, from its
// compiled form. nlsh's typed decoders name only sets that their tests
// load, so a failure is a bug in nlsh.
func MustSet(family, set string) *ynl.AttrSet {
	return mustCompiled(family, set, (*ynl.CompiledSets).Set)
}

// MustEnum is enum or flags definition name of built-in description
// family, from its compiled form (no YAML parse), for nlsh's own name
// tables, whose tests load every enum they name: a failure is a bug in nlsh.
func MustEnum(family, name string) *ynl.Enum {
	return mustCompiled(family, name, (*ynl.CompiledSets).Enum)
}

// mustCompiled is what find finds by name in the compiled form of
// built-in description family, or a panic.
func mustCompiled[T any](family, name string, find func(*ynl.CompiledSets, string) (T, error)) T {
	c, err := Sets(family)
	if err == nil {
		var v T
		if v, err = find(c, name); err == nil {
			return v
		}
	}
	panic(err)
}

// LazyTable is the typed table of fields over a set of a built-in
// description, built on first use: a program that never decodes a
// socket never loads sock-diag.
func LazyTable[T any](family, set string, fields ...ynl.Field[T]) func() *ynl.Table[T] {
	return sync.OnceValue(func() *ynl.Table[T] { return ynl.MustTable(MustSet(family, set), fields...) })
}

// LazySpec is the full built-in description family (enums, operations),
// parsed on first use: for naming, which the hot decoding paths do not
// need.
func LazySpec(family string) func() *ynl.Spec {
	return sync.OnceValue(func() *ynl.Spec { return MustSpec(family) })
}
