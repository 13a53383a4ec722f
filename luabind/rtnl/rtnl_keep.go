//go:build linux

package rtnl

import (
	"encoding/binary"
	"math/bits"
)

// payloadStore keeps the payloads of a dump for the lazy fields (attrs,
// stats, ...), which need the message as the kernel sent it. The messages
// of a dump are mostly alike: consecutive links differ in their name,
// index, addresses and counters, a few dozen of some 1,500 bytes. So a
// payload is kept as the runs of bytes where it differs from a base, the
// last payload of the same length kept whole, and rebuilt exactly on first
// access. One with no base, or differing in too many bytes, is kept whole
// and becomes the base. For 2001 links this keeps about 90 KB instead of
// 2.9 MB: less memory to fault in and less to scan.
//
// Everything lives in shared chunks without pointers, which the garbage
// collector need not scan.
type payloadStore struct {
	chunk []byte
	base  []byte
	kept  int // bytes used, for tests
}

// keptPayload is a payload in a payloadStore: whole in data when base is
// nil, else the runs where it differs from base, each as offset (2 bytes),
// length (2 bytes) and the bytes.
type keptPayload struct {
	base, data []byte
}

const (
	firstChunk = 32 << 10
	maxChunk   = 256 << 10
	// A run ends at this many equal bytes; shorter gaps are cheaper
	// inside a run than as the 4-byte header of the next.
	runGap = 4
)

// keep stores p, which need stay valid only during the call.
func (ps *payloadStore) keep(p []byte) keptPayload {
	if b := ps.base; len(b) == len(p) && len(p) <= 0xffff {
		if d, ok := ps.diff(p, b); ok {
			return keptPayload{base: b, data: d}
		}
	}
	whole := append(ps.reserve(len(p)), p...)
	ps.commit(len(whole))
	whole = whole[:len(p):len(p)]
	ps.base = whole
	return keptPayload{data: whole}
}

// reserve returns an empty slice with room for n bytes at the end of the
// current chunk, starting a new chunk when needed.
func (ps *payloadStore) reserve(n int) []byte {
	if n > cap(ps.chunk)-len(ps.chunk) {
		size := firstChunk
		if c := cap(ps.chunk); c > 0 {
			size = min(2*c, maxChunk)
		}
		ps.chunk = make([]byte, 0, max(size, n))
	}
	off := len(ps.chunk)
	return ps.chunk[off:off:cap(ps.chunk)]
}

// commit claims n bytes of what reserve returned.
func (ps *payloadStore) commit(n int) {
	ps.chunk = ps.chunk[:len(ps.chunk)+n]
	ps.kept += n
}

// diff encodes the runs where p differs from b (same length), or fails when
// they would take more than a quarter of p.
func (ps *payloadStore) diff(p, b []byte) ([]byte, bool) {
	limit := len(p) / 4
	d := ps.reserve(limit)
	d = d[:0:limit]
	n := len(p)
	b = b[:n]
	for i := 0; i < n; {
		i = firstDiff(p, b, i)
		if i == n {
			break
		}
		start, end := i, i+1
		for j := end; j < n && j-end < runGap; j++ {
			if p[j] != b[j] {
				end = j + 1
			}
		}
		if len(d)+4+(end-start) > limit {
			return nil, false
		}
		d = binary.NativeEndian.AppendUint16(d, uint16(start))
		d = binary.NativeEndian.AppendUint16(d, uint16(end-start))
		d = append(d, p[start:end]...)
		i = end
	}
	ps.commit(len(d))
	return d[:len(d):len(d)], true
}

// firstDiff is the first index from i on where p and b (as long) differ,
// or len(p): 32 bytes a step while they are equal.
func firstDiff(p, b []byte, i int) int {
	n := len(p)
	b = b[:n]
	for ; i+32 <= n; i += 32 {
		x, y := p[i:i+32:i+32], b[i:i+32:i+32]
		if (le.Uint64(x)^le.Uint64(y))|(le.Uint64(x[8:])^le.Uint64(y[8:]))|
			(le.Uint64(x[16:])^le.Uint64(y[16:]))|(le.Uint64(x[24:])^le.Uint64(y[24:])) != 0 {
			break
		}
	}
	for ; i+8 <= n; i += 8 {
		if v := le.Uint64(p[i:]) ^ le.Uint64(b[i:]); v != 0 {
			return i + bits.TrailingZeros64(v)/8
		}
	}
	for ; i < n; i++ {
		if p[i] != b[i] {
			return i
		}
	}
	return n
}

var le = binary.LittleEndian

// bytes returns the payload as it was kept: the stored bytes when kept
// whole (never write to them), else a new slice.
func (k keptPayload) bytes() []byte {
	if k.base == nil {
		return k.data
	}
	return k.rebuild(nil)
}

// rebuild appends the payload of a diffed k to buf.
func (k keptPayload) rebuild(buf []byte) []byte {
	off := len(buf)
	buf = append(buf, k.base...)
	out := buf[off:]
	for d := k.data; len(d) >= 4; {
		at := int(binary.NativeEndian.Uint16(d))
		n := int(binary.NativeEndian.Uint16(d[2:]))
		copy(out[at:], d[4:4+n])
		d = d[4+n:]
	}
	return buf
}

// size is how many bytes the store holds.
func (ps *payloadStore) size() int { return ps.kept }
