//go:build linux

package luabind

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// Options configure the modules Open installs.
type Options struct {
	// DefaultNS is the namespace netlink.open uses when the script names
	// none (-n/--netns, or the test harness's fresh namespace). The zero
	// value is the process's own namespace.
	DefaultNS nlsock.NetNS
	// Stdout is where module functions that print write. Nil discards.
	Stdout io.Writer
	// Capture, if set, records every socket netlink.open hands out
	// (nlsh --capture FILE); see capture.go.
	Capture nlsock.CaptureWriter
	// SpecDirs are searched first for ynl specs (nlsh --specs DIR), before
	// $NLSH_SPECS and the system directories; see ynl.go.
	SpecDirs []string
	// Open, if set, opens the sockets netlink.open and the family modules
	// hand out, instead of nlsock.OpenConfig: tests give nlfake's OpenIn
	// to run Lua without root against a fake kernel.
	Open func(proto int, ns nlsock.NetNS, cfg nlsock.Config) (*nlsock.Socket, error)
}

// BodyDecoder decodes the family header and attributes of one message into
// the value stored as the message table's "body" field. It returns nil when
// it has nothing to say about the message. It must not panic on any bytes
// (a panic still becomes a Lua error, but a decoder should return partial
// results instead).
type BodyDecoder func(L *lua.LState, m nlsock.Message) lua.LValue

// Groups maps multicast group names to numbers and back for one protocol.
type Groups struct {
	// Resolve turns a user-written name ("link", "ipv4-ifaddr",
	// "nlctrl:notify") into group numbers, asking the kernel through s if it
	// must. A name that cannot be valid should fail with an *UnknownGroupError
	// (raised as a Lua argument error); other errors are returned to Lua as
	// nil, msg, errname.
	Resolve func(ctx context.Context, s *nlsock.Socket, name string) ([]uint32, error)
	// Name names a group number, or returns "" (sock:groups() then shows the
	// number). May be nil.
	Name func(id uint32) string
}

// UnknownGroupError is a group name a protocol does not have.
type UnknownGroupError struct {
	Proto string // "route"
	Name  string // as written
	Known string // a hint listing valid names, may be empty
}

func (e *UnknownGroupError) Error() string {
	msg := fmt.Sprintf("unknown %s group %q", e.Proto, e.Name)
	if e.Known != "" {
		msg += " (" + e.Known + ")"
	}
	return msg
}

// Env tracks every socket and namespace handed to one Lua state, so they are
// closed when the state goes away (gopher-lua has no __gc), and holds the
// per-protocol knowledge the family modules plug in.
type Env struct {
	opts Options

	mu      sync.Mutex
	sockets map[*Socket]struct{}
	spaces  map[*namespace]struct{}
	closed  bool
	// genlNames are the generic family ids seen by name, for naming the
	// attributes of failed generic requests (offsetname.go).
	genlNames map[uint16]string

	bodies    map[int]BodyDecoder
	typeNames map[int]func(uint16) string
	groups    map[int]Groups
}

// Open installs the netlink and netns modules, then the family modules
// (mods.Families has them all), into L as globals and as package.preload
// entries, so both `netlink.open` and `require "netlink"` work. If L has no
// package library, only the globals are set.
func Open(L *lua.LState, opts Options, families []Module) *Env {
	e := &Env{
		opts:      opts,
		sockets:   map[*Socket]struct{}{},
		spaces:    map[*namespace]struct{}{},
		bodies:    map[int]BodyDecoder{},
		typeNames: map[int]func(uint16) string{},
		groups:    map[int]Groups{},
	}
	registerSocketType(e, L)
	registerNamespaceType(e, L)
	registerExactInt(L) // before any module, so decoders can make nlsh.int values
	for _, m := range append(core[:len(core):len(core)], families...) {
		tbl := m.Open(e, L)
		L.SetGlobal(m.Name, tbl)
		preload(L, m.Name, tbl)
	}
	materializeFirst(L) // materialize.go
	return e
}

// preload makes require(name) return tbl, when L has package.preload.
func preload(L *lua.LState, name string, tbl *lua.LTable) {
	pkg, ok := L.GetGlobal("package").(*lua.LTable)
	if !ok {
		return
	}
	pre, ok := pkg.RawGetString("preload").(*lua.LTable)
	if !ok {
		return
	}
	pre.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
		L.Push(tbl)
		return 1
	}))
}

// Options are the options Open was given.
func (e *Env) Options() Options { return e.opts }

// SetBodyDecoder makes fn decode the "body" of every message of protocol
// proto that luabind turns into a table (recv, request, decode).
func (e *Env) SetBodyDecoder(proto int, fn BodyDecoder) { e.bodies[proto] = fn }

// BodyDecoder is the decoder SetBodyDecoder registered for proto, or nil.
func (e *Env) BodyDecoder(proto int) BodyDecoder { return e.bodies[proto] }

// SetTypeNames makes fn name the message types (>= 16) of protocol proto,
// for the message table's "name" field ("RTM_NEWLINK").
func (e *Env) SetTypeNames(proto int, fn func(uint16) string) { e.typeNames[proto] = fn }

// SetGroups makes g resolve multicast group names for protocol proto
// (sock:join("link"), sock:groups()).
func (e *Env) SetGroups(proto int, g Groups) { e.groups[proto] = g }

// Close closes every socket and namespace still open. It is idempotent and
// safe to call from another goroutine than the one running L; sockets closed
// this way unblock a recv in progress.
func (e *Env) Close() {
	e.mu.Lock()
	socks, spaces := e.sockets, e.spaces
	e.sockets, e.spaces = map[*Socket]struct{}{}, map[*namespace]struct{}{}
	e.closed = true
	e.mu.Unlock()
	for s := range socks {
		s.Close()
	}
	for ns := range spaces {
		ns.close()
	}
}

// Sockets reports how many sockets handed to Lua are open right now.
func (e *Env) Sockets() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.sockets)
}

// Namespaces reports how many namespaces made by netns.new are open.
func (e *Env) Namespaces() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.spaces)
}

// track records s; it reports false if the Env is already closed.
func (e *Env) track(s *Socket) bool { return addOpen(e, &e.sockets, s) }

func (e *Env) trackNS(ns *namespace) bool { return addOpen(e, &e.spaces, ns) }

// addOpen adds v to *set, one of e's sets of open objects, under e.mu; it
// reports false, adding nothing, once e is closed. set points at the field,
// read under e.mu, since Close replaces the sets.
func addOpen[T comparable](e *Env, set *map[T]struct{}, v T) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return false
	}
	(*set)[v] = struct{}{}
	return true
}

// closeOnce runs closeFn and removes v from *set, one of e's sets of open
// objects, the first time it is called for v (closed is v's flag); it
// reports whether this call closed v.
func closeOnce[T comparable](e *Env, set *map[T]struct{}, v T, closed *atomic.Bool, closeFn func()) bool {
	if !closed.CompareAndSwap(false, true) {
		return false
	}
	closeFn()
	e.mu.Lock()
	delete(*set, v)
	e.mu.Unlock()
	return true
}
