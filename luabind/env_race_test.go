//go:build linux

package luabind

import (
	"testing"
	"time"
)

// Adding to and removing from an Env's sets of open objects must read the
// set under the lock, since Close (from another goroutine) replaces the
// sets: a goroutine that reads e.sockets before locking races with Close's
// write. The goroutines share no synchronisation but e.mu, so `go test
// -race` reports the race with the set read outside the lock (checked);
// without -race, what is checked is that nothing joins a closed Env and
// that closing an object after Close leaves the new set alone.
func TestEnvSetsReadUnderLock(t *testing.T) {
	e := &Env{sockets: map[*Socket]struct{}{}, spaces: map[*namespace]struct{}{}}
	late := &Socket{Env: e} // never tracked: its close touches the set only
	tracked := make(chan bool, 1)
	// Started before Close, with no channel between them, so the race
	// detector orders nothing: sleeping only makes the reads come after.
	go func() {
		time.Sleep(20 * time.Millisecond)
		closeOnce(e, &e.sockets, late, &late.closed, func() {})
		tracked <- e.track(&Socket{Env: e})
	}()
	e.Close()
	if <-tracked {
		t.Error("a socket joined an Env after Close")
	}
	if n := e.Sockets(); n != 0 {
		t.Errorf("%d sockets in a closed Env, want 0", n)
	}
}
