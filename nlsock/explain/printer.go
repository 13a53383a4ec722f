//go:build linux

package explain

import (
	"fmt"
	"strings"
)

// maxLines bounds the text for one call, so that hostile input (a million
// one-byte attributes) cannot produce an unbounded explanation.
const maxLines = 200000

// printer collects the lines of an explanation. Each line starts with the
// byte offset it describes (relative to the message, or to the request for
// an echoed request), so a student can match it with the hex dump and with
// an ext-ack offset.
type printer struct {
	b          strings.Builder
	lines      int
	mark       int         // offset an ext-ack points at, -1 for none
	marked     bool        // the mark has been printed
	located    *[]location // attributes and fields seen, for pointing at an offset
	structName string      // the struct whose fields are being printed
	family     uint8       // address family of the family header, for flag names
	req        *request    // the request an error answers, for ext-ack offsets
}

// location is an attribute or a header field of a request, for naming the
// one an ext-ack offset points at.
type location struct {
	off, end int
	path     string // "IFLA_LINKINFO > IFLA_INFO_KIND" or "ifinfomsg.ifi_index"
	typ      int    // attribute type, -1 for a header field
	nlaLen   int
	child    *attrSet // the set of a nested attribute's children
}

func newPrinter() *printer { return &printer{mark: -1} }

func (p *printer) full() bool { return p.lines >= maxLines }

// raw writes a line without an offset column.
func (p *printer) raw(depth int, format string, args ...any) {
	p.emit(-1, depth, fmt.Sprintf(format, args...))
}

// at writes a line describing the bytes at offset off.
func (p *printer) at(off, depth int, format string, args ...any) {
	p.emit(off, depth, fmt.Sprintf(format, args...))
}

func (p *printer) emit(off, depth int, text string) {
	if p.lines > maxLines {
		return
	}
	p.lines++
	if p.lines > maxLines {
		p.b.WriteString("... (explanation cut here: too many lines)\n")
		return
	}
	if off >= 0 {
		fmt.Fprintf(&p.b, "%6d  ", off)
	} else {
		p.b.WriteString("        ")
	}
	for range depth {
		p.b.WriteString("  ")
	}
	p.b.WriteString(text)
	if off >= 0 && off == p.mark && !p.marked {
		p.marked = true
		p.b.WriteString("   <-- the ext-ack offset points here")
	}
	p.b.WriteByte('\n')
}

// heading writes a section title, flush left.
func (p *printer) heading(format string, args ...any) {
	if p.lines > maxLines {
		return
	}
	p.lines++
	fmt.Fprintf(&p.b, format+"\n", args...)
}

// locate records an attribute or field for pointing at an ext-ack offset.
func (p *printer) locate(l location) {
	if p.located != nil {
		*p.located = append(*p.located, l)
	}
}

// hexDump writes b in lines of 16 bytes with decimal offsets (the unit of
// ext-ack offsets and of the offset column), starting at base.
func (p *printer) hexDump(b []byte, base int) {
	for i := 0; i < len(b); i += 16 {
		if p.full() {
			p.heading("  ... (%d more bytes)", len(b)-i)
			return
		}
		row := b[i:min(i+16, len(b))]
		var hx, asc strings.Builder
		for j := range 16 {
			if j == 8 {
				hx.WriteByte(' ')
			}
			if j < len(row) {
				fmt.Fprintf(&hx, "%02x ", row[j])
				asc.WriteByte(printable(row[j]))
			} else {
				hx.WriteString("   ")
			}
		}
		p.heading("  %04d  %s |%s|", base+i, hx.String(), asc.String())
	}
}

func printable(c byte) byte {
	if c >= 0x20 && c < 0x7f {
		return c
	}
	return '.'
}

// hexBytes renders b as "0a 0b 0c" (at most max bytes, then "...").
func hexBytes(b []byte, max int) string {
	var s strings.Builder
	for i, c := range b {
		if i == max {
			fmt.Fprintf(&s, " ... (%d bytes in all)", len(b))
			break
		}
		if i > 0 {
			s.WriteByte(' ')
		}
		fmt.Fprintf(&s, "%02x", c)
	}
	return s.String()
}
