package runtime

import (
	"io"
	"strings"
	"testing"

	transcript "github.com/nlsh/nlsh/runtime/transcripttest"
)

// TestREPLTranscripts replays testdata/repl/*.transcript through the REPL with
// a scripted line reader that echoes prompts and input, as a terminal shows
// them.
func TestREPLTranscripts(t *testing.T) {
	transcript.Run(t, "testdata/repl/*.transcript", func(t *testing.T, c *transcript.Case, stdout, stderr io.Writer) int {
		s := New(Options{Stdout: stdout, Stderr: stderr})
		defer s.Close()
		input := strings.Join(c.Inputs(), "\n") + "\n"
		return s.REPL(NewPlainReader(strings.NewReader(input), stdout))
	})
}
