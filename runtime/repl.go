//go:build linux

package runtime

import (
	"errors"
	"fmt"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Prompts of the REPL. When the default namespace is not the host's, the
// first prompt names it: "[/run/netns/x]> ".
const (
	Prompt         = "> "
	PromptContinue = ">> "
)

// prompt is the first-line prompt.
func (s *State) prompt() string {
	if s.opts.Namespace == "" {
		return Prompt
	}
	return "[" + s.opts.Namespace + "]" + Prompt
}

// REPL reads chunks from lr and runs them until the end of input or
// os.exit, printing the values of expressions. It returns the exit status:
// 0 at the end of input, os.exit's status, or ExitInterrupted when a chunk
// ignored two interrupts.
func (s *State) REPL(lr LineReader) int {
	defer lr.Close()
	var pending []string
	for {
		prompt := s.prompt()
		if len(pending) > 0 {
			prompt = PromptContinue
		}
		line, err := lr.ReadLine(prompt)
		switch {
		case errors.Is(err, ErrInterrupt):
			pending = nil
			continue
		case err == io.EOF:
			if len(pending) > 0 { // the input ended inside a chunk
				_, err := s.compileInteractive(strings.Join(pending, "\n"))
				fmt.Fprintln(s.opts.Stderr, s.FormatError(err))
			}
			return 0
		case err != nil:
			fmt.Fprintf(s.opts.Stderr, "nlsh: %v\n", err)
			return 1
		}
		if len(pending) == 0 && strings.TrimSpace(line) == "" {
			continue
		}
		pending = append(pending, line)
		fn, err := s.compileInteractive(strings.Join(pending, "\n"))
		if err != nil && incomplete(err) {
			continue
		}
		for _, h := range historyEntries(pending) {
			lr.AddHistory(h)
		}
		pending = nil
		if err != nil {
			fmt.Fprintln(s.opts.Stderr, s.FormatError(err))
			continue
		}
		if code, stop := s.evalInteractive(fn); stop {
			return code
		}
	}
}

// evalInteractive runs one REPL chunk and prints what it returns: an
// expression's values, or the values of a statement chunk's `return`.
func (s *State) evalInteractive(fn *lua.LFunction) (code int, stop bool) {
	s.atPrompt.Store(true)
	defer s.atPrompt.Store(false)
	o := s.call(fn, nil, s.printResults)
	if o.abandoned {
		fmt.Fprintln(s.opts.Stderr, "nlsh: not responding to interrupt; exiting")
		s.abandon()
		return ExitInterrupted, true
	}
	if code, ok := s.Exited(); ok {
		return code, true
	}
	s.report(o)
	return 0, false
}

// compileInteractive compiles a REPL chunk: first as "return CHUNK" so a
// bare expression prints its values, then as statements.
func (s *State) compileInteractive(src string) (*lua.LFunction, error) {
	src = strings.TrimPrefix(src, "=") // Lua 5.1's "=expr"
	if fn, err := s.L.Load(strings.NewReader("return "+src), "stdin"); err == nil {
		return fn, nil
	}
	return s.L.Load(strings.NewReader(src), "stdin")
}

// incomplete reports whether a parse error is at the end of input, so more
// lines may complete the chunk. An unfinished short string is not: it cannot
// continue on the next line.
func incomplete(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, " at EOF:") && !strings.Contains(msg, "unterminated string")
}

// LastResult is the global that holds the first value the last REPL chunk
// returned, as Python's and Node's REPLs keep it in _. A chunk that returns
// nothing leaves it alone, so `print(x)` does not lose it.
const LastResult = "_"

// printResults is the Lua-callable printer of a REPL chunk's values: it sets
// _ to the first, then shows each (long arrays of objects as a table, see
// show.go), tab-separated, through the pager when they do not fit the
// terminal.
func (s *State) printResults(L *lua.LState) int {
	L.SetGlobal(LastResult, L.Get(1))
	if s.opts.JSON {
		values := make([]lua.LValue, L.GetTop())
		for i := range values {
			values[i] = L.Get(i + 1)
		}
		if err := s.writeJSON(values); err != nil {
			fmt.Fprintln(s.opts.Stderr, err)
		}
		return 0
	}
	var parts []string
	for i := 1; i <= L.GetTop(); i++ {
		parts = append(parts, s.format(L, L.Get(i), showOptions{top: true, name: LastResult}))
	}
	s.emit(strings.Join(parts, "\t") + "\n")
	return 0
}

// historyEntries is what a finished chunk adds to the history: one entry,
// so one up-arrow recalls all of it. readline's history file keeps one
// entry per line, so a multi-line chunk is joined into one line that means
// the same (joinChunk); when it cannot be (an unfinished string in a chunk
// with a syntax error), its lines go in one by one.
func historyEntries(lines []string) []string {
	if len(lines) == 1 {
		return lines
	}
	if joined, ok := joinChunk(strings.Join(lines, "\n")); ok {
		return []string{joined}
	}
	return lines
}
