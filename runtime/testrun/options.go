//go:build linux

package testrun

import (
	"errors"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// Defaults of Options.
const (
	DefaultTimeout = 30 * time.Second
	// cleanupBudget is how long each cleanup function may run once the
	// file's deadline has passed.
	cleanupBudget = 2 * time.Second
)

// Options configure how files run. The zero value is usable.
type Options struct {
	// Timeout bounds each file: its top level and all its cases. Zero
	// means DefaultTimeout.
	Timeout time.Duration
	// Run selects cases like go test -run: a slash-separated list of
	// regular expressions matched against the file's base name, then the
	// case name. Empty runs everything.
	Run string
	// Parallel is how many files Run runs at once; zero means
	// DefaultParallel().
	Parallel int
	// Setup, if set, runs on every fresh state after the standard modules
	// are open, to add a project's own globals or modules.
	Setup func(L *lua.LState)
	// Strict fails a file that leaves netlink sockets or namespaces open.
	// Without it the harness closes them and reports a warning
	// (FileResult.Warnings); the cases' results stand.
	Strict bool
	// Debug shows Go stacks of internal errors (runtime.Options.Debug).
	Debug bool
	// NewKernel, if set, is called once per file instead of making it a
	// fresh namespace: the file's sockets open on the Kernel it returns.
	// The harness's own tests give a fake kernel (nlsock/nlfake) so that
	// they run without root; `nlsh test` and luatest's suites never do,
	// since what a script proves about netlink it proves on Linux.
	NewKernel func() (Kernel, error)
	// SpecDirs are searched first for ynl specs (nlsh --specs DIR test).
	SpecDirs []string
	// Capture records every netlink socket the files open (nlsh --capture
	// FILE test); files run in parallel, so their records interleave.
	Capture nlsock.CaptureWriter
}

// abandonGrace is how long a case may ignore its expired context (a long
// builtin) before the file gives up on it, closing its sockets under it. A
// variable only so that a test can shorten it.
var abandonGrace = 3 * time.Second

func (o Options) timeout() time.Duration {
	if o.Timeout <= 0 {
		return DefaultTimeout
	}
	return o.Timeout
}

// Kernel is where a file's netlink sockets open when it runs without a
// namespace of its own (Options.NewKernel).
type Kernel struct {
	// Open opens a socket, as luabind.Options.Open.
	Open func(proto int, ns nlsock.NetNS, cfg nlsock.Config) (*nlsock.Socket, error)
	// Close, if set, runs when the file ends, after its sockets closed.
	Close func()
}

// newKernel starts Options.NewKernel's kernel. A Kernel without Open is an
// error: left nil, luabind would open the file's sockets in the host's
// namespace instead.
func (o Options) newKernel() (Kernel, error) {
	k, err := o.NewKernel()
	if err == nil && k.Open == nil {
		if k.Close != nil {
			k.Close()
		}
		err = errors.New("Options.NewKernel returned a Kernel without Open")
	}
	return k, err
}
