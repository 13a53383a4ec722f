//go:build linux

package pcap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// maxRecord bounds a record's size whatever the file header claims, so a
// damaged length cannot make the Reader allocate gigabytes.
const maxRecord = 16 << 20

// Reader reads the records of a netlink capture.
type Reader struct {
	r       *bufio.Reader
	order   binary.ByteOrder
	nano    bool
	snaplen uint32
	off     int64 // file offset of the next record
	n       int   // records read
	err     error // sticky
}

// NewReader reads and checks the file header.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReader(r)
	h := make([]byte, FileHeaderLen)
	if n, err := io.ReadFull(br, h); err != nil {
		if n >= 4 && isPcapng(h) {
			return nil, errPcapng
		}
		if err == io.EOF {
			return nil, fmt.Errorf("not a pcap file: empty")
		}
		return nil, fmt.Errorf("not a pcap file: header is %d bytes, want %d", n, FileHeaderLen)
	}
	pr := &Reader{r: br, off: FileHeaderLen}
	if err := pr.parseHeader(h); err != nil {
		return nil, err
	}
	return pr, nil
}

var errPcapng = errors.New("pcapng files are not supported: convert with 'editcap -F pcap IN OUT'")

func isPcapng(h []byte) bool { return binary.LittleEndian.Uint32(h) == magicPcapng }

func (r *Reader) parseHeader(h []byte) error {
	le, be := binary.LittleEndian, binary.BigEndian
	switch {
	case le.Uint32(h) == MagicMicro:
		r.order = le
	case le.Uint32(h) == MagicNano:
		r.order, r.nano = le, true
	case be.Uint32(h) == MagicMicro:
		r.order = be
	case be.Uint32(h) == MagicNano:
		r.order, r.nano = be, true
	case isPcapng(h):
		return errPcapng
	default:
		return fmt.Errorf("not a pcap file: magic %#08x", le.Uint32(h))
	}
	if major := r.order.Uint16(h[4:]); major != 2 {
		return fmt.Errorf("pcap version %d.%d is not supported (want 2.4)", major, r.order.Uint16(h[6:]))
	}
	r.snaplen = r.order.Uint32(h[16:])
	// The upper bits of the link type field carry an FCS length and flags.
	if lt := r.order.Uint32(h[20:]) & 0x0fffffff; lt != LinkTypeNetlink {
		return fmt.Errorf("link type %d is not netlink (%d): not a netlink capture", lt, LinkTypeNetlink)
	}
	return nil
}

// Nanoseconds reports whether the file has nanosecond timestamps.
func (r *Reader) Nanoseconds() bool { return r.nano }

// Next returns the next record, or io.EOF after the last one. Any other
// error names the record and its offset; the Reader is done after it.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	rec, err := r.next()
	if err != nil {
		if err != io.EOF {
			err = fmt.Errorf("record %d at offset %d: %w", r.n+1, r.off, err)
		}
		r.err = err
		return Record{}, err
	}
	r.n++
	return rec, nil
}

func (r *Reader) next() (Record, error) {
	var h [RecordHeaderLen]byte
	if n, err := io.ReadFull(r.r, h[:]); err != nil {
		if err == io.EOF {
			return Record{}, io.EOF
		}
		return Record{}, fmt.Errorf("record header cut short after %d of %d bytes: %w", n, RecordHeaderLen, io.ErrUnexpectedEOF)
	}
	sec, sub := r.order.Uint32(h[0:]), r.order.Uint32(h[4:])
	incl, orig := r.order.Uint32(h[8:]), r.order.Uint32(h[12:])
	if incl > maxRecord || (r.snaplen >= PseudoHeaderLen && incl > max(r.snaplen, Snaplen)) {
		return Record{}, fmt.Errorf("record length %d exceeds the snaplen %d", incl, r.snaplen)
	}
	if incl < PseudoHeaderLen {
		return Record{}, fmt.Errorf("record of %d bytes is shorter than the %d-byte netlink pseudo-header", incl, PseudoHeaderLen)
	}
	data := make([]byte, incl)
	if n, err := io.ReadFull(r.r, data); err != nil {
		return Record{}, fmt.Errorf("record data cut short after %d of %d bytes: %w", n, incl, io.ErrUnexpectedEOF)
	}
	r.off += RecordHeaderLen + int64(incl)
	be := binary.BigEndian
	if ht := be.Uint16(data[2:]); ht != ARPHRDNetlink {
		return Record{}, fmt.Errorf("pseudo-header hardware type %d is not ARPHRD_NETLINK (%d)", ht, ARPHRDNetlink)
	}
	pt := be.Uint16(data[0:])
	return Record{
		Time:       r.stamp(sec, sub),
		Direction:  direction(pt),
		PacketType: pt,
		Protocol:   int(be.Uint16(data[14:])),
		Data:       data[PseudoHeaderLen:],
		Truncated:  orig > incl,
	}, nil
}

func (r *Reader) stamp(sec, sub uint32) time.Time {
	if r.nano {
		return time.Unix(int64(sec), int64(sub))
	}
	return time.Unix(int64(sec), int64(sub)*1000)
}

// ReadAll reads every record from r.
func ReadAll(r io.Reader) ([]Record, error) {
	pr, err := NewReader(r)
	if err != nil {
		return nil, err
	}
	var recs []Record
	for {
		rec, err := pr.Next()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return recs, err
		}
		recs = append(recs, rec)
	}
}

// ReadFile reads every record of the capture at path. On a damaged file it
// returns the records before the damage with the error.
func ReadFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read capture: %w", err)
	}
	defer f.Close()
	recs, err := ReadAll(f)
	if err != nil {
		return recs, fmt.Errorf("read capture %s: %w", path, err)
	}
	return recs, nil
}
