//go:build linux

package ynl

import (
	"fmt"
)

// Message is one decoded message of a family.
type Message struct {
	Op      string // the operation (or notification) whose command it carries; "" if none
	Cmd     uint16 // the genlmsghdr's cmd, or a netlink-raw family's message type
	Version uint8
	Attrs   Attrs // fixed-header members and attributes by name
	// Raw is set when the spec declares no reply or notification that
	// carries Cmd: Op then names the operation whose requests carry it
	// (rt-link's dellink for an RTM_DELLINK notification), if any, the
	// fixed header is decoded and the attributes are kept under UnknownKey.
	Raw bool
}

// DecodeBody decodes what follows the genlmsghdr of a message carrying
// command cmd: the operation is the one whose replies (or notifications)
// carry cmd. Other commands keep all attributes raw under UnknownKey (see
// Message.Raw).
func (s *Spec) DecodeBody(cmd uint16, body []byte) (Message, error) {
	if op := s.byReply(cmd); op != nil {
		return s.DecodeReply(op, cmd, body)
	}
	m := Message{Cmd: cmd, Raw: true, Attrs: Attrs{}}
	op := s.byRequest(cmd)
	if op != nil {
		m.Op = op.Name
		if h := op.FixedHeader; h != nil {
			if len(body) < h.Size {
				return m, fmt.Errorf("%s: fixed header %s needs %d bytes, have %d", op.Name, h.Name, h.Size, len(body))
			}
			m.Attrs, body = decodeStruct(h, body), body[h.Size:]
		}
	}
	d := decoder{}
	for k, v := range d.set(&AttrSet{Name: fmt.Sprintf("command %d", cmd)}, body, 0) {
		m.Attrs[k] = v
	}
	return m, d.err
}

// DecodeReply decodes body as a reply of op (a request's replies decode
// by the op asked, even where a notification shares their command).
func (s *Spec) DecodeReply(op *Op, cmd uint16, body []byte) (Message, error) {
	m := Message{Op: op.Name, Cmd: cmd, Attrs: Attrs{}}
	if h := op.FixedHeader; h != nil {
		if len(body) < h.Size {
			return m, fmt.Errorf("%s: fixed header %s needs %d bytes, have %d", op.Name, h.Name, h.Size, len(body))
		}
		m.Attrs = decodeStruct(h, body)
		body = body[h.Size:]
	}
	set := op.Set
	if set == nil {
		set = &AttrSet{Name: op.Name}
	}
	d := decoder{}
	for k, v := range d.set(set, body, 0) {
		m.Attrs[k] = v
	}
	if d.err != nil {
		return m, fmt.Errorf("%s: %w", op.Name, d.err)
	}
	return m, nil
}
