package testrun

import (
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// The main thread never leaves the host namespace.
func init() { runtime.LockOSThread() }

// requireNamespaces skips t unless files can get their namespaces (root).
func requireNamespaces(t *testing.T) {
	t.Helper()
	nlsocktest.NewNamespace(t) // skips without root, fails under NLSH_REQUIRE_NETNS=1
}

// runFile runs one testdata file with opts and returns its cases by name.
func runFile(t *testing.T, name string, opts Options) map[string]CaseResult {
	t.Helper()
	requireNamespaces(t)
	m, _ := NewMatcher("")
	fr := RunFile("testdata/"+name, opts, m)
	cases := map[string]CaseResult{}
	for _, c := range fr.Cases {
		cases[c.Name] = c
	}
	return cases
}
