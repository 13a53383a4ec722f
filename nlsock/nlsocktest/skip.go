//go:build linux

package nlsocktest

import (
	"fmt"
	"os/exec"
	"regexp"
	"testing"
)

// AllowedSkips is the only list of tests that may skip under
// NLSH_REQUIRE_NETNS=1 (CI): each entry is a regexp for the full test name
// (as go test -json reports it) and why skipping it there is acceptable.
// Any other skip under CI is a failure, both here (Skip fails the test) and
// in scripts/testreport (which reads go test -json and also sees skips that
// bypass Skip). Keep it short: every entry is a check CI does not make.
var AllowedSkips = []struct{ Test, Why string }{
	{`^TestSuiteTiming$`, "opt-in (NLSH_TIMING=1): runs the whole Lua suite twice to time it; not a check"},
	{`^TestWrite\w*FuzzCorpus$`, "opt-in (NLSH_WRITE_CORPUS=1): rewrites the committed fuzz corpus from the kernel"},
	{`^TestLua/harness\.lua/skip`, "the harness's own demonstration that skip() ends a case as skipped"},
	{`^TestRun/topskip\.lua$`, "luatest's own check that a file whose top level calls skip() is skipped"},
	{`^TestDecodeAllocations$`, "counts allocations, which -race makes random (sync.Pool drops values); .ci/run runs it again without -race"},
}

var allowedSkips = func() []*regexp.Regexp {
	res := make([]*regexp.Regexp, len(AllowedSkips))
	for i, a := range AllowedSkips {
		res[i] = regexp.MustCompile(a.Test)
	}
	return res
}()

// SkipAllowed reports whether the test named name may skip under CI, and
// the allow-list's reason.
func SkipAllowed(name string) (why string, ok bool) {
	for i, re := range allowedSkips {
		if re.MatchString(name) {
			return AllowedSkips[i].Why, true
		}
	}
	return "", false
}

// Skip skips tb. Under NLSH_REQUIRE_NETNS=1 it fails tb instead, unless the
// test is on AllowedSkips: in CI a missing tool or privilege must not turn
// a cross-check into a silent pass.
func Skip(tb testing.TB, reason string) {
	tb.Helper()
	if Required() {
		if _, ok := SkipAllowed(tb.Name()); !ok {
			tb.Fatalf("%s (%s=1: a skip is a failure unless %s is on nlsocktest.AllowedSkips)", reason, RequireEnv, tb.Name())
		}
	}
	tb.Skip(reason)
}

// Skipf is Skip with a format.
func Skipf(tb testing.TB, format string, args ...any) {
	tb.Helper()
	Skip(tb, fmt.Sprintf(format, args...))
}

// SkipShort skips tb under go test -short, which CI never passes.
func SkipShort(tb testing.TB, what string) {
	tb.Helper()
	if testing.Short() {
		tb.Skip(what + "; skipped with -short")
	}
}

// LookPath returns the path of an external tool the test checks against,
// and skips tb (gated as Skip) when it is missing. pkg names the Debian
// package that provides it.
func LookPath(tb testing.TB, tool, pkg string) string {
	tb.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		Skipf(tb, "%s not installed (apt-get install %s)", tool, pkg)
	}
	return path
}
