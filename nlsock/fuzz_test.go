package nlsock_test

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// The decoders read kernel bytes, replay files and user input: they must
// never panic, and what they return must stay inside the input.

func FuzzParseMessages(f *testing.F) {
	f.Add(nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 16, Seq: 1}, Payload: []byte{1, 2, 3}}))
	f.Add([]byte{8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		msgs, err := nlsock.ParseMessages(b)
		total := 0
		for _, m := range msgs {
			if int(m.Header.Length) != nlsock.HeaderLen+len(m.Payload) {
				t.Fatalf("length %d but payload %d", m.Header.Length, len(m.Payload))
			}
			total += int(m.Header.Length)
		}
		if total > len(b) {
			t.Fatalf("messages cover %d of %d bytes", total, len(b))
		}
		_ = err
	})
}

func FuzzParseAttrs(f *testing.F) {
	var e nlsock.AttrEncoder
	e.String(3, "lo")
	e.Nest(18|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { e.Uint32(1, 7) })
	f.Add(e.Bytes())
	f.Add([]byte{0, 0, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		attrs, _ := nlsock.ParseAttrs(b)
		for _, a := range attrs {
			if a.Offset < 0 || a.Offset+nlsock.AttrHeaderLen+len(a.Data) > len(b) {
				t.Fatalf("attribute at %d with %d bytes outside %d", a.Offset, len(a.Data), len(b))
			}
			if a.Nested {
				walkNested(t, a.Data, 1)
			}
		}
	})
}

func walkNested(t *testing.T, b []byte, depth int) {
	if depth > nlsock.MaxNestingDepth {
		return
	}
	nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		if a.Nested {
			walkNested(t, a.Data, depth+1)
		}
		return nil
	})
}

func FuzzParseError(f *testing.F) {
	req := nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 18, Seq: 3}, Payload: make([]byte, 20)})
	for _, capped := range []bool{false, true} {
		m := nlmsgerr(-34, req, capped, extAckTLVs())
		f.Add(m.Header.Flags, uint16(2), m.Payload)
	}
	f.Add(uint16(nlsock.FlagAckTLVs), uint16(3), []byte{234, 255, 255, 255, 8, 0, 1, 0, 'x', 0, 0, 0})
	f.Fuzz(func(t *testing.T, flags, typ uint16, payload []byte) {
		m := nlsock.Message{Header: nlsock.Header{Type: typ, Flags: flags}, Payload: payload}
		e, err := nlsock.ParseError(m)
		if err == nil && e == nil {
			t.Fatalf("nil result without error")
		}
		if e != nil {
			_ = e.ExtAck.String()
		}
	})
}
