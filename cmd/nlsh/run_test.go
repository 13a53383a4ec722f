package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	transcript "github.com/nlsh/nlsh/runtime/transcripttest"
)

// TestCLITranscripts runs testdata/*.transcript: each "$ nlsh ARGS" case
// through run() with its [stdin], comparing output, standard error and the
// exit status.
func TestCLITranscripts(t *testing.T) {
	transcript.Run(t, "testdata/*.transcript", func(t *testing.T, c *transcript.Case, stdout, stderr io.Writer) int {
		return run(c.Args, strings.NewReader(c.Stdin), stdout, stderr)
	})
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
