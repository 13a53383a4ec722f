//go:build linux

package testrun

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// JUnit XML, as CI systems (Jenkins, GitLab, GitHub actions) read it: one
// testsuite per file, one testcase per test(...) case.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes results as JUnit XML; elapsed is the whole run's wall
// time.
func WriteJUnit(w io.Writer, results []FileResult, elapsed time.Duration) error {
	doc := junitSuites{Time: seconds(elapsed)}
	for _, fr := range results {
		s := junitSuite{Name: fr.Path, Time: seconds(fr.Elapsed)}
		for _, c := range fr.Cases {
			s.Cases = append(s.Cases, junitCaseOf(c))
			s.Tests++
			switch c.Status {
			case Fail:
				s.Failures++
			case Skip:
				s.Skipped++
			}
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit xml: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitCaseOf(c CaseResult) junitCase {
	jc := junitCase{Name: c.Name, Classname: c.File, Time: seconds(c.Elapsed), SystemOut: xmlSafe(c.Output)}
	switch c.Status {
	case Fail:
		first := strings.SplitN(strings.Join(c.Failures, "\n"), "\n", 2)[0]
		jc.Failure = &junitMessage{Message: xmlSafe(first), Text: xmlSafe(strings.Join(c.Failures, "\n"))}
	case Skip:
		jc.Skipped = &junitMessage{Message: xmlSafe(c.Reason)}
	}
	return jc
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// xmlSafe drops what XML 1.0 cannot carry at all (most control bytes,
// invalid UTF-8), which encoding/xml would otherwise write as U+FFFD or
// escape illegally.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xFFFD || r == 0xFFFE || r == 0xFFFF:
			return '?'
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
}
