//go:build linux

package nlsocktest

import (
	"os"
	"os/exec"
	"regexp"
	"testing"
)

// freshEnv names, in the process FreshProcess starts, the test it runs.
const freshEnv = "NLSH_TEST_FRESH_PROCESS"

// FreshProcess is for a test of what a process has not done yet (what
// package init leaves to first use), which another test of the same
// binary may already have done. Called by the test, as go test runs it,
// it runs that test alone in a new process of the test binary, fails t
// if it fails there, and returns false: the caller returns. Called in
// that new process, it returns true: the caller checks. Top-level tests
// only (t.Name() is the -test.run pattern).
func FreshProcess(t *testing.T) bool {
	t.Helper()
	if os.Getenv(freshEnv) == t.Name() {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+regexp.QuoteMeta(t.Name())+"$", "-test.v")
	cmd.Env = append(os.Environ(), freshEnv+"="+t.Name())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fresh process: %v\n%s", err, out)
	}
	return false
}
