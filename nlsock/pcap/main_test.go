package pcap_test

import "runtime"

// Kernel tests open sockets in fresh namespaces: keep main on its thread
// (see nlsocktest).
func init() { runtime.LockOSThread() }
