package nlsock_test

import (
	"runtime"
)

// The main goroutine keeps the main thread, which the runtime never
// discards, so no test can wedge it in a foreign namespace.
func init() { runtime.LockOSThread() }
