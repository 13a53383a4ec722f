package nlsock

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

// Extended ACK attribute types (NLMSGERR_ATTR_*).
const (
	extAckMsg      = 1
	extAckOffs     = 2
	extAckCookie   = 3
	extAckPolicy   = 4
	extAckMissType = 5
	extAckMissNest = 6
)

// maxExtAckMsg caps the text taken from NLMSGERR_ATTR_MSG.
const maxExtAckMsg = 1024

// ExtAck is the extended ACK the kernel attaches to errors, warnings and
// failed dumps (NLMSGERR_ATTR_*).
type ExtAck struct {
	Msg       string // human-readable text
	Offset    uint32 // byte offset of the offending attribute in the request
	HasOffset bool
	// Attr names what Offset points at in the request ("IFLA_IFNAME"),
	// when the socket's Config.NameOffset could name it; "" otherwise.
	// The kernel does not send it: it is read from the request as sent.
	Attr        string
	MissingType uint16 // type of a required attribute that was missing
	MissingNest uint32 // offset of the nest that lacked it (0: top level)
	HasMissing  bool
	Policy      []byte // NLMSGERR_ATTR_POLICY nest, undecoded
	Cookie      []byte
}

// IsZero reports whether no extended-ACK attribute was present.
func (x ExtAck) IsZero() bool {
	return x.Msg == "" && !x.HasOffset && !x.HasMissing && x.Policy == nil && x.Cookie == nil
}

// String renders the ext-ack in one line: "Attribute failed policy
// validation (offset 32: IFLA_IFNAME)".
func (x ExtAck) String() string {
	var parts []string
	if x.Msg != "" {
		parts = append(parts, x.Msg)
	}
	var notes []string
	if x.HasOffset && x.Attr != "" {
		notes = append(notes, fmt.Sprintf("offset %d: %s", x.Offset, x.Attr))
	} else if x.HasOffset {
		notes = append(notes, fmt.Sprintf("offset %d", x.Offset))
	}
	if x.HasMissing {
		if x.MissingNest != 0 {
			notes = append(notes, fmt.Sprintf("missing attribute type %d in the nest at offset %d", x.MissingType, x.MissingNest))
		} else {
			notes = append(notes, fmt.Sprintf("missing attribute type %d", x.MissingType))
		}
	}
	if x.Cookie != nil {
		notes = append(notes, "cookie "+hex.EncodeToString(x.Cookie))
	}
	if len(notes) > 0 {
		parts = append(parts, "("+strings.Join(notes, ", ")+")")
	}
	return strings.Join(parts, " ")
}

// Suffix is what an error message appends for the ext-ack: ": text
// (offset 32)" when the kernel sent a message, " (offset 32)" when it sent
// only offsets or a missing attribute, "" when it sent nothing — so the
// text never reads "file exists: (offset 20)".
func (x ExtAck) Suffix() string {
	s := x.String()
	switch {
	case s == "":
		return ""
	case x.Msg == "":
		return " " + s
	}
	return ": " + s
}

// ErrorMessage is a decoded NLMSG_ERROR, or a NLMSG_DONE that carries an
// errno (a failed dump).
type ErrorMessage struct {
	Errno          int32  // as sent: negative for an error, 0 for an ACK
	Request        Header // the echoed request header (zero for DONE)
	RequestPayload []byte // the echoed request payload, unless capped
	ExtAck         ExtAck
	HasExtAck      bool
}

// ParseError decodes an NLMSG_ERROR or NLMSG_DONE message. It honours
// NLM_F_CAPPED (NETLINK_CAP_ACK: the request payload is not echoed) and
// NLM_F_ACK_TLVS, and bounds-checks every length. An empty DONE decodes as
// success. A positive errno is accepted as well as the usual negative one.
func ParseError(m Message) (*ErrorMessage, error) {
	b := m.Payload
	switch m.Header.Type {
	case TypeDone:
		if len(b) == 0 {
			return &ErrorMessage{}, nil
		}
		if len(b) < 4 {
			return nil, fmt.Errorf("NLMSG_DONE payload of %d bytes: an errno needs 4", len(b))
		}
		e := &ErrorMessage{Errno: int32(binary.NativeEndian.Uint32(b))}
		if m.Header.Flags&FlagAckTLVs != 0 {
			return e, e.parseExtAck(b[4:], 4)
		}
		return e, nil
	case TypeError:
	default:
		return nil, fmt.Errorf("message type %d is neither NLMSG_ERROR nor NLMSG_DONE", m.Header.Type)
	}
	const fixed = 4 + HeaderLen
	if len(b) < fixed {
		return nil, fmt.Errorf("NLMSG_ERROR payload of %d bytes: struct nlmsgerr needs %d", len(b), fixed)
	}
	e := &ErrorMessage{Errno: int32(binary.NativeEndian.Uint32(b))}
	e.Request, _ = ParseHeader(b[4:])
	off := fixed
	if m.Header.Flags&FlagCapped == 0 && e.Request.Length > HeaderLen {
		n := int64(e.Request.Length) - HeaderLen
		if n > int64(len(b)-off) {
			return e, fmt.Errorf("NLMSG_ERROR echoes a %d-byte request but carries only %d bytes of it", e.Request.Length, len(b)-off+HeaderLen)
		}
		e.RequestPayload = b[off : off+int(n) : off+int(n)]
		off = min(off+align(int(n)), len(b))
	}
	if m.Header.Flags&FlagAckTLVs != 0 {
		return e, e.parseExtAck(b[off:], off)
	}
	return e, nil
}

// parseExtAck decodes the TLVs in b; base is b's offset in the payload, for
// error messages.
func (e *ErrorMessage) parseExtAck(b []byte, base int) error {
	x := &e.ExtAck
	err := WalkAttrs(b, func(a Attr) error {
		switch a.Type {
		case extAckMsg:
			s := a.Data
			if i := bytes.IndexByte(s, 0); i >= 0 {
				s = s[:i]
			}
			x.Msg = strings.ToValidUTF8(string(s[:min(len(s), maxExtAckMsg)]), "\uFFFD")
		case extAckOffs:
			v, err := attrU32(a)
			if err != nil {
				return err
			}
			x.Offset, x.HasOffset = v, true
		case extAckMissType:
			v, err := attrU32(a)
			if err != nil {
				return err
			}
			x.MissingType, x.HasMissing = uint16(v), true
		case extAckMissNest:
			v, err := attrU32(a)
			if err != nil {
				return err
			}
			x.MissingNest = v
		case extAckPolicy:
			x.Policy = a.Data
		case extAckCookie:
			x.Cookie = a.Data
		}
		return nil
	})
	e.HasExtAck = !x.IsZero()
	if err != nil {
		return fmt.Errorf("extended ACK at payload offset %d: %w", base, err)
	}
	return nil
}

func attrU32(a Attr) (uint32, error) {
	if len(a.Data) != 4 {
		return 0, fmt.Errorf("attribute at offset %d (type %d): %d bytes, want 4", a.Offset, a.Type, len(a.Data))
	}
	return binary.NativeEndian.Uint32(a.Data), nil
}
