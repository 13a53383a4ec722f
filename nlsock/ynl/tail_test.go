package ynl

import (
	"bytes"
	"strings"
	"testing"
)

// TestStructTail: a binary attribute longer than its struct keeps the
// extra bytes under TailKey, and Encode writes them back; a struct inside
// a struct takes none.
func TestStructTail(t *testing.T) {
	const tailSpec = `
name: tail
protocol: netlink-raw
protonum: 0
definitions:
  - {name: inner, type: struct, members: [{name: a, type: u16}, {name: b, type: u16}]}
  - {name: outer, type: struct, members: [{name: n, type: u8}, {name: pad, type: pad, len: 3}, {name: in, type: binary, struct: inner}]}
attribute-sets:
  - name: top
    attributes:
      - {name: sel, type: binary, struct: outer, value: 1}
`
	s, err := Parse([]byte(tailSpec))
	if err != nil {
		t.Fatal(err)
	}
	wire := []byte{12 + 4, 0, 1, 0, 2, 0, 0, 0, 1, 0, 2, 0, 0xaa, 0xbb, 0xcc, 0xdd}
	got, err := s.Decode("top", wire)
	if err != nil {
		t.Fatal(err)
	}
	sel := got["sel"].(Attrs)
	if !bytes.Equal(sel[TailKey].([]byte), []byte{0xaa, 0xbb, 0xcc, 0xdd}) || sel["n"] != uint64(2) {
		t.Fatalf("decoded %v", got)
	}
	back, err := s.Encode("top", got)
	if err != nil || !bytes.Equal(back, wire) {
		t.Fatalf("encoded back % x, %v; want % x", back, err, wire)
	}
	_, err = s.Encode("top", Attrs{"sel": Attrs{"in": Attrs{"a": 1, TailKey: []byte{1}}}})
	if err == nil || !strings.Contains(err.Error(), "a struct inside a struct has a fixed size") {
		t.Errorf("a tail inside: %v", err)
	}
}
