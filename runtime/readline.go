//go:build linux

package runtime

// This is the only file that imports chzyer/readline.

import (
	"os"

	"github.com/chzyer/readline"
)

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool { return readline.IsTerminal(int(f.Fd())) }

// TerminalSize is the width and height of the terminal f, or 0, 0.
func TerminalSize(f *os.File) (width, height int) {
	w, h, err := readline.GetSize(int(f.Fd()))
	if err != nil {
		return 0, 0
	}
	return w, h
}

// terminalReader is a LineReader with line editing, persistent history and
// tab completion.
type terminalReader struct {
	rl *readline.Instance
}

// NewTerminalReader reads lines from the terminal on stdin, completing with
// s.Complete and keeping history at historyPath ("" for none). The history
// file is read here, when the REPL starts, never before.
func NewTerminalReader(s *State, historyPath string) (LineReader, error) {
	rl, err := readline.NewEx(&readline.Config{
		Prompt:                 Prompt,
		HistoryFile:            prepareHistory(historyPath),
		HistoryLimit:           HistoryLimit,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		AutoComplete:           completer{s},
		InterruptPrompt:        "^C",
	})
	if err != nil {
		return nil, err
	}
	return &terminalReader{rl: rl}, nil
}

// ReadLine implements LineReader.
func (t *terminalReader) ReadLine(prompt string) (string, error) {
	t.rl.SetPrompt(prompt)
	line, err := t.rl.Readline()
	if err == readline.ErrInterrupt {
		return "", ErrInterrupt
	}
	return line, err
}

// AddHistory implements LineReader; the line is appended to the file at once.
func (t *terminalReader) AddHistory(line string) { t.rl.SaveHistory(line) }

// Close implements LineReader.
func (t *terminalReader) Close() error { return t.rl.Close() }

// completer adapts State.Complete to readline.
type completer struct{ s *State }

func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	before := string(line[:pos])
	cands, n := c.s.Complete(before)
	typed := []rune(before[len(before)-n:])
	out := make([][]rune, 0, len(cands))
	for _, cand := range cands {
		out = append(out, []rune(cand)[len(typed):])
	}
	return out, len(typed)
}
