package conntrack

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// Decode never panics on any bytes and names the family of a message
// with a whole nfgenmsg. The corpus (testdata/fuzz/FuzzDecode) holds
// entries the kernel dumped and one the description's encoder built.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 4))
	f.Add([]byte{2, 0, 0, 0, 8, 0, 3, 0, 0, 0, 0, 0xc})
	if b, err := Spec().Encode("conntrack-attrs", ynl.Attrs{"tuple-orig": ynl.Attrs{
		"ip":    ynl.Attrs{"v4-src": []byte{10, 0, 0, 1}, "v4-dst": []byte{10, 0, 0, 2}},
		"proto": ynl.Attrs{"num": 1, "icmp-id": 7, "icmp-type": 8, "icmp-code": 0},
	}, "protoinfo": ynl.Attrs{"tcp": ynl.Attrs{"state": "established", "flags-original": ynl.Attrs{"flags": 1, "mask": 1}}},
		"counters-orig": ynl.Attrs{"packets": 1, "bytes": 84}}); err == nil {
		f.Add(append([]byte{2, 0, 0, 0}, b...))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, typ := range []uint16{MsgNew, MsgDelete} {
			obj, ok, _ := Decode(typ, b)
			if !ok {
				t.Fatalf("type %#x not decoded", typ)
			}
			if len(b) >= 4 && obj["family"] == nil {
				t.Fatalf("no family in %v", obj)
			}
		}
	})
}
