//go:build linux

package testrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/mods"
	"github.com/nlsh/nlsh/nlsock"
	nlrt "github.com/nlsh/nlsh/runtime"
	lua "github.com/yuin/gopher-lua"
)

// luaCase is one test(name, fn) declaration.
type luaCase struct {
	name  string
	fn    *lua.LFunction
	where string // "file:line:" of the declaration
}

// caseRun is what the assertions record while a case (or the top level)
// runs.
type caseRun struct {
	failures []string
	skipped  bool
	reason   string
	exited   bool               // os.exit was called
	cleanups []*lua.LFunction   // registered by cleanup() inside the case
	cancel   context.CancelFunc // ends the case early (os.exit)
}

// File is one script being run: its namespace, Lua state and cases.
type File struct {
	path   string
	opts   Options
	ns     *nlsock.Namespace // nil with Options.NewKernel
	kernel Kernel            // Options.NewKernel's
	st     *nlrt.State
	env    *luabind.Env
	out    *output

	ctx    context.Context // the file's deadline
	cancel context.CancelFunc

	cases    []luaCase
	cleanups []*lua.LFunction // registered by cleanup() at the top level
	loading  bool             // the top level runs: test() may declare cases
	cur      *caseRun         // the running case
	failed   bool             // some case failed or errored
	// abandoned: a case ignored its expired context; the state may still be
	// in use by its goroutine and is never touched again.
	abandoned bool
	warnings  []string // what the harness closed for the file (Close)

	failVal, skipVal *lua.LUserData // raised by failed assertions and skip
}

// Open prepares path to run: a fresh network namespace (or
// Options.NewKernel's kernel), a fresh state with the shell's libraries and
// modules (netlink.open defaults to the namespace) and the test globals.
// The file's timeout starts now.
func Open(path string, opts Options) (*File, error) {
	f := &File{path: path, opts: opts, out: &output{}}
	lopts := luabind.Options{Stdout: f.out, SpecDirs: opts.SpecDirs, Capture: opts.Capture}
	if opts.NewKernel != nil {
		k, err := opts.newKernel()
		if err != nil {
			return nil, fmt.Errorf("start the kernel for %s: %w", path, err)
		}
		f.kernel, lopts.Open = k, k.Open
	} else {
		ns, err := nlsock.NewNamespace()
		if err != nil {
			return nil, fmt.Errorf("create a network namespace for %s: %w", path, err)
		}
		f.ns, lopts.DefaultNS = ns, ns.NetNS()
	}
	f.st = nlrt.New(nlrt.Options{
		Stdout:    f.out,
		Stderr:    f.out,
		Namespace: f.namespaceName(),
		Debug:     opts.Debug,
		Modules: func(L *lua.LState) func() {
			f.env = mods.Open(L, lopts)
			return f.env.Close
		},
	})
	f.installGlobals()
	if opts.Setup != nil {
		opts.Setup(f.st.L)
	}
	f.ctx, f.cancel = context.WithTimeout(context.Background(), opts.timeout())
	return f, nil
}

// namespaceName names the file's namespace for the state, "" on a kernel
// of Options.NewKernel.
func (f *File) namespaceName() string {
	if f.ns == nil {
		return ""
	}
	return f.ns.String()
}

// Path is the file's path as given to Open.
func (f *File) Path() string { return f.path }

// Load runs the file's top level, which declares the cases. Its result is
// named TopLevel.
func (f *File) Load() CaseResult {
	src, err := os.ReadFile(f.path)
	if err != nil {
		return f.failed1(TopLevel, fmt.Sprintf("cannot read %s: %v", f.path, err))
	}
	if len(src) > 0 && src[0] == '#' { // a shebang line; keep the line count
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			src = src[i:]
		} else {
			src = nil
		}
	}
	fn, err := f.st.L.Load(bytes.NewReader(src), f.path)
	if err != nil {
		return f.failed1(TopLevel, f.st.FormatError(err))
	}
	f.st.SetScriptDir(filepath.Dir(f.path))
	f.st.SetArgs([]string{f.path}, 0)
	f.loading = true
	defer func() { f.loading = false }()
	return f.call(TopLevel, fn)
}

// Cases names the declared cases in declaration order.
func (f *File) Cases() []string {
	names := make([]string, len(f.cases))
	for i, c := range f.cases {
		names[i] = c.name
	}
	return names
}

