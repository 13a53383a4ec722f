//go:build linux

package ynltest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// EnvKernelYNL names the directory holding the kernel tree's YNL files.
const EnvKernelYNL = "NLSH_KERNEL_YNL"

// KernelDir returns the directory of the kernel tree's YNL files: DIR in
// DIR/Documentation/netlink/specs and DIR/tools/net/ynl/cli.py.
func KernelDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv(EnvKernelYNL)
	if dir == "" {
		dir = runKernelScript(tb)
	}
	if _, err := os.Stat(filepath.Join(dir, "Documentation", "netlink", "specs")); err != nil {
		unavailable(tb, "kernel YNL specs not found in "+dir+": "+err.Error())
	}
	return dir
}

// runKernelScript runs scripts/kernel-ynl.sh of the repository the test
// runs in and returns the directory it prints.
func runKernelScript(tb testing.TB) string {
	tb.Helper()
	script, err := findUp("scripts/kernel-ynl.sh")
	if err != nil {
		unavailable(tb, "kernel YNL specs: $"+EnvKernelYNL+" is not set and "+err.Error())
	}
	out, err := exec.Command("bash", script).Output()
	if err != nil {
		unavailable(tb, "kernel YNL specs: "+script+": "+err.Error())
	}
	return strings.TrimSpace(string(out))
}

// findUp finds rel in the working directory or one of its parents.
func findUp(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// unavailable skips tb, or fails it when kernel tests are required.
func unavailable(tb testing.TB, reason string) {
	tb.Helper()
	if nlsocktest.Required() {
		tb.Fatalf("%s (and %s=1 requires kernel tests)", reason, nlsocktest.RequireEnv)
	}
	tb.Skip(reason)
}

// SpecDir is the kernel tree's spec directory.
func SpecDir(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(KernelDir(tb), "Documentation", "netlink", "specs")
}

// SpecFiles lists every spec file of the kernel tree, sorted.
func SpecFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(SpecDir(tb), "*.yaml"))
	if err != nil || len(files) == 0 {
		unavailable(tb, "no spec files in "+SpecDir(tb))
	}
	return files
}

// SpecPath is the kernel tree's spec file of family (rt-link finds
// rt_link.yaml: Linux 6.12 names them with underscores).
func SpecPath(tb testing.TB, family string) string {
	tb.Helper()
	dir := SpecDir(tb)
	for _, n := range []string{family, strings.ReplaceAll(family, "-", "_"), strings.ReplaceAll(family, "_", "-")} {
		p := filepath.Join(dir, n+".yaml")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	tb.Fatalf("the kernel tree has no spec for %s in %s", family, dir)
	return ""
}
