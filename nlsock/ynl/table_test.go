//go:build linux

package ynl

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

const tableSpec = `
name: t
protocol: netlink-raw
protonum: 0
definitions:
  - {name: pair, type: struct, members: [{name: a, type: u32}, {name: b, type: u32}]}
attribute-sets:
  - name: attrs
    name-prefix: t-
    attributes:
      - {name: small, type: u8, value: 1}
      - {name: port, type: u16, byte-order: big-endian}
      - {name: addr, type: binary, display-hint: ipv4}
      - {name: pair, type: binary, struct: pair}
      - {name: grown, type: binary, struct: pair}
      - {name: text, type: string}
`

type tableRow struct {
	small, port uint64
	addr, pair  []byte
	grown       string // "text" stays unbound: Walk skips it
}

func newTestTable(t *testing.T) *Table[tableRow] {
	t.Helper()
	spec, err := Parse([]byte(tableSpec))
	if err != nil {
		t.Fatal(err)
	}
	return MustTable(spec.Sets["attrs"], []Field[tableRow]{
		{Name: "small", Set: func(r *tableRow, _ []byte, n uint64) { r.small = n }},
		{Name: "port", Set: func(r *tableRow, _ []byte, n uint64) { r.port = n }},
		{Name: "addr", Set: func(r *tableRow, b []byte, _ uint64) { r.addr = b }},
		{Name: "pair", Set: func(r *tableRow, b []byte, _ uint64) { r.pair = b }},
		{Name: "grown", AtLeast: 4, Set: func(r *tableRow, b []byte, _ uint64) { r.grown = string(b) }},
	}...)
}

// Walk reads integers with the description's width and byte order, checks
// each bound attribute's length by its type and reports the misfits by
// their uapi names; unbound attributes are skipped.
func TestTableWalk(t *testing.T) {
	table := newTestTable(t)
	var e nlsock.AttrEncoder
	e.Uint8(1, 7)
	e.Raw(2, []byte{0x1f, 0x90}) // 8080, big-endian
	e.Raw(3, []byte{10, 0, 0, 1})
	e.Raw(4, make([]byte, 12)) // a struct may grow
	e.Raw(5, []byte("longer than 4"))
	e.String(6, "unbound")
	var r tableRow
	var bad []Malformed
	if err := table.Walk(&r, e.Bytes(), 0, &bad); err != nil {
		t.Fatal(err)
	}
	if r.small != 7 || r.port != 8080 || len(r.addr) != 4 || len(r.pair) != 12 || r.grown != "longer than 4" || len(bad) != 0 {
		t.Errorf("row %+v, malformed %v", r, bad)
	}
	if table.Bound(6) || !table.Bound(5) {
		t.Error("Bound disagrees with the fields")
	}

	var wrong nlsock.AttrEncoder
	wrong.Uint32(1, 7)
	wrong.Raw(3, []byte{10, 0, 0})
	wrong.Raw(4, make([]byte, 4))
	wrong.Raw(5, []byte("abc"))
	r, bad = tableRow{}, nil
	if err := table.Walk(&r, wrong.Bytes(), 0, &bad); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range bad {
		got = append(got, m.String())
	}
	want := "T_SMALL: 4 bytes, want 1; T_ADDR: 3 bytes, want 4 or 16; T_PAIR: 4 bytes, want at least 8; T_GROWN: 3 bytes, want at least 4"
	if strings.Join(got, "; ") != want || r.small != 0 || r.addr != nil || r.pair != nil || r.grown != "" {
		t.Errorf("malformed %q, row %+v; want %q and nothing filled", strings.Join(got, "; "), r, want)
	}
	if m, bad := table.Check(1, 2); !bad || m.String() != "T_SMALL: 2 bytes, want 1" {
		t.Errorf("Check = %v, %v", m, bad)
	}

	cut := append(e.Bytes()[:8:8], 9, 0)
	if err := table.Walk(&r, cut, 16, nil); err == nil || !strings.Contains(err.Error(), "attribute at offset 24: 2 trailing bytes") {
		t.Errorf("a cut region: %v", err)
	}
}

// A field naming no attribute of the set is an error, not a silent gap.
func TestTableUnknownField(t *testing.T) {
	spec, err := Parse([]byte(tableSpec))
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewTable(spec.Sets["attrs"], Field[tableRow]{Name: "nope", Set: func(*tableRow, []byte, uint64) {}})
	if err == nil || !strings.Contains(err.Error(), `no attribute "nope"`) {
		t.Errorf("err = %v", err)
	}
}

// The compiled form rejects what it did not write, naming the line.
func TestLoadSetsRejects(t *testing.T) {
	for text, want := range map[string]string{
		"yaml: true\n":                              "line 1 is not",
		"ynl-sets 2 t\n1 a u8 - - - -\n":            "line 2: not an attribute of a set",
		"ynl-sets 2 t\nset s -\n1 a u8 -\n":         "line 3: not an attribute of a set",
		"ynl-sets 2 t\nset s -\nx a u8 - - - -\n":   "line 3: not an attribute of a set",
		"ynl-sets 2 t\nset s -\n1 a nest - - n -\n": `nests "n", which is not a set`,
		"ynl-sets 2 t\nenum e bits a=1\n":           "line 2: not an enum",
		"ynl-sets 2 t\nenum e flags a=x\n":          `line 2: enum e: entry "a=x" is not NAME=VALUE`,
	} {
		if _, err := LoadSets([]byte(text)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadSets(%q) = %v, want %q", text, err, want)
		}
	}
}

// LoadSets is exported: text CompileSets would not write (a family with no
// sets, a last line without its newline) loads rather than panicking on
// an attribute slab sized by line counts.
func TestLoadSetsEdges(t *testing.T) {
	for _, text := range []string{
		"ynl-sets 2 empty\n",
		"ynl-sets 2 empty",
		"ynl-sets 2 enums\nenum e enum a=1\n",
		"ynl-sets 2 x\nset s -\n1 a u32 - - - -",
	} {
		c, err := LoadSets([]byte(text))
		if err != nil {
			t.Errorf("LoadSets(%q): %v", text, err)
			continue
		}
		if s, ok := c.Sets["s"]; ok && (len(s.Attrs) != 1 || s.Attrs[0].Name != "a") {
			t.Errorf("LoadSets(%q): set s has %v", text, s.Attrs)
		}
	}
}
