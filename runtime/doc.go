// Package runtime is nlsh's Lua host: one gopher-lua state per session with
// the libraries a Lua user expects, string.pack/unpack/packsize, the script
// runner and the interactive REPL (line editing, history, completion, pretty
// printing). Importers alias it (nlrt) because it shadows the standard
// library's runtime package.
//
// # Libraries
//
// base, package, table, string, math, coroutine, io and os are open; debug is
// not. print and io.write (while io.output() is standard output) write to
// Options.Stdout. os.exit does not end the process: it records the exit code
// and unwinds the running chunk through its context, so sockets are closed and
// history saved by the caller before it returns the code. require looks next to
// the script first.
//
// # Modules
//
// New opens luabind's modules (netlink, netns and the family modules) with
// Options.NetNS as netlink.open's default namespace, unless Options.Modules
// replaces them (tests). Close closes every socket and namespace they handed
// out, however the session ended: end of script, error, os.exit, Ctrl-D.
//
// # Showing values
//
// The REPL prints the values every chunk returns (a bare expression's, a
// `return`'s) and keeps the first in the global _. show(v [, {full=true}])
// pretty-prints anywhere; an array of at least five objects prints as a
// table with columns chosen per kind and fitted to the terminal's width
// (tableview.go). Output taller than the terminal goes through $PAGER (less
// -FRX by default) only while a REPL chunk runs on a terminal; colours only
// when stdout is a terminal and NO_COLOR is unset. With Options.JSON (nlsh
// -j) returned values print as JSON lines instead (luajson.EncodeJSON).
//
// # Limits
//
// The call stack and the registry have fixed sizes, so runaway recursion and
// huge unpacks are Lua errors ("stack overflow", "registry overflow"), never a
// crash. A Go panic inside a Go function called from Lua becomes a Lua error
// "internal error in NAME: ..."; the Go stack is shown only with
// Options.Debug.
//
// # Protected calls
//
// pcall, xpcall, the test harness's errors() and State.PCall (for Go code
// that calls back into Lua) run the protected function on a pooled helper
// thread of the same state, so a caught error closes only the upvalues of
// the frames it unwinds: gopher-lua's own PCall closes those of every frame,
// and a closure's writes to its caller's local would be lost. Error levels,
// getfenv/setfenv levels and coroutine.running/status look through the
// helpers; a yield inside a protected call fails as in Lua 5.1; protected
// calls nest at most 200 deep ("C stack overflow"). string.format,
// table.sort and tonumber are nlsh's, written after Lua 5.1's; README's "The
// Lua dialect" lists what still differs from lua5.1.
//
// # Interrupts
//
// Every chunk runs on its own goroutine under a fresh context installed with
// LState.SetContext; the VM checks it before each instruction and blocking
// bindings (luabind's recv) watch L.Context(). A value on Options.Interrupts
// (SIGINT) cancels the running chunk: the REPL prints "interrupted" and
// returns to the prompt. A second interrupt within two seconds, while the chunk
// still runs (a long builtin ignores the context), abandons it: the REPL
// returns ExitInterrupted and the caller exits the process.
//
// # Concurrency
//
// A State is used by one goroutine at a time; only Interrupt may be called
// concurrently.
package runtime