// RunCase runs the i-th declared case.
func (f *File) RunCase(i int) CaseResult {
	return f.call(f.cases[i].name, f.cases[i].fn)
}

func (f *File) failed1(name, msg string) CaseResult {
	f.failed = true
	return CaseResult{File: f.path, Name: name, Status: Fail, Failures: []string{msg}}
}

// call runs fn as the case name under the file's deadline, then the
// cleanups it registered.
func (f *File) call(name string, fn *lua.LFunction) CaseResult {
	switch {
	case f.abandoned:
		return f.failed1(name, "not run: an earlier case of this file did not stop")
	case f.expired():
		return f.failed1(name, fmt.Sprintf("not run: the file's timeout (%v) had expired", f.opts.timeout()))
	}
	cr := &caseRun{}
	f.cur = cr
	f.out.take()
	start := time.Now()
	err := f.runIn(f.ctx, cr, fn)
	failures := cr.failures
	if f.expired() {
		failures = append(failures, nameFrame(f.timeoutText(err), name))
	} else if msg := f.errorText(err); msg != "" && !cr.exited {
		failures = append(failures, nameFrame(msg, name))
	}
	cr.failures = nil
	f.runCleanups(cr, &cr.cleanups)
	r := CaseResult{File: f.path, Name: name, Elapsed: time.Since(start), Output: f.out.take()}
	r.Failures = append(failures, cr.failures...)
	if !f.abandoned {
		f.cur = nil
	}
	switch {
	case len(r.Failures) > 0:
		r.Status = Fail
		f.failed = true
	case cr.skipped:
		r.Status, r.Reason = Skip, cr.reason
	}
	return r
}

// nameFrame names the case's own frame in a traceback, which gopher-lua
// calls the main chunk since the harness called it from Go.
func nameFrame(traceback, name string) string {
	const chunk = ": in main chunk"
	i := strings.LastIndex(traceback, chunk)
	if name == TopLevel || i < 0 {
		return traceback
	}
	return traceback[:i] + fmt.Sprintf(": in test %q", name) + traceback[i+len(chunk):]
}

// runIn runs fn for cr under a context derived from parent, which os.exit
// cancels.
func (f *File) runIn(parent context.Context, cr *caseRun, fn *lua.LFunction) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	cr.cancel = cancel
	return f.pcall(ctx, fn)
}

// runCleanups pops and runs the functions cleanup() registered, last first,
// recording their failures in cr. Once the file's deadline has passed each
// gets cleanupBudget of its own, so that it can still close what it must.
func (f *File) runCleanups(cr *caseRun, list *[]*lua.LFunction) {
	for len(*list) > 0 && !f.abandoned {
		fn := (*list)[len(*list)-1]
		*list = (*list)[:len(*list)-1]
		parent, cancel := f.ctx, context.CancelFunc(func() {})
		if f.expired() {
			parent, cancel = context.WithTimeout(context.Background(), cleanupBudget)
		}
		cr.exited = false
		err := f.runIn(parent, cr, fn)
		if msg := f.errorText(err); msg != "" && !cr.exited {
			cr.failures = append(cr.failures, "cleanup: "+msg)
		}
		cancel()
	}
}

// errAbandoned stands for the error of a case that never returned.
var errAbandoned = errors.New("abandoned")

