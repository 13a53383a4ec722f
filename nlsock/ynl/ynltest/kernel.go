//go:build linux

package ynltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// SpecFiles lists every spec file of the kernel tree, sorted.
func SpecFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(nlsocktest.KernelSpecs(tb), "*.yaml"))
	if err != nil || len(files) == 0 {
		nlsocktest.Skipf(tb, "no spec files in %s", nlsocktest.KernelSpecs(tb))
	}
	return files
}

// SpecPath is the kernel tree's spec file of family (rt-link finds
// rt_link.yaml: Linux 6.12 names them with underscores).
func SpecPath(tb testing.TB, family string) string {
	tb.Helper()
	dir := nlsocktest.KernelSpecs(tb)
	for _, n := range []string{family, strings.ReplaceAll(family, "-", "_"), strings.ReplaceAll(family, "_", "-")} {
		p := filepath.Join(dir, n+".yaml")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	tb.Fatalf("the kernel tree has no spec for %s in %s", family, dir)
	return ""
}
