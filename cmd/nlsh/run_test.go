package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	transcript "github.com/nlsh/nlsh/runtime/transcripttest"
)

// TestCLITranscripts runs testdata/*.transcript: each "$ nlsh ARGS" case
// through run() with its [stdin], comparing output, standard error and the
// exit status.
func TestCLITranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.transcript")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, file := range files {
		cases, err := transcript.ParseFile(file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, c := range cases {
			t.Run(filepath.Base(file)+"/"+c.Name, func(t *testing.T) {
				runCLICase(t, file+":"+strconv.Itoa(c.Line), c)
			})
		}
	}
}

func runCLICase(t *testing.T, where string, c *transcript.Case) {
	t.Helper()
	var out, errOut bytes.Buffer
	stderr := io.Writer(&out)
	if c.HasStderr {
		stderr = &errOut
	}
	code := run(c.Args, strings.NewReader(c.Stdin), &out, stderr)
	if !transcript.Match(c.Stdout, out.String()) {
		t.Errorf("%s: output\n--- want\n%s--- got\n%s", where, c.Stdout, out.String())
	}
	if c.HasStderr && !transcript.Match(c.Stderr, errOut.String()) {
		t.Errorf("%s: stderr\n--- want\n%s--- got\n%s", where, c.Stderr, errOut.String())
	}
	if code != c.Exit {
		t.Errorf("%s: exit status %d, want %d", where, code, c.Exit)
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"--version"}, nil, &out, io.Discard); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	if !strings.HasPrefix(out.String(), "nlsh ") || !strings.Contains(out.String(), "gopher-lua") {
		t.Errorf("--version printed %q", out.String())
	}
}
