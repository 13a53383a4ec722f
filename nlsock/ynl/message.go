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
}

// DecodeBody decodes what follows the genlmsghdr of a message carrying
// command cmd: the operation is the one whose replies (or notifications)
// carry cmd. Unknown commands keep all attributes raw under UnknownKey.
func (s *Spec) DecodeBody(cmd uint16, body []byte) (Message, error) {
	op := s.byReply(cmd)
	if op == nil {
		m := Message{Cmd: cmd}
		d := decoder{}
		m.Attrs = d.set(&AttrSet{Name: fmt.Sprintf("command %d", cmd)}, body, 0)
		return m, d.err
	}
	return s.DecodeReply(op, cmd, body)
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
