package ynl

import (
	"bytes"
	"strings"
	"testing"
)

const structArraySpec = `
name: t
protocol: netlink-raw
protonum: 0
definitions:
  - name: grp
    type: struct
    members:
      - {name: id, type: u32}
      - {name: weight, type: u8}
      - {name: resvd, type: pad, len: 3}
attribute-sets:
  - name: a
    attributes:
      - {name: x, type: u32, value: 1}
operations:
  list: []
`

func TestStructArrayRoundTrip(t *testing.T) {
	s, err := Parse([]byte(structArraySpec))
	if err != nil {
		t.Fatal(err)
	}
	st := s.Structs["grp"]
	b, err := st.EncodeArray([]Attrs{{"id": 1}, {"id": 2, "weight": 3}})
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0}
	if !bytes.Equal(b, want) {
		t.Fatalf("EncodeArray = % x, want % x", b, want)
	}
	items, err := st.DecodeArray(b)
	if err != nil || len(items) != 2 || items[1]["id"] != uint64(2) || items[1]["weight"] != uint64(3) {
		t.Fatalf("DecodeArray = %v, %v", items, err)
	}
	if _, err := st.DecodeArray(b[:10]); err == nil || !strings.Contains(err.Error(), "not a multiple of 8") {
		t.Fatalf("DecodeArray of 10 bytes: %v", err)
	}
	if _, err := st.EncodeArray([]Attrs{{"id": 1, "nope": 2}}); err == nil || !strings.Contains(err.Error(), `grp[1]: struct grp has no member "nope"`) {
		t.Fatalf("EncodeArray with an unknown member: %v", err)
	}
}
