//go:build linux

package rtnl

import (
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// The name tables of this package are the descriptions' enums and flags
// (nlsock/ynl/builtin/descriptions), spelt as ip prints them: the values
// and the set of names come from the description, ip's spelling from a
// rule (upper case, "-" to "_") plus the few names ip spells its own way.
// They load on first use from the compiled form, without parsing YAML.

// spelling turns a description's entry name into ip's; "" leaves the
// entry out of the table (ip has no name for it).
type spelling func(entry string) string

// ipSpelling is rule applied to every entry but those of except, pairs of
// an entry name and ip's name for it.
func ipSpelling(rule func(string) string, except ...string) spelling {
	return func(entry string) string {
		for i := 0; i+1 < len(except); i += 2 {
			if except[i] == entry {
				return except[i+1]
			}
		}
		return rule(entry)
	}
}

func same(s string) string { return s }

func upperNoDash(s string) string { return strings.ToUpper(strings.ReplaceAll(s, "-", "")) }

func underscored(s string) string { return strings.ReplaceAll(s, "-", "_") }

// cSpelling is an entry's C name after its prefix ("ext-learned" of NTF_
// is EXT_LEARNED).
func cSpelling(s string) string { return strings.ToUpper(underscored(s)) }

// describedFlags is the flags definition name of description family as a
// Flag table spelt by spell, built on first use: in order, entry names
// that give ip's printing order, or when none are given the
// description's (bit) order.
func describedFlags(family, name string, spell spelling, order ...string) func() []Flag {
	return sync.OnceValue(func() []Flag {
		e := builtin.MustEnum(family, name)
		if order == nil {
			for _, en := range e.Entries {
				order = append(order, en.Name)
			}
		}
		table := make([]Flag, 0, len(order))
		for _, entry := range order {
			table = append(table, Flag{uint32(mustLookup(e, entry)), spell(entry)})
		}
		return table
	})
}

// describedEnum is the enum definition name of description family as a
// map from value to name spelt by spell, built on first use.
func describedEnum[K uint8 | uint32](family, name string, spell spelling) func() map[K]string {
	return sync.OnceValue(func() map[K]string {
		m := map[K]string{}
		for _, en := range builtin.MustEnum(family, name).Entries {
			if n := spell(en.Name); n != "" {
				m[K(en.Value)] = n
			}
		}
		return m
	})
}

// mustLookup is the value of entry of e, which nlsh's own tables name: a
// missing one is a bug in nlsh that TestConstantsDescribed catches.
func mustLookup(e *ynl.Enum, entry string) uint64 {
	v, ok := e.Lookup(entry)
	if !ok {
		panic("rtnl: " + e.Name + " has no entry " + entry)
	}
	return v
}
