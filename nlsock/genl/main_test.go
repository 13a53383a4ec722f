package genl

import "runtime"

// Tests that enter namespaces keep the main goroutine on the main thread,
// so no locked goroutine can wedge it in a foreign namespace.
func init() { runtime.LockOSThread() }
