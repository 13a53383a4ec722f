//go:build linux

package pcap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sync"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// ErrClosed is returned by writes to a closed Writer.
var ErrClosed = errors.New("capture closed")

// Writer writes a netlink capture. It is safe for concurrent use and
// implements nlsock.CaptureWriter.
type Writer struct {
	mu        sync.Mutex
	w         io.Writer
	c         io.Closer // the file of Create, or nil
	nano      bool
	buf       []byte
	records   int
	truncated int
	err       error // sticky: the first write error, or ErrClosed
}

var _ nlsock.CaptureWriter = (*Writer)(nil)

// WriterOptions adjust a Writer; the zero value writes microsecond
// timestamps, the most widely read variant.
type WriterOptions struct {
	Nanoseconds bool // magic 0xa1b23c4d and nanosecond timestamps
}

// NewWriter writes the file header to w and returns a Writer that appends
// records to it.
func NewWriter(w io.Writer, opts WriterOptions) (*Writer, error) {
	pw := &Writer{w: w, nano: opts.Nanoseconds}
	magic := uint32(MagicMicro)
	if pw.nano {
		magic = MagicNano
	}
	h := make([]byte, FileHeaderLen)
	ne := binary.NativeEndian
	ne.PutUint32(h[0:], magic)
	ne.PutUint16(h[4:], 2)
	ne.PutUint16(h[6:], 4)
	ne.PutUint32(h[16:], Snaplen)
	ne.PutUint32(h[20:], LinkTypeNetlink)
	if _, err := w.Write(h); err != nil {
		return nil, fmt.Errorf("write pcap header: %w", err)
	}
	return pw, nil
}

// Create creates (or truncates) the file path and returns a Writer to it;
// Close closes the file.
func Create(path string) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create capture: %w", err)
	}
	w, err := NewWriter(f, WriterOptions{})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("create capture %s: %w", path, err)
	}
	w.c = f
	return w, nil
}

// WriteDatagram appends one record: the pseudo-header for dir and proto,
// then b. Records are never truncated, except a datagram larger than
// MaxDatagram (a huge batch a program sent): tools refuse records above the
// snaplen, so it is cut to MaxDatagram bytes, with its real size kept in
// orig_len (Record.Truncated when read back) and counted in Truncated.
func (w *Writer) WriteDatagram(dir nlsock.Direction, proto int, b []byte, t time.Time) error {
	if sec := t.Unix(); sec < 0 || sec > math.MaxUint32 {
		return fmt.Errorf("time %v cannot be written in a pcap record", t)
	}
	if proto < 0 || proto > 0xffff {
		return fmt.Errorf("netlink protocol %d out of range", proto)
	}
	if uint64(len(b)) > math.MaxUint32-PseudoHeaderLen {
		return fmt.Errorf("datagram of %d bytes is too large for a pcap record", len(b))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	orig := PseudoHeaderLen + len(b)
	if len(b) > MaxDatagram {
		b = b[:MaxDatagram]
		w.truncated++
	}
	rec := append(w.buf[:0], make([]byte, RecordHeaderLen+PseudoHeaderLen)...)
	ne := binary.NativeEndian
	sub := t.Nanosecond()
	if !w.nano {
		sub /= 1000
	}
	ne.PutUint32(rec[0:], uint32(t.Unix()))
	ne.PutUint32(rec[4:], uint32(sub))
	ne.PutUint32(rec[8:], uint32(PseudoHeaderLen+len(b)))
	ne.PutUint32(rec[12:], uint32(orig))
	putPseudo(rec[RecordHeaderLen:], dir, proto)
	rec = append(rec, b...)
	w.buf = rec
	if _, err := w.w.Write(rec); err != nil {
		w.err = fmt.Errorf("write capture record %d: %w", w.records, err)
		return w.err
	}
	w.records++
	return nil
}

// Truncated is the number of datagrams cut to MaxDatagram bytes.
func (w *Writer) Truncated() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.truncated
}

// WriteRecord appends r (its Direction, Protocol, Time and Data).
func (w *Writer) WriteRecord(r Record) error {
	return w.WriteDatagram(r.Direction, r.Protocol, r.Data, r.Time)
}

// Records is the number of records written.
func (w *Writer) Records() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.records
}

// Close ends the capture: later writes fail with ErrClosed. It closes the
// file when the Writer came from Create. Close is idempotent.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if errors.Is(w.err, ErrClosed) {
		return nil
	}
	w.err = ErrClosed
	w.buf = nil
	if w.c != nil {
		return w.c.Close()
	}
	return nil
}