// pcall calls fn with ctx installed, waiting past the end of ctx only for
// abandonGrace.
func (f *File) pcall(ctx context.Context, fn *lua.LFunction) error {
	L := f.st.L
	done := make(chan error, 1)
	go func() {
		L.SetContext(ctx)
		L.Push(fn)
		err := L.PCall(0, 0, nil)
		L.RemoveContext() // before done: the next case installs its own
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	select {
	case err := <-done:
		return err
	case <-time.After(abandonGrace):
		f.abandoned = true
		f.env.Close() // wakes a binding that ignored the context
		return errAbandoned
	}
}

// errorText describes how a call ended, "" when it ended well or by a
// recorded assertion, skip or os.exit.
func (f *File) errorText(err error) string {
	if err == nil {
		return ""
	}
	var ae *lua.ApiError
	if errors.As(err, &ae) && (ae.Object == f.failVal || ae.Object == f.skipVal) {
		return ""
	}
	return strings.TrimSuffix(f.st.FormatError(err), "\n\t[G]: ?") // the harness's own call
}

// expired reports whether the file's deadline has passed (a socket
// deadline set from it can fire a moment before ctx.Err is set).
func (f *File) expired() bool {
	if f.ctx.Err() != nil {
		return true
	}
	d, _ := f.ctx.Deadline()
	return !time.Now().Before(d)
}

// timeoutText describes a case that ran into the file's deadline, with the
// traceback of where it was when it has one.
func (f *File) timeoutText(err error) string {
	msg := fmt.Sprintf("timed out: the file's timeout (%v) expired while this test ran", f.opts.timeout())
	if err == errAbandoned {
		return msg + fmt.Sprintf("; it did not stop within %v, so the file's state was abandoned", abandonGrace)
	}
	if text := f.errorText(err); text != "" {
		msg += "\n" + text
	}
	return msg
}

// Close ends the file: it closes the state, the Env and the namespace and
// returns what leaked (see the package documentation).
func (f *File) Close() []string {
	var problems []string
	if len(f.cleanups) > 0 && !f.abandoned {
		cr := &caseRun{}
		f.cur = cr
		f.runCleanups(cr, &f.cleanups)
		f.runCleanups(cr, &cr.cleanups) // registered by those
		if !f.abandoned {
			f.cur = nil
		}
		if len(cr.failures) > 0 {
			f.failed = true
			problems = append(problems, cr.failures...)
		}
	}
	if !f.abandoned {
		problems = append(problems, f.closeLeftovers()...)
	}
	f.cancel()
	if f.abandoned {
		f.env.Close()
	} else {
		f.st.Close()
	}
	if n := f.env.Sockets(); n > 0 {
		problems = append(problems, fmt.Sprintf("leak: %s still open after the state was closed", plural(n, "socket")))
	}
	if n := f.env.Namespaces(); n > 0 {
		problems = append(problems, fmt.Sprintf("leak: %s still open after the state was closed", plural(n, "namespace")))
	}
	if err := f.closeKernel(); err != nil {
		problems = append(problems, fmt.Sprintf("close the file's namespace: %v", err))
	}
	if tids := settledForeignThreads(); len(tids) > 0 {
		problems = append(problems, fmt.Sprintf("leak: threads %s are outside the host network namespace", strings.Join(tids, ", ")))
	}
	return problems
}

// closeKernel closes the file's namespace, or ends Options.NewKernel's
// kernel.
func (f *File) closeKernel() error {
	switch {
	case f.ns != nil:
		return f.ns.Close()
	case f.kernel.Close != nil:
		f.kernel.Close()
	}
	return nil
}

// closeLeftovers closes the sockets and namespaces the file left open. It
// records a warning naming them, or, with Options.Strict, returns them as
// problems (unless the file failed already).
func (f *File) closeLeftovers() (problems []string) {
	socks, spaces := f.env.CloseLeftovers()
	if f.opts.Strict {
		if f.failed {
			return nil
		}
		if len(socks) > 0 {
			problems = append(problems, fmt.Sprintf("leak: %s left open at the end of the file: %s (close them with sock:close())", plural(len(socks), "netlink socket"), strings.Join(socks, "; ")))
		}
		if len(spaces) > 0 {
			problems = append(problems, fmt.Sprintf("leak: %s from netns.new left open at the end of the file: %s (close them with ns:close())", plural(len(spaces), "namespace"), strings.Join(spaces, "; ")))
		}
		return problems
	}
	if len(socks) > 0 {
		f.warnings = append(f.warnings, fmt.Sprintf("%s left %s open (%s); closed %s", f.path, plural(len(socks), "netlink socket"), strings.Join(socks, "; "), itThem(len(socks))))
	}
	if len(spaces) > 0 {
		f.warnings = append(f.warnings, fmt.Sprintf("%s left %s from netns.new open (%s); closed %s", f.path, plural(len(spaces), "namespace"), strings.Join(spaces, "; "), itThem(len(spaces))))
	}
	return nil
}

// Warnings are what Close closed for the file ("tests/lua/x.lua left 1
// netlink socket open (route, portid 1234); closed it"), without
// Options.Strict.
func (f *File) Warnings() []string { return f.warnings }

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// output collects what a case prints.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

// take returns what was written since the last take.
func (o *output) take() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := o.buf.String()
	o.buf.Reset()
	return s
}
