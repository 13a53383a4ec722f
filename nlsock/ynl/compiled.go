//go:build linux

package ynl

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The compiled form of a spec's attribute-sets is a few lines of text per
// set that load in microseconds: parsing rt-link's YAML takes milliseconds
// (yaml.v3), too slow for the first rtnl.links of a script. It keeps what
// typed decoders (Table) read and request builders encode by: each
// attribute's number, name, type, display hint, struct size, nested set
// and byte order, and the spec's enums and flags, which rtnl names values
// by. nlsh's built-in descriptions ship it next to their YAML, generated
// by `go generate` and checked against the YAML by a test.
//
//	ynl-sets 2 FAMILY
//	set NAME PREFIX                 (PREFIX "=" and the name-prefix, "-" when none is declared)
//	VALUE NAME TYPE HINT STRUCT NESTED FLAGS
//	enum NAME KIND ENTRY=VALUE ...  (KIND "enum" or "flags"; a flag's VALUE is its mask)
//
// where HINT, NESTED and FLAGS are "-" when empty, STRUCT is NAME/SIZE or
// "-", and FLAGS holds b (big-endian) and m (multi-attr).
const compiledMagic = "ynl-sets 2"

// CompileSets writes the compiled form of s's attribute-sets, sorted by
// set name, each in spec order.
func (s *Spec) CompileSets() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s\n", compiledMagic, s.Name)
	names := make([]string, 0, len(s.Sets))
	for n := range s.Sets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		set := s.Sets[n]
		prefix := "-" // none declared
		if set.HasPrefix {
			prefix = "=" + set.Prefix
		}
		fmt.Fprintf(&b, "set %s %s\n", set.Name, prefix)
		for _, a := range set.Attrs {
			st := "-"
			if a.Struct != nil {
				st = a.Struct.Name + "/" + strconv.Itoa(a.Struct.Size)
			}
			nested, flags := "-", ""
			if a.Nested != nil {
				nested = a.Nested.Name
			}
			if a.BigEndian {
				flags += "b"
			}
			if a.MultiAttr {
				flags += "m"
			}
			fmt.Fprintf(&b, "%d %s %s %s %s %s %s\n", a.Value, a.Name, a.Type, dash(a.Hint), st, nested, dash(flags))
		}
	}
	names = names[:0]
	for n := range s.Enums {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		e := s.Enums[n]
		kind := "enum"
		if e.Flags {
			kind = "flags"
		}
		fmt.Fprintf(&b, "enum %s %s", e.Name, kind)
		for _, en := range e.Entries {
			fmt.Fprintf(&b, " %s=%d", en.Name, en.Value)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func undash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// CompiledSets is what LoadSets reads: a family's attribute-sets and enums
// without the rest of its spec (operations, struct members), so it serves
// typed tables, request builders and value names, not the generic decoder.
type CompiledSets struct {
	Family string
	Sets   map[string]*AttrSet
	Enums  map[string]*Enum
}

// Enum finds an enum or flags definition by name.
func (c *CompiledSets) Enum(name string) (*Enum, error) {
	if e, ok := c.Enums[name]; ok {
		return e, nil
	}
	return nil, fmt.Errorf("%s has no enum %q", c.Family, name)
}

// Set finds an attribute-set by name.
func (c *CompiledSets) Set(name string) (*AttrSet, error) {
	if s, ok := c.Sets[name]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("%s has no attribute-set %q", c.Family, name)
}

// LoadSets reads the compiled form CompileSets writes. It is on the path
// of a script's first rtnl call, so it allocates the attributes in one
// slice and splits lines without allocating.
func LoadSets(text []byte) (*CompiledSets, error) {
	rest := string(text)
	first, rest, _ := strings.Cut(rest, "\n")
	family, ok := strings.CutPrefix(first, compiledMagic+" ")
	if !ok {
		return nil, fmt.Errorf("compiled attribute-sets: line 1 is not %q", compiledMagic+" FAMILY")
	}
	c := &CompiledSets{Family: family, Sets: map[string]*AttrSet{}, Enums: map[string]*Enum{}}
	// one slot per remaining line: the attribute lines are fewer
	slab := make([]Attr, strings.Count(rest, "\n")+1)
	nested := make([]string, len(slab))
	var set *AttrSet
	n := 0
	for line := 2; rest != ""; line++ {
		var text string
		text, rest, _ = strings.Cut(rest, "\n")
		if def, ok := strings.CutPrefix(text, "enum "); ok {
			e, err := compiledEnum(def)
			if err != nil {
				return nil, fmt.Errorf("compiled attribute-sets of %s: line %d: %w", family, line, err)
			}
			c.Enums[e.Name] = e
			continue
		}
		var f [8]string
		k := fields(text, f[:])
		if k == 3 && f[0] == "set" {
			set = &AttrSet{Name: f[1], byName: map[string]*Attr{}, byType: map[uint16]*Attr{}}
			if p, ok := strings.CutPrefix(f[2], "="); ok {
				set.Prefix, set.HasPrefix = p, true
			}
			c.Sets[set.Name] = set
			continue
		}
		if k != 7 || set == nil || compiledAttr(&slab[n], f[:k]) != nil {
			return nil, fmt.Errorf("compiled attribute-sets of %s: line %d: not an attribute of a set", family, line)
		}
		a := &slab[n]
		nested[n] = undash(f[5])
		n++
		set.Attrs = append(set.Attrs, a)
		set.byName[a.Name] = a
		if _, dup := set.byType[a.Value]; !dup {
			set.byType[a.Value] = a
		}
	}
	for i, name := range nested[:n] {
		if name == "" {
			continue
		}
		if slab[i].Nested = c.Sets[name]; slab[i].Nested == nil {
			return nil, fmt.Errorf("compiled attribute-sets of %s: %s nests %q, which is not a set", family, slab[i].Name, name)
		}
	}
	return c, nil
}

// compiledEnum reads an enum line after "enum ": NAME KIND ENTRY=VALUE ...
func compiledEnum(def string) (*Enum, error) {
	f := strings.Fields(def)
	if len(f) < 2 || (f[1] != "enum" && f[1] != "flags") {
		return nil, fmt.Errorf("not an enum (NAME enum|flags ENTRY=VALUE ...)")
	}
	e := &Enum{Name: f[0], Flags: f[1] == "flags", Entries: make([]EnumEntry, len(f)-2)}
	for i, ent := range f[2:] {
		name, val, _ := strings.Cut(ent, "=")
		v, err := strconv.ParseUint(val, 10, 64)
		if err != nil || name == "" {
			return nil, fmt.Errorf("enum %s: entry %q is not NAME=VALUE", f[0], ent)
		}
		e.Entries[i] = EnumEntry{Name: name, Value: v}
	}
	return e, nil
}

// fields splits s at spaces into f, returning how many it found (at most
// len(f)).
func fields(s string, f []string) int {
	k := 0
	for s != "" && k < len(f) {
		var w string
		w, s, _ = strings.Cut(s, " ")
		if w != "" {
			f[k] = w
			k++
		}
	}
	return k
}

// compiledAttr reads one attribute line's fields (VALUE NAME TYPE HINT
// STRUCT NESTED FLAGS) into a; the caller resolves NESTED once every set
// is read.
func compiledAttr(a *Attr, f []string) error {
	v, err := strconv.ParseUint(f[0], 10, 16)
	if err != nil {
		return err
	}
	*a = Attr{Value: uint16(v), Name: f[1], Type: f[2], Hint: undash(f[3])}
	if st := undash(f[4]); st != "" {
		name, size, _ := strings.Cut(st, "/")
		n, err := strconv.Atoi(size)
		if err != nil {
			return err
		}
		a.Struct = &Struct{Name: name, Size: n}
	}
	flags := undash(f[6])
	a.BigEndian, a.MultiAttr = strings.Contains(flags, "b"), strings.Contains(flags, "m")
	return nil
}
