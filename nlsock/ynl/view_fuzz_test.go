package ynl

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// FuzzView shows arbitrary bytes as a reply of any operation of every
// spec of the kernel tree, in the kernel CLI's shape. It must never panic,
// and whatever it returns must print as JSON.
func FuzzView(f *testing.F) {
	var specs []*Spec
	for _, p := range ynltest.SpecFiles(f) {
		s, err := Load(p)
		if err != nil {
			f.Fatal(err)
		}
		specs = append(specs, s)
	}
	// seeds: real shapes, a link with linkinfo data of a bridge (a
	// sub-message) and a netdev device
	for i, s := range specs {
		switch s.Name {
		case "rt-link":
			op, _ := s.Op("getlink")
			body, err := s.EncodeRequest(op, Attrs{"ifname": "br0", "linkinfo": Attrs{"kind": "bridge", "data": []byte{8, 0, 1, 0, 1, 0, 0, 0}}})
			if err != nil {
				f.Fatal(err)
			}
			f.Add(uint8(i), uint8(2), body)
		case "netdev":
			body, _ := s.Encode("dev", Attrs{"ifindex": 1, "xdp-features": 7})
			f.Add(uint8(i), uint8(0), body)
		}
	}
	f.Fuzz(func(t *testing.T, fam, op uint8, data []byte) {
		s := specs[int(fam)%len(specs)]
		if len(s.Ops) == 0 {
			return
		}
		o := s.Ops[int(op)%len(s.Ops)]
		obj, _ := s.View(o, data, ViewOptions{})
		if _, err := AppendJSON(nil, obj); err != nil {
			t.Fatalf("%s %s: %v", s.Name, o.Name, err)
		}
	})
}
