//go:build linux

package testrun

import (
	"strings"
	"time"
)

// Status is how a case ended.
type Status int

// Case outcomes.
const (
	Pass Status = iota
	Fail
	Skip
)

func (s Status) String() string {
	switch s {
	case Fail:
		return "FAIL"
	case Skip:
		return "skip"
	}
	return "ok"
}

// TopLevel names the pseudo-case that stands for a file's top level when it
// fails, skips, or declares no cases, and FileCase the one that carries
// file-level problems (timeouts, leaks) found after the cases ran.
const (
	TopLevel = "(top level)"
	FileCase = "(file)"
)

// CaseResult is one case's outcome.
type CaseResult struct {
	File     string // the path as given
	Name     string
	Status   Status
	Elapsed  time.Duration
	Failures []string // each "file:line: what went wrong" (Fail)
	Reason   string   // why it was skipped (Skip)
	Output   string   // what the case printed
}

// Detail is the failure text: every failure, then the case's output.
func (r CaseResult) Detail() string {
	var b strings.Builder
	for _, f := range r.Failures {
		b.WriteString(f)
		b.WriteString("\n")
	}
	if r.Output != "" {
		b.WriteString("output:\n")
		b.WriteString(r.Output)
		if !strings.HasSuffix(r.Output, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// FileResult is every case of one file, in order, including the pseudo-cases
// TopLevel and FileCase when they apply.
type FileResult struct {
	Path    string
	Cases   []CaseResult
	Elapsed time.Duration
	// Warnings name what the file left open and the harness closed (see
	// Options.Strict).
	Warnings []string
}

// Counts tallies the cases of results.
func Counts(results []FileResult) (passed, failed, skipped int) {
	for _, fr := range results {
		for _, c := range fr.Cases {
			switch c.Status {
			case Pass:
				passed++
			case Fail:
				failed++
			case Skip:
				skipped++
			}
		}
	}
	return passed, failed, skipped
}
