package runtime

import (
	"bytes"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	transcript "github.com/nlsh/nlsh/runtime/transcripttest"
)

// TestREPLTranscripts replays testdata/repl/*.transcript through the REPL with
// a scripted line reader that echoes prompts and input, as a terminal shows
// them.
func TestREPLTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/repl/*.transcript")
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
				runREPLCase(t, file, c)
			})
		}
	}
}

func runREPLCase(t *testing.T, file string, c *transcript.Case) {
	t.Helper()
	var out, errOut bytes.Buffer
	stderr := io.Writer(&out)
	if c.HasStderr {
		stderr = &errOut
	}
	s := New(Options{Stdout: &out, Stderr: stderr})
	defer s.Close()
	input := strings.Join(c.Inputs(), "\n") + "\n"
	code := s.REPL(NewPlainReader(strings.NewReader(input), &out))
	where := file + ":" + strconv.Itoa(c.Line)
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
