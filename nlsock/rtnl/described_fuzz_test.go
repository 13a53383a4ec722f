package rtnl_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// The decoders of the described objects (nexthops, netconf) never panic,
// and a message with a whole fixed header always has its family named.
func fuzzDescribed(f *testing.F, typ uint16, hdrLen int) {
	f.Add(make([]byte, hdrLen))
	f.Add([]byte{})
	f.Add(append(make([]byte, hdrLen), 8, 0, 1, 0, 7, 0, 0, 0))
	f.Add(append(make([]byte, hdrLen), 0xff, 0xff, 2, 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		obj, ok, err := rtnl.DecodeDescribed(typ, b)
		if !ok {
			t.Fatalf("type %d not decoded", typ)
		}
		if len(b) >= hdrLen && obj["family"] == nil {
			t.Fatalf("no family in %v (err %v)", obj, err)
		}
	})
}

func FuzzDecodeNexthop(f *testing.F) { fuzzDescribed(f, rtnl.RTM_NEWNEXTHOP, 8) }

func FuzzDecodeNetconf(f *testing.F) { fuzzDescribed(f, rtnl.RTM_NEWNETCONF, 4) }

// TestWriteDescribedFuzzCorpus refreshes testdata/fuzz of the two targets
// above with real kernel messages when NLSH_WRITE_CORPUS=1.
func TestWriteDescribedFuzzCorpus(t *testing.T) {
	if os.Getenv("NLSH_WRITE_CORPUS") != "1" {
		t.Skip("set NLSH_WRITE_CORPUS=1 to rewrite testdata/fuzz from the kernel")
	}
	n := newTestNS(t)
	n.sh(t, `ip link set lo up && ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up &&
		ip addr add 10.0.0.1/24 dev v0 && ip nexthop add id 1 via 10.0.0.2 dev v0 && ip nexthop add id 2 via 10.0.0.3 dev v0 && ip nexthop add id 5 blackhole &&
		ip nexthop add id 3 group 1,4/2 && ip nexthop add id 4 group 1/2 type resilient buckets 8 idle_timer 3`)
	for _, d := range []struct {
		target string
		typ    uint16
		hdr    int
	}{{"FuzzDecodeNexthop", rtnl.RTM_GETNEXTHOP, 8}, {"FuzzDecodeNetconf", rtnl.RTM_GETNETCONF, 4}} {
		msgs, err := rtnl.Dump(ctx(t), n.sock, nlsock.Message{Header: nlsock.Header{Type: d.typ, Flags: nlsock.FlagDump}, Payload: make([]byte, d.hdr)})
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join("testdata", "fuzz", d.target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, m := range msgs {
			if i >= 6 {
				break
			}
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", m.Payload)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("kernel-%d", i)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
