//go:build linux

package runtime

import (
	"fmt"
	"io"
	"os"
)

// Interactive runs the REPL on stdin: with line editing, history and
// completion when stdin is a terminal, otherwise reading plain lines without
// prompts. It returns the REPL's exit status.
func (s *State) Interactive(stdin io.Reader) int {
	if f, ok := stdin.(*os.File); ok && IsTerminal(f) {
		lr, err := NewTerminalReader(s, HistoryPath(os.Getenv))
		if err != nil {
			fmt.Fprintf(s.opts.Stderr, "nlsh: %v\n", err)
			return 1
		}
		fmt.Fprintf(s.opts.Stdout, "%s — Ctrl-D exits, Ctrl-C interrupts, Tab completes\n", Version())
		s.pageable = true
		return s.REPL(lr)
	}
	return s.REPL(NewPlainReader(stdin, nil))
}
