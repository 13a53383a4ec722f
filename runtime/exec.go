//go:build linux

package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// doubleInterrupt is how soon a second Ctrl-C must follow the first to
// abandon a chunk that does not stop.
const doubleInterrupt = 2 * time.Second

// outcome is how one chunk ended.
type outcome struct {
	values      []lua.LValue
	err         error
	interrupted bool // cancelled by Ctrl-C
	abandoned   bool // still running after a second Ctrl-C; the state is unusable
}

// call runs fn(args...) on its own goroutine under a fresh context, watching
// Options.Interrupts, and then runs after (if non-nil) on the results, still
// protected. It returns when the chunk ends, or at once when it is abandoned.
func (s *State) call(fn *lua.LFunction, args []lua.LValue, after lua.LGFunction) outcome {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
	}()
	s.drainInterrupts()
	done := make(chan outcome, 1)
	go func() {
		defer func() { // a bug outside the protected call: no Go stack for users
			if r := recover(); r != nil {
				done <- outcome{err: fmt.Errorf("internal error: %v (please report)", r)}
			}
		}()
		done <- s.pcall(ctx, fn, args, after)
	}()
	var first time.Time
	interrupted := false
	for {
		select {
		case o := <-done:
			// A chunk can end without an error after Ctrl-C (a recv that
			// returned "interrupted" in tail position): still interrupted.
			o.interrupted = interrupted && !s.exitRequested()
			return o
		case <-s.opts.Interrupts:
			if interrupted && time.Since(first) < doubleInterrupt {
				return outcome{abandoned: true, interrupted: true}
			}
			interrupted, first = true, time.Now()
			cancel()
		}
	}
}

func (s *State) drainInterrupts() {
	for {
		select {
		case <-s.opts.Interrupts:
		default:
			return
		}
	}
}

// pcall runs on the chunk's goroutine.
func (s *State) pcall(ctx context.Context, fn *lua.LFunction, args []lua.LValue, after lua.LGFunction) (o outcome) {
	L := s.L
	L.SetContext(ctx)
	defer L.RemoveContext()
	base := L.GetTop()
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	if o.err = L.PCall(len(args), lua.MultRet, nil); o.err != nil {
		L.SetTop(base)
		return o
	}
	for i := base + 1; i <= L.GetTop(); i++ {
		o.values = append(o.values, L.Get(i))
	}
	L.SetTop(base)
	if after != nil && len(o.values) > 0 && ctx.Err() == nil {
		L.Push(L.NewFunction(after))
		for _, v := range o.values {
			L.Push(v)
		}
		o.err = L.PCall(len(o.values), 0, nil)
		L.SetTop(base)
	}
	return o
}

// report writes how a chunk failed to Stderr; it reports false when there
// was nothing to report (success, or an os.exit unwinding).
func (s *State) report(o outcome) bool {
	switch {
	case o.interrupted:
		fmt.Fprintln(s.opts.Stderr, "interrupted")
	case o.err == nil || s.exitRequested():
		return false
	default:
		fmt.Fprintln(s.opts.Stderr, s.FormatError(o.err))
	}
	return true
}

// FormatError renders a Lua error as lua does: the message (or a note on a
// non-string error value), then the Lua traceback. Go panics that escaped a
// binding's own guard read "internal error: ...".
func (s *State) FormatError(err error) string {
	var ae *lua.ApiError
	if !errors.As(err, &ae) {
		return err.Error()
	}
	var msg string
	switch v := ae.Object.(type) {
	case lua.LString:
		msg = string(v)
	case lua.LNumber:
		msg = v.String()
	case *lua.LNilType:
		msg = "nil"
	default:
		msg = fmt.Sprintf("(error object is a %s value)", v.Type())
		if f := s.L.GetMetaField(v, "__tostring"); f != lua.LNil {
			// Protected: a failing __tostring is the script's bug, not
			// nlsh's "internal error".
			if err := s.L.CallByParam(lua.P{Fn: f, NRet: 1, Protect: true}, v); err != nil {
				msg = fmt.Sprintf("(error object is a %s value whose __tostring failed: %s)", v.Type(), errorText(err))
			} else {
				msg = s.L.Get(-1).String()
				s.L.Pop(1)
			}
		}
	}
	if ae.Type == lua.ApiErrorPanic {
		msg = "internal error: " + msg + " (please report)"
	}
	if ae.Type == lua.ApiErrorSyntax {
		return syntaxError(strings.TrimRight(msg, "\n"))
	}
	if ae.StackTrace != "" && !strings.Contains(msg, "stack traceback:") {
		msg += "\n" + ae.StackTrace
	}
	return msg
}

