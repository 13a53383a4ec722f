//go:build linux

package nlsocktest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// KernelYNLEnv names the directory holding the kernel's YNL specs and CLI
// (CI sets it from scripts/kernel-ynl.sh).
const KernelYNLEnv = "NLSH_KERNEL_YNL"

var kernelYNL = sync.OnceValues(func() (string, error) {
	if dir := os.Getenv(KernelYNLEnv); dir != "" {
		return dir, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	out, err := exec.Command("bash", filepath.Join(root, "scripts", "kernel-ynl.sh")).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
			err = fmt.Errorf("scripts/kernel-ynl.sh: %s", strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
})

// KernelYNL returns the directory of the kernel's YNL specs and CLI: the
// NLSH_KERNEL_YNL environment variable, or what scripts/kernel-ynl.sh
// prints. It skips tb (gated as Skip) when neither gives one.
func KernelYNL(tb testing.TB) string {
	tb.Helper()
	dir, err := kernelYNL()
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "Documentation", "netlink", "specs", "netdev.yaml"))
	}
	if err != nil {
		Skipf(tb, "the kernel's YNL specs (scripts/kernel-ynl.sh, or %s): %v", KernelYNLEnv, err)
	}
	return dir
}

// KernelSpecs returns the directory of the kernel's YNL spec files.
func KernelSpecs(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(KernelYNL(tb), "Documentation", "netlink", "specs")
}

// KernelSpecsOrEmpty is KernelSpecs for fuzz seeds and other callers that
// work without the specs: the directory, or "" without skipping.
func KernelSpecsOrEmpty() string {
	dir, err := kernelYNL()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "Documentation", "netlink", "specs")
}

// repoRoot is the nearest directory above the working directory with a
// go.mod (go test runs in the package's directory).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
