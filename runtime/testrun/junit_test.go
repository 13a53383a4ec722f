package testrun

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

func TestJUnit(t *testing.T) {
	results := []FileResult{{
		Path: "a.lua", Elapsed: time.Second,
		Cases: []CaseResult{
			{File: "a.lua", Name: "ok case", Status: Pass, Elapsed: time.Millisecond},
			{File: "a.lua", Name: "bad <case> & \"quotes\"", Status: Fail, Failures: []string{"a.lua:3: not equal\n    got:  \x01\xff", "second"}, Output: "printed\x00"},
			{File: "a.lua", Name: "skipped", Status: Skip, Reason: "no hardware"},
		},
	}, {Path: "b.lua", Cases: []CaseResult{{File: "b.lua", Name: TopLevel, Status: Pass}}}}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, results, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if doc.Tests != 4 || doc.Failures != 1 || doc.Skipped != 1 || len(doc.Suites) != 2 || doc.Time != "2.000" {
		t.Errorf("totals: %+v", doc)
	}
	bad := doc.Suites[0].Cases[1]
	if bad.Name != `bad <case> & "quotes"` || bad.Failure == nil || bad.Failure.Message != "a.lua:3: not equal" {
		t.Errorf("failing case: %+v", bad)
	}
	if sk := doc.Suites[0].Cases[2]; sk.Skipped == nil || sk.Skipped.Message != "no hardware" {
		t.Errorf("skipped case: %+v", sk)
	}
	xmllint(t, buf.Bytes())
}

// xmllint validates b with xmllint (libxml2-utils); without it the test
// skips, which CI's skip gate turns into a failure.
func xmllint(t *testing.T, b []byte) {
	t.Helper()
	path := nlsocktest.LookPath(t, "xmllint", "libxml2-utils")
	f := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(path, "--noout", f).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}
}
