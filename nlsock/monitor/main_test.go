package monitor_test

import "runtime"

// Kernel tests use fresh namespaces: keep main on its thread (nlsocktest).
func init() { runtime.LockOSThread() }
