package rtnl

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestPayloadStore keeps payloads like a dump's (mostly alike, sometimes of
// another length, sometimes all different) and gets each back exactly, also
// after the store moved on to later chunks and bases.
func TestPayloadStore(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var ps payloadStore
	var want [][]byte
	var kept []keptPayload
	base := make([]byte, 1400)
	for i := range base {
		base[i] = byte(r.IntN(4)) // runs of equal bytes, as in zeroed counters
	}
	for i := range 3000 {
		var p []byte
		switch {
		case i%500 == 7: // another length: a new base
			p = make([]byte, 1400+4*r.IntN(3)+4)
		case i%97 == 3: // nothing alike: kept whole
			p = make([]byte, len(base))
			for j := range p {
				p[j] = byte(r.Uint32())
			}
		case i%11 == 0:
			p = []byte{} // empty and tiny payloads
			if i%22 == 0 {
				p = []byte{1, 2, 3}
			}
		default:
			p = bytes.Clone(base)
			for range r.IntN(12) { // a few changed bytes, at the ends too
				p[r.IntN(len(p))] ^= byte(1 + r.IntN(255))
			}
			p[0], p[len(p)-1] = byte(i), byte(i>>8)
		}
		want = append(want, bytes.Clone(p))
		kept = append(kept, ps.keep(p))
		clear(p) // the caller's buffer is reused
	}
	for i, k := range kept {
		if got := k.bytes(); !bytes.Equal(got, want[i]) {
			t.Fatalf("payload %d: got %d bytes %x...\nwant %d bytes %x...", i, len(got), head(got), len(want[i]), head(want[i]))
		}
	}
	total := 0
	for _, w := range want {
		total += len(w)
	}
	if kb := ps.size(); kb > total/4 {
		t.Errorf("kept %d bytes for %d bytes of payloads", kb, total)
	}
}

func head(b []byte) []byte { return b[:min(len(b), 16)] }

// BenchmarkPayloadStoreKeep keeps 1,480-byte payloads that differ from the
// previous in a dozen bytes, like a dump of veth links.
func BenchmarkPayloadStoreKeep(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	base := make([]byte, 1480)
	for i := range base {
		base[i] = byte(r.IntN(4))
	}
	payloads := make([][]byte, 64)
	for i := range payloads {
		p := bytes.Clone(base)
		for range 12 {
			p[r.IntN(len(p))] ^= 0x55
		}
		payloads[i] = p
	}
	b.SetBytes(int64(len(base)))
	var ps payloadStore
	for i := range b.N {
		if i%2048 == 0 {
			ps = payloadStore{}
		}
		ps.keep(payloads[i%len(payloads)])
	}
}
