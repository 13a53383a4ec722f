//go:build linux

package runtime

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	luajson "github.com/nlsh/nlsh/luabind/json"
	lua "github.com/yuin/gopher-lua"
)

// How values are shown: at the prompt and by show(v [, {full=true}]). A
// long array of objects (links, routes, sockets, ...) becomes a table like
// `ip -br` (tableview.go); everything else is Pretty's form. Output taller
// than the terminal goes through $PAGER, at the prompt only. Colours (the
// table's header) only when stdout is a terminal and NO_COLOR is unset.

// DefaultPager runs when $PAGER is unset: -F quits when the text fits, -R
// passes colours, -X leaves the text on the screen.
const DefaultPager = "less -FRX"

// showOptions say how to format one value.
type showOptions struct {
	top  bool   // a top-level string prints raw, as print would
	full bool   // never the table view
	name string // what the table's footer calls the value: "_" at the prompt
}

// format renders v as the prompt shows it.
func (s *State) format(L *lua.LState, v lua.LValue, o showOptions) string {
	if t, ok := v.(*lua.LTable); ok && !o.full {
		width, _ := s.terminalSize()
		if view, ok := tableView(L, t, tableStyle{width, s.colour(), o.name}); ok {
			return view
		}
	}
	return Pretty(L, v, o.top)
}

// luaShow is show(v [, {full=true}]): v pretty-printed (a long array of
// objects as a table unless full), in scripts too; at the prompt through the
// pager when it does not fit.
func (s *State) luaShow(L *lua.LState) int {
	o := showOptions{name: "v"}
	switch opts := L.Get(2).(type) {
	case *lua.LTable:
		o.full = lua.LVAsBool(opts.RawGetString("full"))
	case *lua.LNilType:
	default:
		L.ArgError(2, "options table expected, got "+opts.Type().String())
	}
	s.emit(s.format(L, L.Get(1), o) + "\n")
	return 0
}

// emit writes text to stdout, through the pager when the REPL is waiting
// on it at a terminal and the text is taller than the terminal.
func (s *State) emit(text string) {
	width, height := s.terminalSize()
	if !s.atPrompt.Load() || !s.pageable || height == 0 || screenRows(text, width) < height {
		s.opts.Stdout.Write([]byte(text))
		return
	}
	if err := s.page(text); err != nil {
		if os.Getenv("PAGER") != "" { // without it, less is only a nicety
			fmt.Fprintf(s.opts.Stderr, "nlsh: $PAGER: %v\n", err)
		}
		s.opts.Stdout.Write([]byte(text))
	}
}

// screenRows is how many terminal rows text takes, long lines wrapping.
func screenRows(text string, width int) int {
	rows := 0
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		rows += 1 + max(0, runeWidth(line)-1)/max(1, width)
	}
	return rows
}

// page runs $PAGER (DefaultPager when unset, if less is installed) on text,
// with the terminal as its output. It fails only when no pager ran (the
// text is then still to be written); how a pager that ran ended (q, Ctrl-C)
// is its own business.
func (s *State) page(text string) error {
	pager := os.Getenv("PAGER")
	if pager == "" {
		if _, err := exec.LookPath("less"); err != nil {
			return errors.New("less is not installed and $PAGER is unset")
		}
		pager = DefaultPager
	}
	cmd := exec.Command("/bin/sh", "-c", pager)
	cmd.Stdin = strings.NewReader(text)
	cmd.Stdout, cmd.Stderr = s.opts.Stdout, s.opts.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() != 127 { // 127: sh found no such command
		return nil
	}
	return err
}

// terminalSize is stdout's size when it is a terminal, else 0, 0.
func (s *State) terminalSize() (width, height int) {
	f, ok := s.opts.Stdout.(*os.File)
	if !ok || !IsTerminal(f) {
		return 0, 0
	}
	return TerminalSize(f)
}

// colour reports whether output may carry colours: stdout is a terminal and
// NO_COLOR (https://no-color.org) is unset or empty.
func (s *State) colour() bool {
	f, ok := s.opts.Stdout.(*os.File)
	return ok && IsTerminal(f) && os.Getenv("NO_COLOR") == ""
}

// writeJSON is nlsh -j's output: each value on a line of its own as JSON.
// Nothing is written when one of them cannot be encoded.
func (s *State) writeJSON(values []lua.LValue) error {
	var b strings.Builder
	for i, v := range values {
		text, err := luajson.EncodeJSON(s.L, v, luajson.JSONOptions{})
		if err != nil {
			return fmt.Errorf("-j: value %d: %w", i+1, err)
		}
		b.WriteString(text + "\n")
	}
	s.opts.Stdout.Write([]byte(b.String()))
	return nil
}
