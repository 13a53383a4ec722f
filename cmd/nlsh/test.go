//go:build linux

package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/runtime/testrun"
)

const testUsage = `usage: nlsh test [options] [PATH...]
Runs Lua regression scripts (default tests/lua; a directory means every .lua
file under it), each file in a fresh network namespace with a fresh state.
Prints a line per test(...) case, then "N passed, N failed, N skipped";
exits 1 if any failed. Needs root for the namespaces.
Options:
  -run PATTERN      only files/cases matching PATTERN (as go test -run:
                    FILE_REGEXP/CASE_REGEXP)
  --timeout D       per-file timeout (default 30s; 3s, 1m, ...)
  --junit FILE      also write JUnit XML to FILE
  -j N              files run at once (default twice the CPUs)
  -v                show what passing cases printed
  --strict          fail a file that leaves netlink sockets or namespaces
                    open (by default they are closed with a warning)
`

// testArgs is the parsed command line of nlsh test.
type testArgs struct {
	paths    []string
	junit    string
	run      string
	timeout  time.Duration
	parallel int
	verbose  bool
	strict   bool
	globals  // given before "test": --specs DIR, --capture FILE
}

// parseTestArgs accepts options before, between and after the paths.
func parseTestArgs(args []string) (*testArgs, error) {
	ta := &testArgs{}
	fs := flag.NewFlagSet("nlsh test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&ta.junit, "junit", "", "")
	fs.StringVar(&ta.run, "run", "", "")
	fs.DurationVar(&ta.timeout, "timeout", testrun.DefaultTimeout, "")
	fs.IntVar(&ta.parallel, "j", 0, "")
	fs.BoolVar(&ta.verbose, "v", false, "")
	fs.BoolVar(&ta.strict, "strict", false, "")
	var err error
	if ta.paths, err = parseInterspersed(fs, args); err != nil {
		return nil, err
	}
	if ta.timeout <= 0 {
		return nil, fmt.Errorf("--timeout must be positive, got %v", ta.timeout)
	}
	if ta.parallel < 0 {
		return nil, fmt.Errorf("-j must be at least 1, got %d", ta.parallel)
	}
	if len(ta.paths) == 0 {
		ta.paths = []string{"tests/lua"}
	}
	return ta, nil
}

// runTest is `nlsh test`.
func runTest(g globals, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	ta, err := parseTestArgs(args)
	if err == flag.ErrHelp {
		fmt.Fprint(stdout, testUsage)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "nlsh test: %v\nusage: nlsh test [-run PATTERN] [--timeout D] [--junit FILE] [-j N] [-v] [--strict] [PATH...]\n", err)
		return exitUsage
	}
	ta.globals = g
	m, err := testrun.NewMatcher(ta.run)
	if err != nil {
		fmt.Fprintf(stderr, "nlsh test: %v\n", err)
		return exitUsage
	}
	files, err := testrun.Collect(ta.paths)
	if err != nil {
		fmt.Fprintf(stderr, "nlsh test: %v\n", err)
		return exitUsage
	}
	var junit *os.File
	if ta.junit != "" { // before the run: an unwritable path is a usage mistake
		if junit, err = os.Create(ta.junit); err != nil {
			fmt.Fprintf(stderr, "nlsh test: --junit: %v\n", err)
			return exitUsage
		}
		defer junit.Close()
	}
	capture, closeCapture, err := openCapture(ta.capture)
	if err != nil {
		fmt.Fprintf(stderr, "nlsh test: --capture: %v\n", err)
		return exitError
	}
	defer closeCapture()
	if err := testrun.WarmUp(); err != nil {
		fmt.Fprintf(stderr, "nlsh test: each file runs in a fresh network namespace, which needs root: %v\n", err)
		return exitError
	}
	return ta.runFiles(files, m, junit, capture, stdout, stderr)
}

func (ta *testArgs) runFiles(files []string, m *testrun.Matcher, junit *os.File, capture nlsock.CaptureWriter, stdout, stderr io.Writer) int {
	opts := testrun.Options{Timeout: ta.timeout, Parallel: ta.parallel, Strict: ta.strict, Debug: os.Getenv("NLSH_DEBUG") != "",
		SpecDirs: ta.specs, Capture: capture}
	fdsBefore := testrun.FDCount()
	start := time.Now()
	results := testrun.RunFiles(files, opts, m, func(fr testrun.FileResult) {
		for _, c := range fr.Cases {
			testrun.WriteCase(stdout, c)
			if ta.verbose && c.Status != testrun.Fail && c.Output != "" {
				fmt.Fprintf(stdout, "    output:\n%s", indent(c.Output))
			}
		}
		for _, w := range fr.Warnings {
			fmt.Fprintln(stdout, "warning: "+w)
		}
	})
	elapsed := time.Since(start)
	if pr := processCheck(fdsBefore); pr != nil {
		testrun.WriteCase(stdout, pr.Cases[0])
		results = append(results, *pr)
	}
	parallel := opts.Parallel
	if parallel == 0 {
		parallel = testrun.DefaultParallel()
	}
	fmt.Fprintf(stdout, "%d files in %v (%d at a time)\n", len(results), testrun.Round(elapsed), parallel)
	testrun.WriteSummary(stdout, results)
	code := exitOK
	if _, failed, _ := testrun.Counts(results); failed > 0 {
		code = exitError
	}
	if junit != nil {
		if err := writeJUnit(junit, results, elapsed); err != nil {
			fmt.Fprintf(stderr, "nlsh test: --junit %s: %v\n", junit.Name(), err)
			code = exitError
		}
	}
	return code
}

// processCheck fails the run when descriptors or threads leaked across all
// files (files run in parallel, so this is checked once, at the end).
func processCheck(fdsBefore int) *testrun.FileResult {
	var problems []string
	deadline := time.Now().Add(time.Second)
	for testrun.FDCount() != fdsBefore && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := testrun.FDCount(); after != fdsBefore {
		problems = append(problems, fmt.Sprintf("leak: %d file descriptors open before the files ran, %d after", fdsBefore, after))
	}
	if tids := testrun.ForeignThreads(); len(tids) > 0 {
		problems = append(problems, fmt.Sprintf("leak: threads %s are outside the host network namespace", strings.Join(tids, ", ")))
	}
	if len(problems) == 0 {
		return nil
	}
	c := testrun.CaseResult{File: "(process)", Name: testrun.FileCase, Status: testrun.Fail, Failures: problems}
	return &testrun.FileResult{Path: "(process)", Cases: []testrun.CaseResult{c}}
}

func writeJUnit(f *os.File, results []testrun.FileResult, elapsed time.Duration) error {
	if err := testrun.WriteJUnit(f, results, elapsed); err != nil {
		return err
	}
	return f.Close()
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("      " + l + "\n")
	}
	return b.String()
}
