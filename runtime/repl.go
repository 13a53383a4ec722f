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
				_, _, err := s.compileInteractive(strings.Join(pending, "\n"))
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
		fn, expr, err := s.compileInteractive(strings.Join(pending, "\n"))
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
		if code, stop := s.evalInteractive(fn, expr); stop {
			return code
		}
	}
}

// evalInteractive runs one REPL chunk; stop is set when the session ends.
func (s *State) evalInteractive(fn *lua.LFunction, expr bool) (code int, stop bool) {
	var after lua.LGFunction
	if expr {
		after = s.printValues
	}
	o := s.call(fn, nil, after)
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
func (s *State) compileInteractive(src string) (fn *lua.LFunction, expr bool, err error) {
	src = strings.TrimPrefix(src, "=") // Lua 5.1's "=expr"
	if fn, err := s.L.Load(strings.NewReader("return "+src), "stdin"); err == nil {
		return fn, true, nil
	}
	fn, err = s.L.Load(strings.NewReader(src), "stdin")
	return fn, false, err
}

// incomplete reports whether a parse error is at the end of input, so more
// lines may complete the chunk. An unfinished short string is not: it cannot
// continue on the next line.
func incomplete(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, " at EOF:") && !strings.Contains(msg, "unterminated string")
}

// printValues is the Lua-callable printer of an expression's values: each
// pretty-printed, tab-separated, on one line.
func (s *State) printValues(L *lua.LState) int {
	var parts []string
	for i := 1; i <= L.GetTop(); i++ {
		parts = append(parts, Pretty(L, L.Get(i), true))
	}
	io.WriteString(s.opts.Stdout, strings.Join(parts, "\t")+"\n")
	return 0
}

// historyEntries is what a finished chunk adds to the history (one line per
// entry): a multi-line chunk joined into one line, so one up-arrow recalls
// all of it, unless a comment or a long bracket makes joining unsafe; then
// its lines one by one.
func historyEntries(lines []string) []string {
	if len(lines) == 1 {
		return lines
	}
	joined := make([]string, 0, len(lines))
	for _, l := range lines {
		if strings.Contains(l, "--") || strings.Contains(l, "[[") || strings.Contains(l, "[=") {
			return lines
		}
		if t := strings.TrimSpace(l); t != "" {
			joined = append(joined, t)
		}
	}
	return []string{strings.Join(joined, " ")}
}
