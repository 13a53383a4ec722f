//go:build linux

package ynl

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/sys/unix"
)

// EnvSpecs is the environment variable with extra spec directories,
// separated by ':' like PATH.
const EnvSpecs = "NLSH_SPECS"

// SystemDirs are where the kernel's `make -C tools/net/ynl install` puts
// the specs (prefix /usr or /usr/local). nlsh ships no kernel spec files;
// these are searched after the directories the user names, and nlsh's own
// descriptions (package builtin, whose LoadFamily wraps this one) only
// after all of them.
func SystemDirs() []string { return []string{"/usr/share/ynl/specs", "/usr/local/share/ynl/specs"} }

// SearchPath is the spec directories in the order Find tries them: extra
// (e.g. nlsh --specs), then $NLSH_SPECS, then SystemDirs.
func SearchPath(extra ...string) []string {
	dirs := append([]string(nil), extra...)
	for _, d := range strings.Split(os.Getenv(EnvSpecs), ":") {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	return append(dirs, SystemDirs()...)
}

// Find locates the spec of family name in dirs: NAME.yaml, also with '-'
// and '_' swapped (the kernel renamed rt_link.yaml to rt-link.yaml). A
// name containing '/' or ending in .yaml is taken as a path. The error
// says where it looked (and which of those directories do not exist) and
// matches unix.ENOENT and fs.ErrNotExist.
func Find(name string, dirs []string) (string, error) {
	if name == "" {
		return "", errors.New("ynl: empty family name")
	}
	if strings.ContainsRune(name, '/') || strings.HasSuffix(name, ".yaml") {
		if _, err := os.Stat(name); err != nil {
			return "", fmt.Errorf("ynl spec %s: %w", name, err)
		}
		return name, nil
	}
	variants := []string{name, strings.ReplaceAll(name, "_", "-"), strings.ReplaceAll(name, "-", "_")}
	for _, d := range dirs {
		for _, v := range variants {
			p := filepath.Join(d, v+".yaml")
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
	}
	if len(dirs) == 0 {
		return "", fmt.Errorf("ynl: no spec for family %q: no spec directories (set %s or use --specs DIR): %w", name, EnvSpecs, unix.ENOENT)
	}
	var missing []string
	for _, d := range dirs {
		if _, err := os.Stat(d); err != nil {
			missing = append(missing, d)
		}
	}
	hint := ""
	if len(missing) == len(dirs) {
		hint = "; none of these directories exists"
	} else if len(missing) > 0 {
		hint = "; missing: " + strings.Join(missing, ", ")
	}
	return "", fmt.Errorf("ynl: no spec for family %q in %s%s (set %s or use --specs DIR): %w",
		name, strings.Join(dirs, ":"), hint, EnvSpecs, unix.ENOENT)
}

// LoadFamily finds and loads the spec of family name (see Find).
func LoadFamily(name string, dirs []string) (*Spec, error) {
	p, err := Find(name, dirs)
	if err != nil {
		return nil, err
	}
	return Load(p)
}

// Available lists the family names of the *.yaml files in dirs (by file
// name, first directory wins), sorted.
func Available(dirs []string) []string {
	seen := map[string]bool{}
	var names []string
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range ents {
			n, ok := strings.CutSuffix(e.Name(), ".yaml")
			if ok && !e.IsDir() && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	return names
}
