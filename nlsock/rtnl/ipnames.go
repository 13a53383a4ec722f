//go:build linux

package rtnl

import (
	"strings"

	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// The name tables of this package are the descriptions' enums and flags
// (nlsock/ynl/builtin/descriptions), spelt as ip prints them: the values
// and the set of names come from the description, ip's spelling from a
// rule (upper case, "-" to "_") plus the few names ip spells its own way.
// They load on first use from the compiled form, without parsing YAML.

// spelling is ip's spelling of a description's entry names: rule applied
// to every entry but those of except, pairs of an entry name and ip's
// name for it ("" leaves the entry out of the table: ip has no name for
// it). A struct, not a closure, so that the tables below cost nothing
// until used.
type spelling struct {
	rule   func(entry string) string
	except []string
}

func (sp spelling) of(entry string) string {
	for i := 0; i+1 < len(sp.except); i += 2 {
		if sp.except[i] == entry {
			return sp.except[i+1]
		}
	}
	return sp.rule(entry)
}

func same(s string) string { return s }

func upperNoDash(s string) string { return strings.ToUpper(strings.ReplaceAll(s, "-", "")) }

func underscored(s string) string { return strings.ReplaceAll(s, "-", "_") }

// cSpelling is an entry's C name after its prefix ("ext-learned" of NTF_
// is EXT_LEARNED).
func cSpelling(s string) string { return strings.ToUpper(underscored(s)) }

// describedFlags is the flags definition name of description family as a
// Flag table spelt by spell, built on first use (get): in order, entry
// names that give ip's printing order, or when none are given the
// description's (bit) order.
type describedFlags struct {
	family, name string
	spell        spelling
	order        []string

	once  once
	table []Flag
}

func (d *describedFlags) get() []Flag {
	d.once.do(func() {
		e := builtin.MustEnum(d.family, d.name)
		order := d.order
		if order == nil {
			for _, en := range e.Entries {
				order = append(order, en.Name)
			}
		}
		d.table = make([]Flag, 0, len(order))
		for _, entry := range order {
			d.table = append(d.table, Flag{uint32(mustLookup(e, entry)), d.spell.of(entry)})
		}
	})
	return d.table
}

// describedEnum is the enum definition name of description family as a
// map from value to name spelt by spell, built on first use (get).
type describedEnum[K uint8 | uint32] struct {
	family, name string
	spell        spelling

	once  once
	names map[K]string
}

func (d *describedEnum[K]) get() map[K]string {
	d.once.do(func() {
		d.names = map[K]string{}
		for _, en := range builtin.MustEnum(d.family, d.name).Entries {
			if n := d.spell.of(en.Name); n != "" {
				d.names[K(en.Value)] = n
			}
		}
	})
	return d.names
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
