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
	c, err := Sets(family)
	if err == nil {
		var s *ynl.AttrSet
		if s, err = c.Set(set); err == nil {
			return s
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
