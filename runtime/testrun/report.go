//go:build linux

package testrun

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteCase writes one line for r ("ok   path: name (12ms)"), then for a
// failure its details, indented.
func WriteCase(w io.Writer, r CaseResult) {
	line := fmt.Sprintf("%-4s %s: %s (%s)", r.Status, r.File, r.Name, Round(r.Elapsed))
	if r.Status == Skip && r.Reason != "" {
		line += ": " + r.Reason
	}
	fmt.Fprintln(w, line)
	if r.Status == Fail {
		for _, l := range strings.Split(strings.TrimRight(r.Detail(), "\n"), "\n") {
			fmt.Fprintln(w, "    "+l)
		}
	}
}

// WriteSummary writes the last line: "N passed, N failed, N skipped".
func WriteSummary(w io.Writer, results []FileResult) {
	p, f, s := Counts(results)
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", p, f, s)
}

// Round shortens d for reports: milliseconds below a second, then
// hundredths.
func Round(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Millisecond)
}
