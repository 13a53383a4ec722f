//go:build linux

package builtin

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

//go:generate go run ./gensets

//go:embed descriptions/*.yaml
var descriptions embed.FS

// compiled holds each description's attribute-sets in ynl's compiled form
// and the index of message types (gensets writes them from the YAML;
// TestCompiledSetsFresh and TestMessageIndexFresh check).
//
//go:embed compiled
var compiled embed.FS

// loaded caches each description's parse (its spec or its error) by name.
var loaded sync.Map // name -> func() (*ynl.Spec, error)

// Spec returns the built-in description of family name ("rt-netconf"),
// parsed once; later calls cost a map lookup (nft's decoders call it per
// expression). An unknown name is an error that lists the known ones.
func Spec(name string) (*ynl.Spec, error) {
	if load, ok := loaded.Load(name); ok {
		return load.(func() (*ynl.Spec, error))()
	}
	text, err := descriptions.ReadFile("descriptions/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no built-in description of %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	parse := func() (*ynl.Spec, error) {
		spec, err := ynl.Parse(text)
		if err != nil {
			return nil, fmt.Errorf("built-in description %s: %w", name, err)
		}
		spec.Path = PathPrefix + name
		return spec, nil
	}
	load, _ := loaded.LoadOrStore(name, sync.OnceValues(parse))
	return load.(func() (*ynl.Spec, error))()
}

// Parsed reports whether built-in description name has been asked for
// (and so parsed), for tests that keep a description off start-up.
func Parsed(name string) bool {
	_, ok := loaded.Load(name)
	return ok
}

// setsLoaded caches each description's compiled attribute-sets by name.
var setsLoaded sync.Map // name -> func() (*ynl.CompiledSets, error)

// Sets returns the attribute-sets of built-in description name, loaded
// once from their compiled form: in microseconds where Spec parses YAML
// in milliseconds, for the typed decoders' first use.
func Sets(name string) (*ynl.CompiledSets, error) {
	load, ok := setsLoaded.Load(name)
	if !ok {
		load, _ = setsLoaded.LoadOrStore(name, sync.OnceValues(func() (*ynl.CompiledSets, error) {
			text, err := compiled.ReadFile("compiled/" + name + ".sets")
			if err != nil {
				return nil, fmt.Errorf("no built-in description of %q (known: %s)", name, strings.Join(Names(), ", "))
			}
			return ynl.LoadSets(text)
		}))
	}
	return load.(func() (*ynl.CompiledSets, error))()
}

// MustSpec is Spec for nlsh's own callers, whose descriptions are tested
// to load (TestEveryDescriptionLoads): a failure is a bug in nlsh.
func MustSpec(name string) *ynl.Spec {
	s, err := Spec(name)
	if err != nil {
		panic(err)
	}
	return s
}

// Names lists the built-in descriptions, sorted.
func Names() []string {
	ents, _ := fs.ReadDir(descriptions, "descriptions")
	var names []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}
