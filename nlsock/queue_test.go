package nlsock

import "testing"

// TestQueueOrderAndBound: the Receive queue hands entries out in order
// while it is filled and drained in turns, and one that never empties
// does not grow beyond about twice what it holds.
func TestQueueOrderAndBound(t *testing.T) {
	s := &Socket{queueSig: make(chan struct{}, 1)}
	next, want := uint32(0), uint32(0)
	push := func(n int) {
		for range n {
			s.enqueue(queued{m: Message{Header: Header{Seq: next}}})
			next++
		}
	}
	popN := func(n int) {
		for range n {
			q, ok := s.pop()
			if !ok {
				t.Fatalf("queue empty, want seq %d", want)
			}
			if q.m.Header.Seq != want {
				t.Fatalf("popped seq %d, want %d", q.m.Header.Seq, want)
			}
			want++
		}
	}
	for range 1000 {
		push(7)
		popN(6) // one more stays behind each round
		if live := s.queueLen(); cap(s.queue) > 2*(live+7)+32 {
			t.Fatalf("queue holds %d entries in an array of %d", live, cap(s.queue))
		}
	}
	popN(s.queueLen())
	if _, ok := s.pop(); ok || s.queueLen() != 0 {
		t.Fatalf("queue not empty after draining")
	}
	for _, q := range s.queue[:cap(s.queue)] {
		if q.m.Header.Seq != 0 {
			t.Fatalf("popped entry not cleared: %+v", q)
		}
	}
}
