//go:build linux

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// event is one line of go test -json (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// result is what one test (or subtest) came to.
type result struct {
	pkg, name string
	output    strings.Builder
	action    string // pass, fail, skip; "" while running
}

// report gathers the run.
type report struct {
	order   []*result
	tests   map[string]*result
	failed  []string // packages whose build or run failed
	summary []string // the packages' own result lines
}

func main() {
	r, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(1)
	}
	if !r.print(os.Stdout) {
		os.Exit(1)
	}
}

func read(in io.Reader) (*report, error) {
	r := &report{tests: map[string]*result{}}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			// go test prints some build errors as plain text.
			r.summary = append(r.summary, string(line))
			continue
		}
		r.add(e)
	}
	return r, sc.Err()
}

func (r *report) add(e event) {
	if e.Test == "" {
		switch e.Action {
		case "output", "build-output":
			if s := strings.TrimRight(e.Output, "\n"); isSummary(s) || e.Action == "build-output" {
				r.summary = append(r.summary, s)
			}
		case "fail", "build-fail":
			r.failed = append(r.failed, e.Package)
		}
		return
	}
	key := e.Package + " " + e.Test
	t := r.tests[key]
	if t == nil {
		t = &result{pkg: e.Package, name: e.Test}
		r.tests[key] = t
		r.order = append(r.order, t)
	}
	switch e.Action {
	case "output":
		t.output.WriteString(e.Output)
	case "pass", "fail", "skip":
		t.action = e.Action
	}
}

// isSummary tells a package's result line ("ok", "FAIL", "?") from test
// output.
func isSummary(s string) bool {
	for _, p := range []string{"ok  \t", "FAIL\t", "?   \t", "FAIL ", "panic:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// print writes the report and says whether the run is green.
func (r *report) print(w io.Writer) bool {
	for _, s := range r.summary {
		fmt.Fprintln(w, s)
	}
	var passed, failed, skipped, unlisted int
	for _, t := range r.order {
		switch t.action {
		case "pass":
			passed++
		case "fail":
			failed++
			fmt.Fprintf(w, "\n--- FAIL: %s %s\n%s", t.pkg, t.name, t.output.String())
		case "":
			// Still running when the package ended: a crash or a timeout,
			// which the package's own failure reports.
			failed++
			fmt.Fprintf(w, "\n--- DID NOT FINISH: %s %s\n%s", t.pkg, t.name, t.output.String())
		}
	}
	fmt.Fprintln(w)
	for _, t := range r.order {
		if t.action != "skip" {
			continue
		}
		skipped++
		verdict := "NOT ALLOWED: add it to nlsocktest.AllowedSkips with a reason, or make it run"
		if why, ok := nlsocktest.SkipAllowed(t.name); ok {
			verdict = "allowed: " + why
		} else {
			unlisted++
		}
		fmt.Fprintf(w, "SKIP %s %s: %s [%s]\n", t.pkg, t.name, skipReason(t.output.String()), verdict)
	}
	fmt.Fprintf(w, "skips: %d (%d not on the allow-list)\n", skipped, unlisted)
	for _, p := range r.failed {
		fmt.Fprintf(w, "package failed: %s\n", p)
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	return failed == 0 && unlisted == 0 && len(r.failed) == 0 && passed > 0
}

// skipReason is a skipped test's own output without the lines testing
// adds around it.
func skipReason(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, " | ")
}
