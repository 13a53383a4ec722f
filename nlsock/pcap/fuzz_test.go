package pcap_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/pcap"
)

// FuzzReader checks that reading never panics, that allocation stays
// bounded, and that whatever reads cleanly survives a write/read round trip
// (apart from nlmon packet types, which map onto our two).
func FuzzReader(f *testing.F) {
	good := writeAll(f, pcap.WriterOptions{}, sample())
	f.Add(good)
	f.Add(swapped(writeAll(f, pcap.WriterOptions{Nanoseconds: true}, sample())))
	f.Add(append(writeAll(f, pcap.WriterOptions{}, nil), nlmonRecord(pcap.PacketKernel, 16, sample()[0].Data)...))
	f.Add(good[:40])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := pcap.ReadAll(bytes.NewReader(b))
		if err == nil && len(b) < pcap.FileHeaderLen {
			t.Fatalf("%d bytes read as a capture", len(b))
		}
		if len(recs) == 0 {
			return
		}
		recs = slices.DeleteFunc(recs, func(r pcap.Record) bool { return r.Time.Unix() > math.MaxUint32 })
		if len(recs) == 0 {
			return
		}
		for i := range recs {
			recs[i].PacketType = packetTypeOf(recs[i].Direction)
			recs[i].Truncated = false
			recs[i].Time = recs[i].Time.Truncate(1000) // we write microseconds
		}
		again, err := pcap.ReadAll(bytes.NewReader(writeAll(t, pcap.WriterOptions{}, recs)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(recs, again); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
		for _, r := range recs {
			r.Messages() // must not panic either
		}
	})
}

func packetTypeOf(d nlsock.Direction) uint16 {
	if d == nlsock.Sent {
		return pcap.PacketOutgoing
	}
	return pcap.PacketHost
}

// writeCorpus stores a real capture as a seed of FuzzReader when
// NLSH_WRITE_CORPUS=1.
func writeCorpus(t *testing.T, name string, b []byte) {
	if os.Getenv("NLSH_WRITE_CORPUS") != "1" {
		return
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzReader")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
