//go:build linux

package explain

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
)

// Error explains a kernel error returned by (*nlsock.Socket).Request: the
// errno, the extended ACK and, from the request as sent (ke.Sent), the
// attribute the ext-ack offset points at.
func Error(ke *nlsock.KernelError, proto int, o Options) string {
	if o.Request == nil {
		o.Request = ke.Sent
	}
	return ExtAck(ke.ExtAck, -int32(ke.Errno), ke.Request, proto, o)
}

// ExtAck explains an extended ACK received apart from its message (a
// script's extack table): errno (negative, 0 if unknown) and the echoed
// request header, then each ext-ack field, pointing into o.Request (the
// request as sent, if known), which is dissected after.
func ExtAck(x nlsock.ExtAck, errno int32, reqHdr nlsock.Header, proto int, o Options) string {
	p := newPrinter()
	what := "request"
	if reqHdr.Type != 0 {
		what = nlsock.TypeName(proto, reqHdr.Type) + " request"
		if d := describe(proto, reqHdr, nil, &o); d.typeName != "" {
			what = cutParen(d.typeName) + " request"
		}
		what += fmt.Sprintf(" (seq %d)", reqHdr.Seq)
	}
	if errno != 0 {
		p.heading("kernel error for the %s: %s", what, errnoText(errno))
	} else {
		p.heading("extended ACK for the %s", what)
	}
	if o.Request != nil {
		// Dissect first (quietly) so the fields below can name attributes.
		q := newPrinter()
		q.request(pickRequest(o.Request, reqHdr.Seq), proto, x, 1, &o)
		p.req = q.req
	}
	p.extAckFields(x)
	if o.Request != nil {
		p.heading("the request (offsets count from its first byte, as ext-ack offsets do):")
		p.request(pickRequest(o.Request, reqHdr.Seq), proto, x, 1, &o)
		if !o.NoHexDump {
			p.heading("hex dump of the request")
			p.hexDump(pickRequest(o.Request, reqHdr.Seq), 0)
		}
	}
	return p.b.String()
}

// extAckFields lists the fields of an ExtAck, one a line.
func (p *printer) extAckFields(x nlsock.ExtAck) {
	if x.IsZero() {
		p.raw(0, "(no extended ACK fields)")
		return
	}
	if x.Msg != "" {
		p.raw(0, "message (NLMSGERR_ATTR_MSG): %q", x.Msg)
	}
	if x.HasOffset {
		p.raw(0, "offset (NLMSGERR_ATTR_OFFS): offset %s", p.pointAt(x.Offset))
	}
	if x.HasMissing {
		p.raw(0, "missing (NLMSGERR_ATTR_MISS_TYPE): %s", p.missing(x.MissingType))
	}
	if x.Policy != nil {
		p.raw(0, "policy (NLMSGERR_ATTR_POLICY): what the kernel accepts for that attribute:")
		p.attrs(x.Policy, 0, 1, policyAttrSet(), "")
	}
	if x.Cookie != nil {
		p.raw(0, "cookie (NLMSGERR_ATTR_COOKIE): %s", hexBytes(x.Cookie, 64))
	}
}

// AttrAt names what request (one message as sent, nlmsghdr included) holds
// at an ext-ack offset: the attribute that starts there ("IFLA_IFNAME",
// "IFLA_LINKINFO > IFLA_INFO_KIND", "attribute 40" when its family is not
// known) or the header field that covers it ("ifinfomsg.ifi_index"). It
// returns "" when nothing starts or lies there, so a caller never shows a
// guess.
func AttrAt(request []byte, proto int, offset uint32, o Options) string {
	p := newPrinter()
	p.request(request, proto, nlsock.ExtAck{}, 0, &o)
	if p.req == nil {
		return ""
	}
	for _, l := range p.req.located {
		if l.typ >= 0 && l.off == int(offset) {
			return l.path
		}
	}
	for _, l := range p.req.located {
		if l.typ < 0 && l.off <= int(offset) && int(offset) < l.end {
			return l.path
		}
	}
	return ""
}
