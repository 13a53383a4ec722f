package nlsock

import "golang.org/x/sys/unix"

// SetSeqForTest presets the sequence counter: the next Seq is v+1 (or 1
// after 0xFFFFFFFF).
func SetSeqForTest(s *Socket, v uint32) { s.seq.Store(v) }

// FailReadsForTest makes the next n reads that follow a successful peek
// (or direct reads, see SetDirectRead) fail with ENOBUFS, each with a message lost (the socket's drop counter
// rising) when loss is set. Call it before the socket is read.
func FailReadsForTest(s *Socket, n int, loss bool) {
	f := &readFault{loss: loss}
	f.enobufs.Store(int32(n))
	s.fault = f
}

// FailSwitchBackForTest makes every switch back to the home namespace fail
// with EPERM, leaving the thread in the namespace it entered, until the
// returned function restores the real one. The test must not be parallel.
func FailSwitchBackForTest() (restore func()) {
	real := switchBack
	switchBack = func(int) error { return unix.EPERM }
	return func() { switchBack = real }
}
