//go:build linux

package explain

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

// maxDepth bounds how deep nested attributes are followed; deeper ones are
// shown as hex.
const maxDepth = 16

// maxAttrHex is how much of an attribute's data is written out as hex
// beside it; the hex dump at the end has every byte.
const maxAttrHex = 256

var errFull = errors.New("output full")

// attrSet is a family of attribute types: how to name them and how to
// decode their values.
type attrSet struct {
	name func(t uint16) string // "" when unknown
	// entry, when set, makes this a list: every attribute is a numbered
	// entry (its type is an index) whose data is a nest of entry.
	entry *attrSet
	// spec, when set, gives the value shape by type; without it values
	// are shown as hex.
	spec func(t uint16) (spec, bool)
	// malformed, when set, says why n data bytes do not fit type t ("2
	// bytes, want 4"), or "": such a value is shown as hex, never decoded.
	malformed func(t uint16, n int) string
	// byContent, when set, picks the set from the nest's bytes: the
	// layout of nf_tables expression data depends on the expression's
	// name, a sibling attribute.
	byContent func(b []byte) *attrSet
}

func (s *attrSet) nameOf(t uint16) string {
	if s == nil || s.name == nil {
		return ""
	}
	return s.name(t)
}

// numbered is the set of a nest whose attribute types are not known.
var numbered = &attrSet{}

// table names attribute types from a slice indexed by type ("" = unknown).
func table(names ...string) func(uint16) string {
	return func(t uint16) string {
		if int(t) < len(names) {
			return names[t]
		}
		return ""
	}
}

// attrs explains the attribute region b, which starts at offset base.
func (p *printer) attrs(b []byte, base, depth int, set *attrSet, path string) {
	if set != nil && set.byContent != nil {
		set = set.byContent(b)
	}
	next := 0
	err := nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		if p.full() {
			return errFull
		}
		p.attr(a, base+a.Offset, depth, set, path)
		next = a.Offset + (nlsock.AttrHeaderLen+len(a.Data)+3)&^3
		return nil
	})
	if err != nil && err != errFull {
		p.at(base+next, depth, "malformed: %s", attrProblem(b[min(next, len(b)):]))
	}
}

// attrProblem says why the attribute at the start of rest cannot be read.
func attrProblem(rest []byte) string {
	if len(rest) < nlsock.AttrHeaderLen {
		return fmt.Sprintf("%d trailing bytes, an attribute header (struct nlattr) needs %d", len(rest), nlsock.AttrHeaderLen)
	}
	n := binary.NativeEndian.Uint16(rest)
	typ := binary.NativeEndian.Uint16(rest[2:]) &^ (nlsock.AttrNested | nlsock.AttrNetByteOrder)
	if n < nlsock.AttrHeaderLen {
		return fmt.Sprintf("attribute type %d has nla_len %d, less than its own %d-byte header", typ, n, nlsock.AttrHeaderLen)
	}
	return fmt.Sprintf("attribute type %d has nla_len %d but only %d bytes are left", typ, n, len(rest))
}

// attr explains one attribute at offset off.
func (p *printer) attr(a nlsock.Attr, off, depth int, set *attrSet, path string) {
	name := set.nameOf(a.Type)
	label := name
	var sp spec
	switch {
	case set != nil && set.entry != nil:
		label = fmt.Sprintf("[%d]", a.Type)
		sp = spec{k: vNest, set: func() *attrSet { return set.entry }}
	case name == "":
		label = "attribute " + strconv.Itoa(int(a.Type))
	case set.spec != nil:
		sp, _ = set.spec(a.Type)
	}
	if sp.k == vHex && a.Nested {
		sp.k = vMaybe
	}
	flags := ""
	if a.Nested {
		flags += ", NESTED"
	}
	if a.NetByteOrder {
		flags += ", NET_BYTEORDER"
	}
	nlaLen := nlsock.AttrHeaderLen + len(a.Data)
	head := fmt.Sprintf("%s (type %d%s) len %d", label, a.Type, flags, nlaLen)
	full := label
	if path != "" {
		full = path + " > " + label
	}
	loc := location{off: off, end: off + nlaLen, path: full, typ: int(a.Type), nlaLen: nlaLen}
	if sp.k == vNest {
		loc.child = sp.set()
	}
	p.locate(loc)
	if set != nil && set.malformed != nil {
		if why := set.malformed(a.Type, len(a.Data)); why != "" {
			p.hexValue(a.Data, head+", malformed ("+why+")", off, depth)
			return
		}
	}
	p.value(a, sp, head, off, depth, full)
}

