package diag

import "runtime"

// Tests that enter namespaces keep the main goroutine on the main thread.
func init() { runtime.LockOSThread() }
