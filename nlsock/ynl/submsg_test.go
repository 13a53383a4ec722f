package ynl

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
)

// subSpec is a family whose options depend on kind: a format with a fixed
// header only, one with attributes, one with neither, and a statistics
// nest whose selector is one level out.
const subSpec = `
name: sub
protocol: netlink-raw
protonum: 0
definitions:
  - {name: inner, type: struct, members: [{name: a, type: u16}, {name: b, type: u16}]}
  - {name: qopt, type: struct, members: [{name: limit, type: u32}, {name: pair, type: binary, struct: inner}]}
attribute-sets:
  - name: top
    attributes:
      - {name: kind, type: string, value: 1}
      - {name: options, type: sub-message, sub-message: opts, selector: kind}
      - {name: stats, type: nest, nested-attributes: stats}
  - name: stats
    attributes:
      - {name: app, type: sub-message, sub-message: opts, selector: kind, value: 1}
  - name: rich
    attributes:
      - {name: rate, type: u64, value: 1}
sub-messages:
  - name: opts
    formats:
      - {value: fifo, fixed-header: qopt}
      - {value: shaper, attribute-set: rich}
      - {value: empty}
`

func TestSubMessagesDecodeAndEncodeByKind(t *testing.T) {
	s, err := Parse([]byte(subSpec))
	if err != nil {
		t.Fatal(err)
	}
	rate5, _ := s.Encode("rich", Attrs{"rate": 5}) // stats: encoded apart, decoded by the outer kind
	for _, tt := range []struct {
		in   Attrs
		want string
	}{
		{Attrs{"kind": "fifo", "options": Attrs{"limit": 77, "pair": Attrs{"a": 1, "b": 2}}}, "map[kind:fifo options:map[limit:77 pair:map[a:1 b:2]]]"},
		{Attrs{"kind": "shaper", "options": Attrs{"rate": 1000}, "stats": Attrs{"app": rate5}}, "map[kind:shaper options:map[rate:1000] stats:map[app:map[rate:5]]]"},
		{Attrs{"kind": "empty", "options": Attrs{}}, "map[kind:empty options:map[]]"},
	} {
		b, err := s.Encode("top", tt.in)
		if err != nil {
			t.Fatalf("%v: %v", tt.in, err)
		}
		got, err := s.Decode("top", b)
		if err != nil {
			t.Fatalf("%v: %v", tt.in, err)
		}
		if g := fmt.Sprint(got); g != tt.want {
			t.Errorf("round trip of %v = %s, want %s", tt.in, g, tt.want)
		}
	}
	// the fifo header by hand: limit 77, a=1, b=2 in host order
	hand := make([]byte, 8)
	binary.NativeEndian.PutUint32(hand, 77)
	binary.NativeEndian.PutUint16(hand[4:], 1)
	binary.NativeEndian.PutUint16(hand[6:], 2)
	b, _ := s.Encode("top", Attrs{"kind": "fifo", "options": Attrs{"limit": 77, "pair": Attrs{"a": 1, "b": 2}}})
	if !bytes.Contains(b, hand) {
		t.Errorf("fifo options % x do not hold % x", b, hand)
	}
}

func TestSubMessageErrors(t *testing.T) {
	s, err := Parse([]byte(subSpec))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		in   Attrs
		want string
	}{
		{Attrs{"options": Attrs{"limit": 1}}, "needs kind"},
		{Attrs{"kind": "nosuch", "options": Attrs{}}, `no format for kind "nosuch" (known: empty, fifo, shaper)`},
		{Attrs{"kind": "fifo", "options": Attrs{"rate": 1}}, `takes no attribute "rate" (members of qopt: limit, pair)`},
		{Attrs{"kind": "empty", "options": Attrs{"rate": 1}}, `kind empty: takes no options ("rate" given)`},
		{Attrs{"kind": "shaper", "options": Attrs{"limit": 1}}, `has no attribute "limit"`},
	} {
		_, err := s.Encode("top", tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Encode(%v) = %v, want an error with %q", tt.in, err, tt.want)
		}
	}
	// a kind without a format keeps its bytes; a short fixed header is an
	// error, and the bytes are kept
	b, _ := s.Encode("top", Attrs{"kind": "other", "options": []byte{1, 2, 3}})
	got, err := s.Decode("top", b)
	if err != nil || !bytes.Equal(got["options"].([]byte), []byte{1, 2, 3}) {
		t.Errorf("unknown kind: %v, %v", got, err)
	}
	b, _ = s.Encode("top", Attrs{"kind": "fifo", "options": []byte{1, 2, 3}})
	got, err = s.Decode("top", b)
	if err == nil || !strings.Contains(err.Error(), "needs 8 bytes, have 3") {
		t.Errorf("short header: %v, %v", got, err)
	}
	// options before kind: the selector is not known yet
	e := append([]byte{}, b[12:]...) // kind "fifo" takes 12 bytes
	e = append(e, b[:12]...)
	if _, err = s.Decode("top", e); err == nil || !strings.Contains(err.Error(), "selector kind comes after it") {
		t.Errorf("options first: %v", err)
	}
}