// errorText is the message of a Lua error without its traceback.
func errorText(err error) string {
	var ae *lua.ApiError
	if errors.As(err, &ae) {
		return ae.Object.String()
	}
	return err.Error()
}

// status is the exit status of a finished run: os.exit's code if it was
// called, 1 after an error, ExitInterrupted after an interrupt, else 0.
func (s *State) status(o outcome) int {
	if code, ok := s.Exited(); ok {
		return code
	}
	switch {
	case o.interrupted:
		return ExitInterrupted
	case o.err != nil:
		return 1
	}
	return 0
}

// run runs fn with args, printing the values it returns as JSON lines with
// Options.JSON; it reports errors to Stderr (prefixed "nlsh: " as lua
// prefixes its name) and returns the exit status and whether the caller may
// go on (no error, interrupt, exit or abandon).
func (s *State) run(fn *lua.LFunction, args []lua.LValue) (int, bool) {
	o := s.call(fn, args, nil)
	if o.abandoned {
		fmt.Fprintln(s.opts.Stderr, "nlsh: not responding to interrupt; exiting")
		s.abandon()
		return ExitInterrupted, false
	}
	if o.err != nil && !o.interrupted && !s.exitRequested() {
		fmt.Fprintln(s.opts.Stderr, "nlsh: "+s.FormatError(o.err))
	} else if o.interrupted {
		fmt.Fprintln(s.opts.Stderr, "nlsh: interrupted")
	}
	code := s.status(o)
	_, exited := s.Exited()
	ok := o.err == nil && !o.interrupted && !exited
	if ok && s.opts.JSON { // the chunk has ended: L is free to use here
		if err := s.writeJSON(o.values); err != nil {
			fmt.Fprintln(s.opts.Stderr, "nlsh: "+err.Error())
			return 1, false
		}
	}
	return code, ok
}

// RunString runs code as a chunk named name ("(command line)" for -e). It
// returns the exit status and whether the session may continue.
func (s *State) RunString(code, name string) (int, bool) {
	fn, err := s.L.Load(strings.NewReader(code), name)
	if err != nil {
		fmt.Fprintln(s.opts.Stderr, "nlsh: "+s.FormatError(err))
		return 1, false
	}
	return s.run(fn, nil)
}

// RunFile runs the script at path with args ("..."); require looks next to
// it. path "-" reads the script from r.
func (s *State) RunFile(path string, r io.Reader, args []lua.LValue) (int, bool) {
	name := path
	if path == "-" {
		name = "stdin"
	} else {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(s.opts.Stderr, "nlsh: cannot open %s\n", strings.TrimPrefix(err.Error(), "open "))
			return 1, false
		}
		defer f.Close()
		r = f
		s.SetScriptDir(dirOf(path))
	}
	src, err := io.ReadAll(r)
	if err != nil {
		fmt.Fprintf(s.opts.Stderr, "nlsh: cannot read %s: %v\n", name, err)
		return 1, false
	}
	// A UTF-8 byte order mark (some editors write one) is skipped, as Lua
	// 5.2+ does; then a shebang line.
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if len(src) > 0 && src[0] == '#' { // shebang line: keep the line count
		if i := strings.IndexByte(string(src), '\n'); i >= 0 {
			src = src[i:]
		} else {
			src = nil
		}
	}
	fn, err := s.L.Load(strings.NewReader(string(src)), name)
	if err != nil {
		fmt.Fprintln(s.opts.Stderr, "nlsh: "+s.FormatError(err))
		return 1, false
	}
	return s.run(fn, args)
}

// Require runs require(name) and stores the result in the global name, as
// lua -l does.
func (s *State) Require(name string) (int, bool) {
	return s.RunString(fmt.Sprintf("%s = require(%q)", name, name), "(command line)")
}

func dirOf(path string) string {
	i := strings.LastIndexByte(path, '/')
	switch {
	case i < 0:
		return "."
	case i == 0:
		return "/"
	}
	return path[:i]
}

var (
	parseAt = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(.*) line:(\d+)\(column:\d+\) near '(.*)':\s+(.*)$`)
	})
	parseEOF = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.*) at EOF:\s+(.*)$`) })
)

// syntaxError rewrites gopher-lua's parse errors the way lua words them:
// "stdin:1: syntax error near '='".
func syntaxError(msg string) string {
	if m := parseAt().FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s:%s: %s near '%s'", m[1], m[2], m[4], m[3])
	}
	if m := parseEOF().FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s: %s near <eof>", m[1], m[2])
	}
	return msg
}
