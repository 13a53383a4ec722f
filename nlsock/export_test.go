package nlsock

// SetSeqForTest presets the sequence counter: the next Seq is v+1 (or 1
// after 0xFFFFFFFF).
func SetSeqForTest(s *Socket, v uint32) { s.seq.Store(v) }
