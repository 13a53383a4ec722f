package explain_test

import "runtime"

// Tests that touch namespaces run on the locked main thread (see
// nlsocktest).
func init() { runtime.LockOSThread() }
