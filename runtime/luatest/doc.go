// Package luatest runs Lua regression scripts under go test: each .lua file
// is a subtest, run in parallel with the others, in a fresh anonymous
// network namespace with a fresh nlsh Lua state (the shell's libraries and
// the netlink, netns and family modules; netlink.open() without a namespace
// lands in the fresh one), and each test(name, fn) case inside it is a
// nested subtest in declaration order:
//
//	func init() { runtime.LockOSThread() } // the main thread never leaves the host netns
//
//	func TestLua(t *testing.T) {
//		luatest.Run(t, "testdata/lua", luatest.Options{})
//	}
//
//	go test -run 'TestLua/links.lua/overrun'
//
// The Lua side (test, expect, eq, errors, skip, cleanup), the per-file timeout and
// the isolation checks are those of package runtime/testrun, which also
// drives `nlsh test`. A failed assertion fails its subtest with file:line;
// skip skips it; a socket or namespace left open is closed and logged as a
// warning on the file's subtest (Options.Strict fails it instead); what a case
// printed is logged (go test -v shows it). After all files, the process's
// file descriptor count must be what it was before, and no thread may be
// outside the host namespace.
//
// Scripts need root (CAP_SYS_ADMIN and CAP_NET_ADMIN) for their namespaces:
// without it each file is skipped, unless NLSH_REQUIRE_NETNS=1 is set, in
// which case it fails. (Options.NewKernel gives each file a kernel of its
// own instead: luatest's own tests use a fake one without root.)
package luatest
