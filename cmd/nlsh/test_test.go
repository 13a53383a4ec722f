package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// runNlshTest runs `nlsh test args...` through run(), checks it exits
// with want and returns its standard output and standard error.
func runNlshTest(t *testing.T, want int, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(append([]string{"test"}, args...), nil, &out, &errOut); code != want {
		t.Errorf("nlsh test %q: exit status %d, want %d; stderr: %s\nstdout: %s", args, code, want, &errOut, &out)
	}
	return out.String(), errOut.String()
}

// TestNlshTestFailing runs the deliberately failing script: exit 1, the
// failure names file:line and shows both values, the last line counts.
func TestNlshTestFailing(t *testing.T) {
	nlsocktest.NewNamespace(t)
	out, _ := runNlshTest(t, 1, "testdata/test/failing.lua")
	nlsocktest.ContainsAll(t, "output", out,
		"FAIL testdata/test/failing.lua: lo is up (",
		"    testdata/test/failing.lua:7: not equal: lo's mtu\n        got:  65536\n        want: 1500\n",
		"FAIL testdata/test/failing.lua: links (",
		`testdata/test/failing.lua:15: not equal`,
		`got:  {"lo"}`,
		`want: {"lo", "eth0"}`,
		`- [2] = "eth0"`,
		"ok   testdata/test/failing.lua: passes (",
		"skip testdata/test/failing.lua: skips (0s): needs hardware\n",
	)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if last := lines[len(lines)-1]; last != "1 passed, 2 failed, 1 skipped" {
		t.Errorf("last line %q", last)
	}
}

// TestNlshTestJUnit writes JUnit XML for the failing script: one testcase
// per case, valid for encoding/xml and xmllint.
func TestNlshTestJUnit(t *testing.T) {
	nlsocktest.NewNamespace(t)
	path := filepath.Join(t.TempDir(), "junit.xml")
	runNlshTest(t, 1, "--junit", path, "testdata/test/failing.lua")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("junit file is not XML: %v\n%s", err, b)
	}
	if doc.Tests != 4 || doc.Failures != 2 || doc.Skipped != 1 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 4 {
		t.Fatalf("counts: %+v", doc)
	}
	c := doc.Suites[0].Cases[0]
	if c.Name != "lo is up" || c.Failure == nil || !strings.Contains(c.Failure.Text, "got:  65536") {
		t.Errorf("first case: %+v", c)
	}
	xl := nlsocktest.LookPath(t, "xmllint", "libxml2-utils")
	if out, err := exec.Command(xl, "--noout", path).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}
}

// TestNlshTestRun: -run selects cases like go test -run; a passing
// selection exits 0.
func TestNlshTestRun(t *testing.T) {
	nlsocktest.NewNamespace(t)
	out, _ := runNlshTest(t, 0, "-run", "failing/passes|skips", "testdata/test/failing.lua")
	if !strings.HasSuffix(out, "1 passed, 0 failed, 1 skipped\n") || strings.Contains(out, "lo is up") {
		t.Errorf("output:\n%s", out)
	}
}

// TestNlshTestUsage: bad command lines are usage errors.
func TestNlshTestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--bogus"}, "flag provided but not defined: -bogus"},
		{"bad timeout", []string{"--timeout", "soon"}, "invalid value \"soon\""},
		{"zero timeout", []string{"--timeout", "0s"}, "--timeout must be positive"},
		{"bad pattern", []string{"-run", "a(", "testdata/test"}, "bad -run pattern"},
		{"missing path", []string{"testdata/no-such-dir"}, "no test files at testdata/no-such-dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkUsageError(t, tt.args, tt.want)
		})
	}
	if out, _ := runNlshTest(t, 0, "--help"); !strings.HasPrefix(out, "usage: nlsh test") {
		t.Errorf("--help: %q", out)
	}
}

// TestNlshTestJUnitUnwritable: a --junit path that cannot be created is a
// usage error found before any file runs (nothing on stdout), not after
// the whole run (which then ended without its summary).
func TestNlshTestJUnitUnwritable(t *testing.T) {
	checkUsageError(t, []string{"--junit", filepath.Join(t.TempDir(), "no", "such", "dir.xml"), "testdata/test/failing.lua"},
		"nlsh test: --junit: open ", "no such file or directory")
}

// checkUsageError runs `nlsh test args...` and checks it is a usage error:
// exit status 2, stderr saying wants, and nothing on stdout (no file ran).
func checkUsageError(t *testing.T, args []string, wants ...string) {
	t.Helper()
	out, errOut := runNlshTest(t, 2, args...)
	if out != "" {
		t.Errorf("nlsh test %q: stdout %q, want none", args, out)
	}
	nlsocktest.ContainsAll(t, "stderr", errOut, wants...)
}

// TestNlshTestLeak: a file that forgets to close a socket and a namespace
// passes with a warning naming both; --strict fails it.
func TestNlshTestLeak(t *testing.T) {
	nlsocktest.NewNamespace(t)
	out, _ := runNlshTest(t, 0, "testdata/test/leak.lua")
	nlsocktest.ContainsAll(t, "output", out,
		"ok   testdata/test/leak.lua: opens and forgets (",
		"warning: testdata/test/leak.lua left 1 netlink socket open (route, portid ",
		"warning: testdata/test/leak.lua left 1 namespace from netns.new open (netns#",
		"1 passed, 0 failed, 0 skipped\n",
	)

	out, _ = runNlshTest(t, 1, "--strict", "testdata/test/leak.lua")
	nlsocktest.ContainsAll(t, "--strict: output", out,
		"FAIL testdata/test/leak.lua: (file) (",
		"leak: 1 netlink socket left open at the end of the file: route, portid ",
		"leak: 1 namespace from netns.new left open at the end of the file: netns#",
		"1 passed, 1 failed, 0 skipped\n",
	)
	if strings.Contains(out, "warning:") {
		t.Errorf("--strict also warned:\n%s", out)
	}
}