// value writes the attribute's line(s) according to its spec.
func (p *printer) value(a nlsock.Attr, sp spec, head string, off, depth int, path string) {
	d := a.Data
	switch sp.k {
	case vNest, vMaybe:
		if depth >= maxDepth {
			p.at(off, depth, "%s: nested deeper than %d levels, shown as hex", head, maxDepth)
			p.hexLines(d, off+4, depth+1)
			return
		}
		set := numbered
		if len(d) == 0 {
			p.hexValue(d, head, off, depth)
			return
		}
		if sp.k == vNest {
			set = sp.set()
		} else if _, err := nlsock.ParseAttrs(d); err != nil {
			p.hexValue(d, head, off, depth)
			return
		}
		p.at(off, depth, "%s, nested:", head)
		p.attrs(d, off+4, depth+1, set, path)
	case vCustom:
		if lines := sp.text(p, d); lines != nil {
			p.at(off, depth, "%s: %s", head, lines[0])
			for _, l := range lines[1:] {
				p.raw(depth+2, "%s", l)
			}
			return
		}
		p.hexValue(d, head+" (unexpected size)", off, depth)
	default:
		if s, ok := p.scalar(a, sp); ok {
			p.at(off, depth, "%s: %s", head, s)
			return
		}
		p.hexValue(d, head, off, depth)
	}
}

// scalar renders a one-line value, or reports false to fall back to hex.
func (p *printer) scalar(a nlsock.Attr, sp spec) (string, bool) {
	d := a.Data
	switch sp.k {
	case vStr:
		return quoteC(d), true
	case vUint, vSint, vBE:
		big := sp.k == vBE || sp.big || a.NetByteOrder
		v, ok := uintOf(d, big)
		if !ok {
			return "", false
		}
		s := strconv.FormatUint(v, 10)
		if sp.k == vSint {
			s = strconv.FormatInt(signExtend(v, len(d)), 10)
		}
		if big && sp.k != vBE && !sp.big {
			s += " (big-endian)"
		}
		if sp.note != nil {
			switch n := sp.note(p, v); {
			case strings.HasPrefix(n, "→"):
				s += " " + n
			case n != "":
				s += " = " + n
			}
		}
		return s, true
	case vIP:
		if ip, ok := netip.AddrFromSlice(d); ok {
			return ip.String(), true
		}
	case vMAC:
		if len(d) > 0 {
			return macText(d), true
		}
	case vFlag:
		if len(d) == 0 {
			return "(flag: present)", true
		}
	}
	return "", false
}

// hexValue writes an attribute whose value is shown as hex.
func (p *printer) hexValue(d []byte, head string, off, depth int) {
	switch {
	case len(d) == 0:
		p.at(off, depth, "%s: (empty)", head)
	case len(d) <= 16:
		p.at(off, depth, "%s: %s", head, hexBytes(d, 16))
	default:
		p.at(off, depth, "%s: %d bytes", head, len(d))
		p.hexLines(d, off+4, depth+1)
	}
}

// hexLines writes up to maxAttrHex bytes of d, 16 a line, with offsets.
func (p *printer) hexLines(d []byte, off, depth int) {
	for i := 0; i < len(d) && i < maxAttrHex; i += 16 {
		p.at(off+i, depth, "%s", hexBytes(d[i:min(i+16, len(d))], 16))
	}
	if len(d) > maxAttrHex {
		p.raw(depth, "... %d more bytes (see the hex dump)", len(d)-maxAttrHex)
	}
}

func uintOf(d []byte, big bool) (uint64, bool) {
	bo := binary.ByteOrder(binary.NativeEndian)
	if big {
		bo = binary.BigEndian
	}
	switch len(d) {
	case 1:
		return uint64(d[0]), true
	case 2:
		return uint64(bo.Uint16(d)), true
	case 4:
		return uint64(bo.Uint32(d)), true
	case 8:
		return bo.Uint64(d), true
	}
	return 0, false
}

func signExtend(v uint64, size int) int64 {
	shift := 64 - 8*uint(size)
	return int64(v<<shift) >> shift
}

// quoteC renders a C string: the text up to the first NUL, quoted.
func quoteC(d []byte) string {
	s, rest, found := strings.Cut(string(d), "\x00")
	q := strconv.Quote(s)
	switch {
	case !found:
		q += " (no terminating NUL)"
	case strings.Trim(rest, "\x00") != "":
		q += fmt.Sprintf(" (then %d more bytes after the NUL)", len(rest))
	}
	return q
}

func macText(d []byte) string {
	var b strings.Builder
	for i, c := range d {
		if i > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%02x", c)
	}
	return b.String()
}
