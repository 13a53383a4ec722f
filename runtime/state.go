//go:build linux

package runtime

import (
	"context"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// Limits of every state. The registry (the value stack) starts small, since
// allocating it is most of a state's start-up cost, and grows in big steps to
// a fixed maximum, so an enormous unpack fails at once with "registry
// overflow" instead of growing 32 slots at a time for seconds inside one
// uninterruptible instruction.
const (
	CallStackSize    = 200
	RegistrySize     = 16 * 1024
	RegistryMaxSize  = 256 * 1024
	RegistryGrowStep = 64 * 1024
)

// ExitInterrupted is the exit status after an interrupt ended a script or the
// REPL abandoned a chunk that ignored one (128 + SIGINT, as shells do).
const ExitInterrupted = 130

// Options configure a State. The zero value writes to the process's standard
// output and error and opens no netlink modules.
type Options struct {
	Stdout io.Writer // print and io.write; nil means os.Stdout
	Stderr io.Writer // error messages; nil means os.Stderr
	// NetNS is the default network namespace of netlink.open (-n/--netns);
	// the zero value is the host's. The REPL prompt shows it when it is not
	// the host's.
	NetNS nlsock.NetNS
	// Namespace overrides the prompt's name for NetNS.
	Namespace string
	// Modules opens the modules and returns what closes everything they
	// handed out; it runs once, in New. Nil opens luabind's (netlink, netns
	// and the families) with NetNS as the default namespace.
	Modules func(L *lua.LState) (closer func())
	// Interrupts delivers Ctrl-C (os.Interrupt); nil means no interrupts.
	Interrupts <-chan os.Signal
	// Debug shows Go stacks of internal errors.
	Debug bool
	// Capture records every netlink socket the session opens (nlsh --capture).
	Capture nlsock.CaptureWriter
	// SpecDirs are searched first for ynl specs (nlsh --specs DIR).
	SpecDirs []string
	// JSON prints the values chunks return (-e, the script, the REPL's) as
	// JSON, one line per value (nlsh -j).
	JSON bool
	// Open, if set, opens the session's netlink sockets instead of
	// nlsock.OpenConfig (luabind.Options.Open): tests give a fake kernel's.
	Open func(proto int, ns nlsock.NetNS, cfg nlsock.Config) (*nlsock.Socket, error)
}

// State is one Lua session.
type State struct {
	L      *lua.LState
	opts   Options
	closer func()
	env    *luabind.Env // nil until luabind's modules open, or when Options.Modules replaced them
	// protect runs pcall, xpcall and Go's protected calls into Lua (protect.go).
	protect *protector

	// Deferred opening of the modules (modules.go).
	lazyG, lazyPreload, preload *lua.LTable

	mu      sync.Mutex
	cancel  context.CancelFunc // of the running chunk, nil when idle
	exiting bool               // os.exit was called
	code    int                // its status
	closed  bool
	// abandoned: a chunk still runs on L after two interrupts
	abandoned bool

	// Showing values (show.go): atPrompt while a REPL chunk runs (read by
	// the chunk's goroutine, which an abandoned chunk outlives), pageable
	// when that REPL reads a terminal, so long output may go to $PAGER.
	atPrompt atomic.Bool
	pageable bool
}

// New makes a session state with the standard libraries, nlsh's additions
// and the modules of opts.Modules.
func New(opts Options) *State {
	warmPoller()
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	L := lua.NewState(lua.Options{
		CallStackSize:       CallStackSize,
		RegistrySize:        RegistrySize,
		RegistryMaxSize:     RegistryMaxSize,
		RegistryGrowStep:    RegistryGrowStep,
		SkipOpenLibs:        true,
		IncludeGoStackTrace: opts.Debug,
	})
	if opts.Namespace == "" && !opts.NetNS.IsHost() {
		opts.Namespace = opts.NetNS.String()
	}
	s := &State{L: L, opts: opts, protect: newProtector(L)}
	s.openLibs()
	s.openModules()
	return s
}

// Close closes what the modules handed out (sockets, namespaces) and the Lua
// state. It is idempotent.
func (s *State) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	abandoned, closer := s.abandoned, s.closer
	s.mu.Unlock()
	if closer != nil {
		closer()
	}
	if !abandoned {
		s.L.Close()
	}
}

// Exited reports whether a script called os.exit, and with which status.
func (s *State) Exited() (code int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.code, s.exiting
}

// Interrupt cancels the running chunk, if any. It may be called from any
// goroutine.
func (s *State) Interrupt() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// requestExit records os.exit's status and unwinds the running chunk: the
// cancelled context makes every following instruction raise, through any
// pcall, up to the runner.
func (s *State) requestExit(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exiting {
		s.exiting, s.code = true, code
	}
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *State) exitRequested() bool {
	_, ok := s.Exited()
	return ok
}

// abandon marks the state as still in use by a chunk that ignored
// interrupts: Close then closes the modules' sockets but not the Lua state.
func (s *State) abandon() {
	s.mu.Lock()
	s.abandoned = true
	s.mu.Unlock()
}

// warmPoller makes the Go runtime start its network poller (an epoll fd and
// an eventfd, kept for good) now, while descriptors are free. nlsock's
// sockets bypass the poller, so it would otherwise start on the first file
// a script opens (io.open, os.execute, netns.exec); if the script had used
// up its descriptors by then (sockets or namespaces never closed), the
// runtime dies with "fatal error: runtime: netpollinit failed" and a Go
// stack trace instead of io.open returning EMFILE.
var warmPoller = sync.OnceFunc(func() {
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
})
