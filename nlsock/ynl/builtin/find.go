//go:build linux

package builtin

import (
	"errors"
	"io/fs"
	"sort"
	"strings"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// PathPrefix marks the Path of a built-in description (Spec.Path,
// ynl.path): "builtin:rt-link" is not a file.
const PathPrefix = ynl.BuiltinPathPrefix

// LoadFamily is ynl.LoadFamily with nlsh's own descriptions after the
// spec directories: a kernel spec of the family found in dirs wins (it may
// be newer than nlsh), and a family no directory has is read from the
// built-in description of that name ("rt_link" and "rt-link" alike). Any
// other failure (a broken spec file, a path that does not exist) is
// returned as is, so a bad file is never hidden by the built-in one.
func LoadFamily(name string, dirs []string) (*ynl.Spec, error) {
	s, err := ynl.LoadFamily(name, dirs)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return s, err
	}
	if bs, ok := fallback(name); ok {
		return bs, nil
	}
	return nil, err
}

// Find is ynl.Find with the same fallback: the file of family name in
// dirs, else "builtin:NAME" when nlsh describes the family itself.
func Find(name string, dirs []string) (string, error) {
	p, err := ynl.Find(name, dirs)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return p, err
	}
	if n, ok := builtinName(name); ok {
		return PathPrefix + n, nil
	}
	return "", err
}

// Available is ynl.Available plus the built-in descriptions, sorted and
// without duplicates (a kernel file "rt_link.yaml" and the built-in
// rt-link are one family).
func Available(dirs []string) []string {
	names := ynl.Available(dirs)
	have := map[string]bool{}
	for _, n := range names {
		have[strings.ReplaceAll(n, "_", "-")] = true
	}
	for _, n := range Names() {
		if !have[n] {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// fallback is the built-in description of family name, if nlsh has one.
func fallback(name string) (*ynl.Spec, bool) {
	n, ok := builtinName(name)
	if !ok {
		return nil, false
	}
	s, err := Spec(n)
	return s, err == nil
}

// builtinName maps a family name to a built-in description's; paths
// (with '/' or ending in .yaml) never fall back.
func builtinName(name string) (string, bool) {
	if name == "" || strings.ContainsRune(name, '/') || strings.HasSuffix(name, ".yaml") {
		return "", false
	}
	n := strings.ReplaceAll(name, "_", "-")
	for _, b := range Names() {
		if b == n {
			return n, true
		}
	}
	return "", false
}
