package builtin

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestLoadFamilyFallsBackAfterDirs: a family no directory has comes from
// the built-in description, by either spelling; a kernel spec found in a
// directory wins over it.
func TestLoadFamilyFallsBackAfterDirs(t *testing.T) {
	empty := []string{t.TempDir()}
	for _, name := range []string{"rt-link", "rt_link"} {
		s, err := LoadFamily(name, empty)
		if err != nil {
			t.Fatalf("LoadFamily(%s) with no spec files: %v", name, err)
		}
		if s.Name != "rt-link" || s.Path != "builtin:rt-link" {
			t.Errorf("LoadFamily(%s) = %s from %q, want rt-link from builtin:rt-link", name, s.Name, s.Path)
		}
	}
	if p, err := Find("rt_route", empty); err != nil || p != "builtin:rt-route" {
		t.Errorf("Find(rt_route) = %q, %v; want builtin:rt-route", p, err)
	}
	kernel := []string{nlsocktest.KernelSpecs(t)}
	s, err := LoadFamily("rt-link", kernel)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(s.Path) != "rt_link.yaml" {
		t.Errorf("with the kernel's specs, rt-link is read from %q, want its rt_link.yaml", s.Path)
	}
	names := Available(kernel)
	if !slices.Contains(names, "rt_link") || slices.Contains(names, "rt-link") || !slices.Contains(names, "rt-neigh") {
		t.Errorf("Available(kernel dir) = %v, want rt_link once (the kernel's) and the built-in rt-neigh", names)
	}
}

// TestLoadFamilyKeepsOtherErrors: a broken spec file is reported, not
// hidden by the built-in description; an unknown family is still "not
// found" with the directories searched; a path never falls back.
func TestLoadFamilyKeepsOtherErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "rt-link.yaml"), []byte("name: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := LoadFamily("rt-link", []string{dir}); err == nil {
		t.Errorf("a broken rt-link.yaml in %s loaded as %s from %s, want its error", dir, s.Name, s.Path)
	}
	_, err := LoadFamily("nosuch", []string{dir})
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), dir) {
		t.Errorf("LoadFamily(nosuch) = %v, want not-found naming %s", err, dir)
	}
	if _, err := LoadFamily(filepath.Join(dir, "rt-neigh.yaml"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing path loaded: %v", err)
	}
}
