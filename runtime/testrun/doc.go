// Package testrun is the engine behind Lua regression scripts: it runs
// .lua files whose test(name, fn) calls declare cases, each file in a fresh
// anonymous network namespace with a fresh Lua state, and reports every case
// as passed, failed or skipped. Two front ends share it: package
// runtime/luatest (go test: each file a subtest, each case a nested
// subtest) and `nlsh test` (a line per case, JUnit XML). This package does
// not import testing, so the nlsh binary does not carry it.
//
// # A file's life
//
// Open creates the namespace (nlsock.NewNamespace) and a state through
// runtime.New with luabind's modules, so scripts see the same libraries as
// the shell, and netlink.open() without a namespace lands in the fresh one.
// Load runs the file's top level, which declares the cases; RunCase runs one
// case; Close closes the state, the Env and the namespace and checks for
// leaks. (Options.NewKernel replaces the namespace with a kernel of the
// caller's: the harness's own tests run on a fake kernel without root.)
// The top level and every case share one deadline, Options.Timeout
// (default 30s) counted from Open, installed with LState.SetContext: a
// blocked recv wakes and the case fails with the place it was waiting. A
// case that ignores its context is abandoned after a grace period, its
// sockets closed under it.
//
// # Lua globals
//
// test(name, fn) declares a case (top level only; names are unique).
// expect(cond [, msg]), eq(got, want [, msg]) (deep for tables, ignoring
// metatables; a failure shows both values and a -want +got diff),
// errors(fn [, pattern]) (fn must raise; pattern is found plainly or as a Lua
// pattern; returns the message), skip(reason) and cleanup(fn) (inside a
// case fn runs after it; at the top level after all the file's cases, so
// what cases share can be set up at the top level and still closed when -run
// selects one case; last registered, first run; even after failures). A failed assertion is
// recorded before it raises, so a pcall in the script cannot hide it. Each
// failure names file:line of the assertion call. os.exit inside a case
// fails that case only; it never ends the process.
//
// # Isolation
//
// After each file the harness, which owns the file's state and namespace,
// closes the sockets and namespaces the script left open and names them in
// a warning (File.Warnings, FileResult.Warnings); the cases' results stand.
// With Options.Strict they fail the file instead (reported only when
// nothing else failed, since a failing case naturally skips its close
// calls). The Env must report none after Close;
// and no thread of the process may stay in another network namespace than
// the host's (compared with the inode seen at package init, rechecked for a
// moment since other files switch threads briefly while opening sockets).
// Process-wide file descriptors are compared once, after all files
// (FDCount), because files run in parallel.
//
// # Concurrency
//
// A File is used by one goroutine at a time. Run runs files in parallel
// (Options.Parallel) and cases of one file in declaration order.
package testrun
