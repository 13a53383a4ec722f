//go:build linux

package explain

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// Unknown is the protocol to give when it is not known: only the netlink
// control messages (NLMSG_*) are then decoded beyond the header.
const Unknown = -1

// Options adds what the bytes alone do not say.
type Options struct {
	// Request is the request an error reply answers, as sent (nlmsghdr
	// included; several messages are searched for the reply's seq). It
	// names the attribute an ext-ack offset points at when the reply does
	// not echo the request (NETLINK_CAP_ACK, or a failed dump's DONE).
	Request []byte
	// GenlFamilies names generic netlink family ids (from nlctrl).
	GenlFamilies map[uint16]string
	// GenlFamily, when set, names an id GenlFamilies does not ("" if
	// none): nlsh asks the kernel's nlctrl, so a message received on a
	// generic socket is named without the caller listing families.
	GenlFamily func(id uint16) string
	// GenlSpec, when set, returns the YNL spec of a generic family id (nil
	// if none), which names that family's commands and attributes.
	GenlSpec func(id uint16) *ynl.Spec
	// NoHexDump leaves out the hex dump after each message.
	NoHexDump bool
}

// Bytes explains b, one or more netlink messages as a datagram holds them,
// of netlink protocol proto (0 route, 16 generic, ...; Unknown if not
// known). Malformed bytes are explained as far as they go, then a
// "malformed: ..." line says what is wrong. It never panics.
func Bytes(b []byte, proto int, o Options) string {
	p := newPrinter()
	msgs, err := nlsock.ParseMessages(b)
	if len(msgs) == 0 && err == nil {
		p.heading("(no bytes: an empty datagram)")
	}
	off := 0
	for i, m := range msgs {
		if len(msgs) > 1 || err != nil {
			p.heading("== message %d of %d, at byte %d of the datagram", i+1, len(msgs), off)
		}
		n := int(m.Header.Length)
		p.message(m, b[off:off+n], proto, &o)
		off = min(off+(n+3)&^3, len(b))
		if p.full() {
			return p.b.String()
		}
	}
	if err != nil {
		p.heading("malformed: %v", err)
		p.heading("the %d bytes from byte %d on:", len(b)-off, off)
		p.hexDump(b[off:], off)
	}
	return p.b.String()
}

// Message explains one message. m.Header.Length is shown as given (0 is
// taken as the length the payload makes).
func Message(m nlsock.Message, proto int, o Options) string {
	p := newPrinter()
	p.message(m, encode(m), proto, &o)
	return p.b.String()
}

// Messages explains each message of a dump (or any list) in turn.
func Messages(msgs []nlsock.Message, proto int, o Options) string {
	p := newPrinter()
	for i, m := range msgs {
		if len(msgs) > 1 {
			p.heading("== message %d of %d", i+1, len(msgs))
		}
		p.message(m, encode(m), proto, &o)
		if p.full() {
			break
		}
	}
	return p.b.String()
}

// encode gives the wire bytes of m, keeping a Length that differs from
// the payload's.
func encode(m nlsock.Message) []byte {
	b := nlsock.AppendMessage(nil, m)
	b = b[:nlsock.HeaderLen+len(m.Payload)]
	if m.Header.Length != 0 {
		binary.NativeEndian.PutUint32(b, m.Header.Length)
	}
	return b
}

// message explains m, whose wire bytes are raw.
func (p *printer) message(m nlsock.Message, raw []byte, proto int, o *Options) {
	h := m.Header
	var d msgDesc
	switch h.Type {
	case nlsock.TypeNoop, nlsock.TypeError, nlsock.TypeDone, nlsock.TypeOverrun:
		d = msgDesc{typeName: nlsock.TypeName(proto, h.Type)}
		if h.Type == nlsock.TypeError || h.Type == nlsock.TypeDone {
			d.kind = kindAck
		}
	default:
		d = describe(proto, h, m.Payload, o)
	}
	p.heading("%s: %s message, %d bytes", protoText(proto), cutParen(d.typeName), len(raw))
	p.nlmsghdr(h, d.typeName, d.kind, len(raw), 0, 0)
	switch h.Type {
	case nlsock.TypeError:
		p.errorBody(m, proto, o)
	case nlsock.TypeDone:
		p.doneBody(m, proto, o)
	default:
		p.body(d, m.Payload, nlsock.HeaderLen, 0)
	}
	if !o.NoHexDump {
		p.heading("hex dump (offsets in decimal, as above)")
		p.hexDump(raw, 0)
	}
}

// body explains a payload after the nlmsghdr, at offset base: the family
// header, then the attributes.
func (p *printer) body(d msgDesc, payload []byte, base, depth int) {
	if len(payload) == 0 {
		p.raw(depth, "(no payload)")
		return
	}
	rest, off := payload, base
	if d.hdr != nil {
		if len(payload) < d.hdr.size {
			p.at(base, depth, "malformed: %s needs %d bytes, the payload has %d", d.hdr.name, d.hdr.size, len(payload))
			p.hexLines(payload, base, depth+1)
			return
		}
		if len(payload) > 0 {
			p.family = payload[0]
		}
		p.header(d.hdr, payload[:d.hdr.size], base, depth)
		n := (d.hdr.size + 3) &^ 3
		rest, off = payload[min(n, len(payload)):], base+n
	}
	switch {
	case len(rest) == 0:
		p.raw(depth, "(no attributes)")
	case d.set == nil:
		p.raw(depth, "payload (%d bytes; no decoder for this message type here)", len(rest))
		p.hexLines(rest, off, depth+1)
	default:
		p.raw(depth, "attributes (%d bytes)", len(rest))
		p.attrs(rest, off, depth+1, d.set, "")
	}
}

func protoText(proto int) string {
	if n := nlsock.ProtocolName(proto); n != "" {
		return n
	}
	if proto == Unknown {
		return "netlink (protocol not given)"
	}
	return fmt.Sprintf("protocol %d", proto)
}

// cutParen drops a parenthesised remark from a type name, for titles.
func cutParen(s string) string {
	before, _, _ := strings.Cut(s, " (")
	return before
}
