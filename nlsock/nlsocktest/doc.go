// Package nlsocktest helps tests that need the real kernel: a fresh network
// namespace per test, cleaned up automatically, and checks that nothing
// leaked (file descriptors, threads left in a foreign namespace).
//
// Test binaries that use it should lock the main goroutine to the main
// thread, which the Go runtime never discards:
//
//	func init() { runtime.LockOSThread() }
//
// Kernel tests skip when the process cannot create namespaces, unless the
// environment sets NLSH_REQUIRE_NETNS=1, in which case they fail instead.
package nlsocktest
