package nlsock

// SetSeqForTest presets the sequence counter: the next Seq is v+1 (or 1
// after 0xFFFFFFFF).
func SetSeqForTest(s *Socket, v uint32) { s.seq.Store(v) }

// FailReadsForTest makes the next n reads that follow a successful peek
// fail with ENOBUFS, each with a message lost (the socket's drop counter
// rising) when loss is set. Call it before the socket is read.
func FailReadsForTest(s *Socket, n int, loss bool) {
	s.fault = &readFault{enobufs: n, loss: loss}
}
