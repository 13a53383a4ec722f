//go:build linux

package explain

import (
	"encoding/binary"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// request is the request an error answers: where its attributes and
// fields are, for naming what an ext-ack offset points at.
type request struct {
	located  []location
	top      *attrSet // the request's top-level attribute set
	missNest uint32   // NLMSGERR_ATTR_MISS_NEST, for naming MISS_TYPE
	size     int
}

// errnoText is "-34 = ERANGE (numerical result out of range)".
func errnoText(v int32) string {
	if v == 0 {
		return "0 = success (this is an ACK)"
	}
	n := v
	if n < 0 {
		n = -n
	}
	e := unix.Errno(n)
	return fmt.Sprintf("%d = %s (%s)", v, nlsock.ErrnoName(e), e.Error())
}

// errorBody explains struct nlmsgerr and the extended ACK after it.
func (p *printer) errorBody(m nlsock.Message, proto int, o *Options) {
	b := m.Payload
	if len(b) < 4 {
		p.at(16, 0, "malformed: NLMSG_ERROR carries %d bytes, the errno alone needs 4", len(b))
		p.hexLines(b, 16, 1)
		return
	}
	em, perr := nlsock.ParseError(m)
	p.raw(0, "nlmsgerr")
	p.structName = "nlmsgerr"
	p.field(16, 1, "error", 4, errnoText(int32(binary.NativeEndian.Uint32(b))))
	if len(b) < 4+nlsock.HeaderLen {
		p.at(20, 0, "malformed: %v", perr)
		p.hexLines(b[4:], 20, 1)
		return
	}
	var x nlsock.ExtAck
	if em != nil {
		x = em.ExtAck
	}
	echoed := b[4 : 4+nlsock.HeaderLen]
	if em != nil && em.RequestPayload != nil {
		echoed = b[4 : 4+nlsock.HeaderLen+len(em.RequestPayload)]
	}
	p.raw(1, "msg: the request, echoed (%d bytes%s)", len(echoed), cappedNote(m.Header.Flags, len(echoed)))
	p.raw(1, "(offsets in this part count from the request's first byte, as ext-ack offsets do; add 20 for the hex dump)")
	p.request(echoed, proto, x, 2, o)
	if len(echoed) == nlsock.HeaderLen && o.Request != nil {
		p.raw(1, "the request as given (Options.Request / {request=...}):")
		p.request(pickRequest(o.Request, p.echoSeq(echoed)), proto, x, 2, o)
	}
	tlv := 4 + (len(echoed)+3)&^3
	p.extAckTLVs(m, b, tlv, perr)
	p.summary(em)
}

func cappedNote(flags uint16, n int) string {
	if flags&nlsock.FlagCapped != 0 {
		return "; CAPPED: the header only, the payload was not echoed"
	}
	if n == nlsock.HeaderLen {
		return "; the header only"
	}
	return ""
}

func (p *printer) echoSeq(hdr []byte) uint32 {
	h, _ := nlsock.ParseHeader(hdr)
	return h.Seq
}

// pickRequest finds the message with seq in b (a batch), else the first.
func pickRequest(b []byte, seq uint32) []byte {
	msgs, _ := nlsock.ParseMessages(b)
	off := 0
	for _, m := range msgs {
		n := int(m.Header.Length)
		if m.Header.Seq == seq {
			return b[off : off+n]
		}
		off += (n + 3) &^ 3
	}
	return b
}

// request dissects request bytes (request coordinates), marks the ext-ack
// offset and records the attributes for naming it.
func (p *printer) request(b []byte, proto int, x nlsock.ExtAck, depth int, o *Options) {
	h, err := nlsock.ParseHeader(b)
	if err != nil {
		p.raw(depth, "malformed request: %v", err)
		return
	}
	if h.Type < nlsock.TypeMinFamily {
		p.raw(depth, "(the request has control type %d)", h.Type)
	}
	d := describe(proto, h, b[nlsock.HeaderLen:], o)
	req := &request{top: d.set, missNest: x.MissingNest, size: len(b)}
	saveStruct, saveFam := p.structName, p.family
	p.located = &req.located
	p.mark, p.marked = -1, false
	if x.HasOffset {
		p.mark = int(x.Offset)
	}
	p.nlmsghdr(h, d.typeName, d.kind, len(b), 0, depth)
	if len(b) > nlsock.HeaderLen {
		p.body(d, b[nlsock.HeaderLen:], nlsock.HeaderLen, depth)
	}
	p.located, p.mark = nil, -1
	p.structName, p.family = saveStruct, saveFam
	if p.req == nil || len(req.located) > len(p.req.located) {
		p.req = req
	}
}

// extAckTLVs explains the NLMSGERR_ATTR_* attributes from payload offset
// tlv on (message offset tlv+16).
func (p *printer) extAckTLVs(m nlsock.Message, b []byte, tlv int, perr error) {
	if m.Header.Flags&nlsock.FlagAckTLVs == 0 {
		if tlv < len(b) {
			p.raw(0, "trailing bytes (%d) without NLM_F_ACK_TLVS", len(b)-tlv)
			p.hexLines(b[tlv:], tlv+16, 1)
		}
		if perr != nil {
			p.raw(0, "malformed: %v", perr)
		}
		return
	}
	p.raw(0, "extended ACK: NLMSGERR_ATTR_* attributes (NLM_F_ACK_TLVS)")
	if tlv >= len(b) {
		p.raw(1, "(none)")
	} else {
		p.attrs(b[tlv:], tlv+16, 1, extAckSet, "")
	}
	if perr != nil {
		p.raw(0, "malformed: %v", perr)
	}
}

// doneBody explains NLMSG_DONE: the end of a dump, with its status.
func (p *printer) doneBody(m nlsock.Message, proto int, o *Options) {
	b := m.Payload
	if len(b) == 0 {
		p.raw(0, "(no payload: the dump is complete)")
		return
	}
	if len(b) < 4 {
		p.at(16, 0, "malformed: NLMSG_DONE carries %d bytes, an errno needs 4", len(b))
		return
	}
	v := int32(binary.NativeEndian.Uint32(b))
	p.structName = "done"
	text := errnoText(v)
	if v == 0 {
		text = "0 = the dump is complete"
	}
	p.field(16, 0, "status", 4, text)
	em, perr := nlsock.ParseError(m)
	if o.Request != nil && em != nil {
		p.raw(0, "the dump request as given:")
		p.request(o.Request, proto, em.ExtAck, 1, o)
	}
	p.extAckTLVs(m, b, 4, perr)
	p.summary(em)
}

// summary is one line saying what went wrong and where.
func (p *printer) summary(em *nlsock.ErrorMessage) {
	if em == nil || em.Errno == 0 && !em.HasExtAck {
		return
	}
	s := "in short: "
	if em.Errno != 0 {
		n := em.Errno
		if n < 0 {
			n = -n
		}
		s += nlsock.ErrnoName(unix.Errno(n))
	} else {
		s += "success with a warning"
	}
	p.heading("%s", s+extAckShort(p, em.ExtAck))
}

func extAckShort(p *printer, x nlsock.ExtAck) string {
	s := ""
	if x.Msg != "" {
		s += fmt.Sprintf(": %q", x.Msg)
	}
	if x.HasOffset {
		s += ", offset " + p.pointAt(x.Offset)
	}
	if x.HasMissing {
		s += ", missing " + p.missing(x.MissingType)
	}
	return s
}

// pointAt names what the request holds at ext-ack offset off:
// "32 → IFLA_IFNAME (type 3, 39 bytes)".
func (p *printer) pointAt(off uint32) string {
	if p.req == nil || len(p.req.located) == 0 {
		return fmt.Sprintf("%d (the request's bytes are not known here: pass the request to name the attribute)", off)
	}
	var best *location
	for i := range p.req.located {
		l := &p.req.located[i]
		if l.off == int(off) && l.typ >= 0 {
			return fmt.Sprintf("%d → %s (type %d, %d bytes)", off, l.path, l.typ, l.nlaLen)
		}
		if l.off <= int(off) && int(off) < l.end && (best == nil || l.end-l.off <= best.end-best.off) {
			best = l
		}
	}
	switch {
	case best == nil && p.req.size <= nlsock.HeaderLen:
		return fmt.Sprintf("%d (the request's payload is not known here: pass the request to name the attribute)", off)
	case best == nil:
		return fmt.Sprintf("%d (past the end of the %d-byte request)", off, p.req.size)
	case best.typ < 0:
		return fmt.Sprintf("%d → %s (a header field)", off, best.path)
	}
	return fmt.Sprintf("%d → inside %s (type %d, %d bytes, which starts at %d)", off, best.path, best.typ, best.nlaLen, best.off)
}

// missing names a missing attribute type, in the nest MISS_NEST points at.
func (p *printer) missing(t uint16) string {
	set, where := (*attrSet)(nil), "at the top level"
	if p.req != nil {
		set = p.req.top
		if n := p.req.missNest; n != 0 {
			where = "in the nest at offset " + p.pointAt(n)
			set = nil
			for _, l := range p.req.located {
				if l.off == int(n) {
					set = l.child
				}
			}
		}
	}
	if name := set.nameOf(t); name != "" {
		return fmt.Sprintf("%s (type %d) %s", name, t, where)
	}
	return fmt.Sprintf("attribute type %d %s", t, where)
}

// extAckNames names NLMSGERR_ATTR_*, the TLVs after an error's echoed
// request (uapi netlink.h).
var extAckNames = table("", "NLMSGERR_ATTR_MSG", "NLMSGERR_ATTR_OFFS",
	"NLMSGERR_ATTR_COOKIE", "NLMSGERR_ATTR_POLICY", "NLMSGERR_ATTR_MISS_TYPE", "NLMSGERR_ATTR_MISS_NEST")

// extAckSet explains those TLVs, their offsets against the request.
var extAckSet = &attrSet{name: extAckNames, spec: func(t uint16) (spec, bool) {
	switch extAckNames(t) {
	case "NLMSGERR_ATTR_MSG":
		return spec{k: vStr}, true
	case "NLMSGERR_ATTR_OFFS", "NLMSGERR_ATTR_MISS_NEST":
		return spec{k: vUint, note: func(p *printer, v uint64) string { return "→ " + cutNum(p.pointAt(uint32(v))) }}, true
	case "NLMSGERR_ATTR_MISS_TYPE":
		return spec{k: vUint, note: func(p *printer, v uint64) string { return p.missing(uint16(v)) }}, true
	case "NLMSGERR_ATTR_POLICY":
		return spec{k: vNest, set: policyAttrSet}, true
	}
	return spec{}, false
}}
