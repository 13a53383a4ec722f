package testrun

import (
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlfake"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// The main thread never leaves the host namespace.
func init() { runtime.LockOSThread() }

// onKernelOrFake returns opts for running the harness's own testdata
// files: each in a fresh namespace as root (the proof, required under
// NLSH_REQUIRE_NETNS=1); without root, each on a fresh fake kernel
// answering as a fresh namespace would (nlsock/nlfake) instead of
// skipping, since these tests check the harness, not netlink.
func onKernelOrFake(t *testing.T, opts Options) Options {
	t.Helper()
	if nlfake.InsteadOfRoot() {
		opts.NewKernel = func() (Kernel, error) {
			k := nlfake.NewFresh(t)
			return Kernel{Open: k.OpenIn, Close: k.Close}, nil
		}
		return opts
	}
	requireNamespaces(t)
	return opts
}

// requireNamespaces skips t unless files can get their namespaces (root):
// for files that make namespaces of their own (netns.new).
func requireNamespaces(t *testing.T) {
	t.Helper()
	nlsocktest.NewNamespace(t) // skips without root, fails under NLSH_REQUIRE_NETNS=1
}

// runFile runs one testdata file with opts on the kernel or the fake
// (onKernelOrFake) and returns its cases by name.
func runFile(t *testing.T, name string, opts Options) map[string]CaseResult {
	t.Helper()
	m, _ := NewMatcher("")
	fr := RunFile("testdata/"+name, onKernelOrFake(t, opts), m)
	cases := map[string]CaseResult{}
	for _, c := range fr.Cases {
		cases[c.Name] = c
	}
	return cases
}
