package transcripttest

import (
	"bytes"
	"io"
	"path/filepath"
	"strconv"
	"testing"
)

// RunFunc runs one case, writing to stdout and stderr (the same writer
// unless the case has a [stderr] section), and returns the exit status.
type RunFunc func(t *testing.T, c *Case, stdout, stderr io.Writer) int

// Run runs every case of the transcript files matching pattern as a subtest
// "FILE/NAME" and reports where output, standard error or the exit status
// differ from the transcript's.
func Run(t *testing.T, pattern string, run RunFunc) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, file := range files {
		cases, err := ParseFile(file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, c := range cases {
			t.Run(filepath.Base(file)+"/"+c.Name, func(t *testing.T) {
				check(t, file+":"+strconv.Itoa(c.Line), c, run)
			})
		}
	}
}

func check(t *testing.T, where string, c *Case, run RunFunc) {
	t.Helper()
	var out, errOut bytes.Buffer
	stderr := io.Writer(&out)
	if c.HasStderr {
		stderr = &errOut
	}
	code := run(t, c, &out, stderr)
	if !Match(c.Stdout, out.String()) {
		t.Errorf("%s: output\n--- want\n%s--- got\n%s", where, c.Stdout, out.String())
	}
	if c.HasStderr && !Match(c.Stderr, errOut.String()) {
		t.Errorf("%s: stderr\n--- want\n%s--- got\n%s", where, c.Stderr, errOut.String())
	}
	if code != c.Exit {
		t.Errorf("%s: exit status %d, want %d", where, code, c.Exit)
	}
}
