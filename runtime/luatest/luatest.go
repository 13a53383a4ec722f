//go:build linux

package luatest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/runtime/testrun"
	lua "github.com/yuin/gopher-lua"
)

// RequireEnv is the variable that turns a skip for lack of privileges into
// a failure.
const RequireEnv = "NLSH_REQUIRE_NETNS"

// Options configure Run. The zero value is usable.
type Options struct {
	// Timeout bounds each file; zero means 30s.
	Timeout time.Duration
	// Serial runs the files one after another instead of in parallel.
	Serial bool
	// Setup, if set, runs on every fresh state after the standard modules
	// are open, to add a project's own globals.
	Setup func(L *lua.LState)
	// Strict fails a file that leaves netlink sockets or namespaces open;
	// without it they are closed and logged as a warning.
	Strict bool
	// Skip, if set, is called instead of t.Skip when a file or a case
	// calls skip(reason): a suite can fail the skips it does not expect
	// (nlsh's own suite passes nlsocktest.Skip, its CI skip gate).
	Skip func(t testing.TB, reason string)
	// NewKernel, if set, gives each file a kernel of its own instead of a
	// fresh namespace (testrun.Options.NewKernel): luatest's own tests run
	// on a fake one without root. A suite that checks netlink never sets
	// it.
	NewKernel func() (testrun.Kernel, error)
}

// Run runs every .lua file under dirOrFiles (a directory, a file, or a
// []string of them) as a subtest of t named after the file's path relative
// to its directory.
func Run(t *testing.T, dirOrFiles any, opts Options) {
	t.Helper()
	files, names, err := collect(dirOrFiles)
	if err != nil {
		t.Fatal(err)
	}
	ropts := opts.testrun()
	if !canRun(t, ropts) {
		return
	}
	before := testrun.FDCount()
	t.Cleanup(func() { checkProcess(t, before) })
	for i, path := range files {
		t.Run(names[i], func(t *testing.T) {
			if !opts.Serial {
				t.Parallel()
			}
			runFile(t, path, ropts, opts.skipper())
		})
	}
}

// testrun are the testrun.Options of o.
func (o Options) testrun() testrun.Options {
	return testrun.Options{Timeout: o.Timeout, Setup: o.Setup, Strict: o.Strict, NewKernel: o.NewKernel}
}

// collect turns Run's argument into file paths and subtest names.
func collect(dirOrFiles any) (files, names []string, err error) {
	var roots []string
	switch v := dirOrFiles.(type) {
	case string:
		roots = []string{v}
	case []string:
		roots = v
	default:
		return nil, nil, fmt.Errorf("luatest.Run: want a path or []string of paths, got %T", dirOrFiles)
	}
	for _, root := range roots {
		found, err := testrun.Collect([]string{root})
		if err != nil {
			return nil, nil, err
		}
		for _, f := range found {
			name, err := filepath.Rel(root, f)
			if err != nil || name == "." {
				name = filepath.Base(f)
			}
			files, names = append(files, f), append(names, name)
		}
	}
	return files, names, nil
}

// canRun warms the process up for the files (testrun.Options.WarmUp) and
// skips t (or fails it under NLSH_REQUIRE_NETNS=1) when this process
// cannot make network namespaces; with a NewKernel it fails t if that
// kernel does not serve.
func canRun(t *testing.T, opts testrun.Options) bool {
	t.Helper()
	err := opts.WarmUp()
	if err == nil {
		return true
	}
	if opts.NewKernel != nil {
		t.Fatalf("the files' kernel: %v", err)
	}
	reason := fmt.Sprintf("Lua tests need a fresh network namespace per file (root): %v", err)
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s (and %s=1 requires them)", reason, RequireEnv)
	}
	t.Skip(reason)
	return false
}

// skipper returns Options.Skip, or testing's own skip.
func (o Options) skipper() func(testing.TB, string) {
	if o.Skip != nil {
		return o.Skip
	}
	return func(t testing.TB, reason string) { t.Skip(reason) }
}

// runFile runs one file's top level, then each case as a nested subtest.
func runFile(t *testing.T, path string, opts testrun.Options, skip func(testing.TB, string)) {
	f, err := testrun.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, p := range f.Close() {
			t.Errorf("%s: %s", path, p)
		}
		for _, w := range f.Warnings() {
			t.Logf("warning: %s", w)
		}
	}()
	top := f.Load()
	logOutput(t, top)
	switch top.Status {
	case testrun.Fail:
		t.Errorf("%s", strings.Join(top.Failures, "\n"))
		return
	case testrun.Skip:
		skip(t, top.Reason)
	}
	for i, name := range f.Cases() {
		t.Run(name, func(t *testing.T) { report(t, f.RunCase(i), skip) })
	}
}

func report(t *testing.T, r testrun.CaseResult, skip func(testing.TB, string)) {
	t.Helper()
	logOutput(t, r)
	switch r.Status {
	case testrun.Fail:
		t.Errorf("%s", strings.Join(r.Failures, "\n"))
	case testrun.Skip:
		skip(t, r.Reason)
	}
}

func logOutput(t *testing.T, r testrun.CaseResult) {
	t.Helper()
	if r.Output != "" {
		t.Logf("output:\n%s", r.Output)
	}
}

// checkProcess runs after every file: the process has the descriptors it
// had before and no thread outside the host namespace.
func checkProcess(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for testrun.FDCount() != before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // a closing socket's descriptor
	}
	if after := testrun.FDCount(); after != before {
		t.Errorf("file descriptors: %d before the Lua files, %d after", before, after)
	}
	if tids := testrun.ForeignThreads(); len(tids) > 0 {
		t.Errorf("threads %s are outside the host network namespace after the Lua files", strings.Join(tids, ", "))
	}
}
