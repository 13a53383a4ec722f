package pcap_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/pcap"
)

// sample is a few datagrams of both directions and two protocols.
func sample() []pcap.Record {
	t0 := time.Unix(1700000000, 123456000)
	getlink := nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 18, Flags: nlsock.FlagRequest | nlsock.FlagDump, Seq: 1, PortID: 77}, Payload: make([]byte, 16)})
	done := nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: nlsock.TypeDone, Flags: nlsock.FlagMulti, Seq: 1, PortID: 77}, Payload: make([]byte, 4)})
	two := append(append([]byte(nil), getlink...), done...)
	return []pcap.Record{
		{Time: t0, Direction: nlsock.Sent, PacketType: pcap.PacketOutgoing, Protocol: 0, Data: getlink},
		{Time: t0.Add(time.Millisecond), Direction: nlsock.Received, PacketType: pcap.PacketHost, Protocol: 0, Data: two},
		{Time: t0.Add(2 * time.Millisecond), Direction: nlsock.Received, PacketType: pcap.PacketHost, Protocol: 16, Data: []byte{}},
	}
}

func writeAll(t testing.TB, opts pcap.WriterOptions, recs []pcap.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := pcap.NewWriter(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.WriteRecord(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts pcap.WriterOptions
	}{{"micro", pcap.WriterOptions{}}, {"nano", pcap.WriterOptions{Nanoseconds: true}}} {
		t.Run(tc.name, func(t *testing.T) {
			want := sample()
			if tc.name == "nano" {
				want[0].Time = want[0].Time.Add(789)
			}
			got, err := pcap.ReadAll(bytes.NewReader(writeAll(t, tc.opts, want)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLayout checks the bytes against PCAP.md.
func TestLayout(t *testing.T) {
	rec := sample()[0]
	b := writeAll(t, pcap.WriterOptions{}, []pcap.Record{rec})
	ne, be := binary.NativeEndian, binary.BigEndian
	checks := []struct {
		name      string
		got, want uint32
	}{
		{"magic", ne.Uint32(b[0:]), pcap.MagicMicro},
		{"version major", uint32(ne.Uint16(b[4:])), 2},
		{"version minor", uint32(ne.Uint16(b[6:])), 4},
		{"thiszone", ne.Uint32(b[8:]), 0},
		{"sigfigs", ne.Uint32(b[12:]), 0},
		{"snaplen", ne.Uint32(b[16:]), 262144},
		{"linktype", ne.Uint32(b[20:]), 253},
		{"ts_sec", ne.Uint32(b[24:]), 1700000000},
		{"ts_usec", ne.Uint32(b[28:]), 123456},
		{"incl_len", ne.Uint32(b[32:]), uint32(16 + len(rec.Data))},
		{"orig_len", ne.Uint32(b[36:]), uint32(16 + len(rec.Data))},
		{"packet type", uint32(be.Uint16(b[40:])), 4},
		{"arphrd", uint32(be.Uint16(b[42:])), 824},
		{"addr len", uint32(be.Uint16(b[44:])), 0},
		{"addr", uint32(be.Uint64(b[46:]) >> 32), 0},
		{"protocol", uint32(be.Uint16(b[54:])), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if !bytes.Equal(b[56:], rec.Data) {
		t.Errorf("netlink bytes differ:\n%x\n%x", b[56:], rec.Data)
	}
}

// swapped rewrites a capture in the other byte order (file and record
// headers; the pseudo-header and netlink bytes stay as they are).
func swapped(b []byte) []byte {
	out := append([]byte(nil), b...)
	sw := func(off, size int) {
		for i, j := off, off+size-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	sw(0, 4)
	sw(4, 2)
	sw(6, 2)
	for _, off := range []int{8, 12, 16, 20} {
		sw(off, 4)
	}
	ne := binary.NativeEndian
	for off := pcap.FileHeaderLen; off+16 <= len(b); {
		incl := int(ne.Uint32(b[off+8:]))
		for i := 0; i < 4; i++ {
			sw(off+4*i, 4)
		}
		off += 16 + incl
	}
	return out
}

func TestOtherByteOrder(t *testing.T) {
	for _, nano := range []bool{false, true} {
		want := sample()
		b := swapped(writeAll(t, pcap.WriterOptions{Nanoseconds: nano}, want))
		r, err := pcap.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if r.Nanoseconds() != nano {
			t.Errorf("Nanoseconds() = %v, want %v", r.Nanoseconds(), nano)
		}
		got, err := pcap.ReadAll(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("nano=%v: records (-want +got):\n%s", nano, diff)
		}
	}
}

// nlmonRecord builds a record as tcpdump on an nlmon device writes it.
func nlmonRecord(pktType uint16, proto uint16, data []byte) []byte {
	rec := make([]byte, 16+16)
	ne, be := binary.NativeEndian, binary.BigEndian
	ne.PutUint32(rec[0:], 1700000001)
	ne.PutUint32(rec[8:], uint32(16+len(data)))
	ne.PutUint32(rec[12:], uint32(16+len(data)))
	be.PutUint16(rec[16:], pktType)
	be.PutUint16(rec[18:], 824)
	be.PutUint16(rec[30:], proto)
	return append(rec, data...)
}

func TestNlmonDirections(t *testing.T) {
	b := writeAll(t, pcap.WriterOptions{}, nil)
	msg := sample()[0].Data
	b = append(b, nlmonRecord(pcap.PacketKernel, 16, msg)...)
	b = append(b, nlmonRecord(pcap.PacketUser, 16, msg)...)
	got, err := pcap.ReadAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Direction != nlsock.Sent || got[1].Direction != nlsock.Received ||
		got[0].Protocol != 16 || got[1].PacketType != pcap.PacketUser {
		t.Errorf("nlmon records read as %+v", got)
	}
}

func TestDamaged(t *testing.T) {
	good := writeAll(t, pcap.WriterOptions{}, sample())
	ne := binary.NativeEndian
	patch := func(off int, v uint32) []byte {
		b := append([]byte(nil), good...)
		ne.PutUint32(b[off:], v)
		return b
	}
	pcapng := []byte{0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a}
	for _, tc := range []struct {
		name, want string
		b          []byte
		records    int
	}{
		{"empty", "not a pcap file: empty", nil, 0},
		{"short header", "header is 10 bytes", good[:10], 0},
		{"bad magic", "not a pcap file: magic", patch(0, 0x12345678), 0},
		{"pcapng", "pcapng files are not supported", append(pcapng, make([]byte, 20)...), 0},
		{"short pcapng", "pcapng files are not supported", pcapng, 0},
		{"ethernet", "link type 1 is not netlink", patch(20, 1), 0},
		{"record header cut", "record 1 at offset 24: record header cut short after 3", good[:27], 0},
		{"record data cut", "record 1 at offset 24: record data cut short", good[:24+16+20], 0},
		{"huge record", "record length 4294967295 exceeds", patch(24+8, 0xffffffff), 0},
		{"tiny record", "shorter than the 16-byte netlink pseudo-header", patch(24+8, 8), 0},
		{"second cut", "record 2 at offset", good[:len(good)-40], 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := pcap.ReadAll(bytes.NewReader(tc.b))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if len(recs) != tc.records {
				t.Errorf("%d records before the error, want %d", len(recs), tc.records)
			}
		})
	}
}

func TestNotNetlinkHardware(t *testing.T) {
	b := writeAll(t, pcap.WriterOptions{}, sample()[:1])
	binary.BigEndian.PutUint16(b[24+16+2:], 1) // ARPHRD_ETHER
	_, err := pcap.ReadAll(bytes.NewReader(b))
	if err == nil || !strings.Contains(err.Error(), "not ARPHRD_NETLINK") {
		t.Fatalf("error %v", err)
	}
}

func TestEveryPrefix(t *testing.T) {
	good := writeAll(t, pcap.WriterOptions{}, sample())
	for n := 0; n < len(good); n++ {
		recs, err := pcap.ReadAll(bytes.NewReader(good[:n]))
		if err == nil && n != pcap.FileHeaderLen {
			// Only cuts at record boundaries read cleanly.
			total := pcap.FileHeaderLen
			for _, r := range recs {
				total += 32 + len(r.Data)
			}
			if total != n {
				t.Errorf("prefix %d read cleanly as %d records (%d bytes)", n, len(recs), total)
			}
		}
	}
}

func TestWriterLimits(t *testing.T) {
	w, err := pcap.NewWriter(io.Discard, pcap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteDatagram(nlsock.Sent, 0, make([]byte, pcap.MaxDatagram), time.Now()); err != nil || w.Truncated() != 0 {
		t.Errorf("largest datagram: %v, %d truncated", err, w.Truncated())
	}
	if err := w.WriteDatagram(nlsock.Sent, 70000, nil, time.Now()); err == nil {
		t.Error("protocol 70000 accepted")
	}
	if err := w.WriteDatagram(nlsock.Sent, 0, nil, time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("a time after 2106 accepted")
	}
	w.Close()
	if err := w.WriteDatagram(nlsock.Sent, 0, nil, time.Now()); !errors.Is(err, pcap.ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}

// failWriter accepts n writes, then fails every one with "disk full".
type failWriter struct{ n int }

func (f *failWriter) Write(b []byte) (int, error) {
	if f.n == 0 {
		return 0, errors.New("disk full")
	}
	f.n--
	return len(b), nil
}

func TestWriterErrorSticks(t *testing.T) {
	w, err := pcap.NewWriter(&failWriter{n: 2}, pcap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var errs []error
	for range 3 {
		errs = append(errs, w.WriteDatagram(nlsock.Received, 0, []byte{1}, time.Now()))
	}
	if errs[0] != nil || errs[1] == nil || errs[2] == nil || !strings.Contains(errs[2].Error(), "disk full") {
		t.Errorf("errors %v", errs)
	}
	if w.Records() != 1 {
		t.Errorf("Records() = %d, want 1", w.Records())
	}
	if _, err := pcap.NewWriter(&failWriter{}, pcap.WriterOptions{}); err == nil {
		t.Error("header write failure not reported")
	}
}

func TestConcurrentWriters(t *testing.T) {
	var buf bytes.Buffer
	w, _ := pcap.NewWriter(&buf, pcap.WriterOptions{})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				w.WriteDatagram(nlsock.Direction(i%2), g, bytes.Repeat([]byte{byte(g)}, 20+i), time.Now())
			}
		}()
	}
	wg.Wait()
	recs, err := pcap.ReadAll(&buf)
	if err != nil || len(recs) != 800 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	for i, r := range recs {
		if len(r.Data) == 0 || !bytes.Equal(r.Data, bytes.Repeat([]byte{byte(r.Protocol)}, len(r.Data))) {
			t.Fatalf("record %d interleaved: %x", i, r.Data)
		}
	}
}

// TestOversized: a datagram above the snaplen is cut to it, marked, and
// the capture goes on.
func TestOversized(t *testing.T) {
	var buf bytes.Buffer
	w, _ := pcap.NewWriter(&buf, pcap.WriterOptions{})
	big := bytes.Repeat([]byte{7}, pcap.MaxDatagram+100)
	if err := w.WriteDatagram(nlsock.Sent, 12, big, time.Unix(5, 0)); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteDatagram(nlsock.Received, 12, []byte{1, 2, 3, 4}, time.Unix(6, 0)); err != nil {
		t.Fatal(err)
	}
	recs, err := pcap.ReadAll(&buf)
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	if !recs[0].Truncated || len(recs[0].Data) != pcap.MaxDatagram || recs[1].Truncated || w.Truncated() != 1 {
		t.Errorf("truncated %v with %d bytes; second truncated %v; counted %d", recs[0].Truncated, len(recs[0].Data), recs[1].Truncated, w.Truncated())
	}
}

func TestCreateAndReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.pcap")
	w, err := pcap.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sample() {
		w.WriteRecord(r)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := pcap.ReadFile(path)
	if err != nil || len(recs) != 3 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	msgs, err := recs[1].Messages()
	if err != nil || len(msgs) != 2 || msgs[1].Header.Type != nlsock.TypeDone {
		t.Errorf("messages %+v, %v", msgs, err)
	}
	if _, err := pcap.ReadFile(filepath.Join(t.TempDir(), "none")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := pcap.Create(filepath.Join(t.TempDir(), "no", "dir")); err == nil {
		t.Error("create in a missing directory succeeded")
	}
}
