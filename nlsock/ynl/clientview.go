//go:build linux

package ynl

import (
	"context"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
)

// CallView runs the dump or do side of operation name with attrs (and
// extra nlmsg flags such as NLM_F_CREATE) and returns the replies in the
// kernel CLI's shape: a dump's list; a do's reply, nil for none, a list
// for several.
func (c *Client) CallView(ctx context.Context, name string, dump bool, attrs Attrs, flags uint16, o ViewOptions) (any, error) {
	op, replies, err := c.send(ctx, name, dump, attrs, flags)
	if err != nil {
		return nil, err
	}
	return c.viewReplies(op, dump, replies, o)
}

// viewReplies checks that msgs answer op and shapes them as the CLI does.
func (c *Client) viewReplies(op *Op, dump bool, msgs []nlsock.Message, o ViewOptions) (any, error) {
	if err := c.checkAnswers(op, dump, msgs); err != nil {
		return nil, &Error{Family: c.Spec.Name, Op: op.Name, Err: err}
	}
	list := make([]any, 0, len(msgs))
	for _, m := range msgs {
		body, err := c.body(m)
		if err == nil {
			var obj *Object
			obj, err = c.Spec.View(op, body, o)
			list = append(list, obj)
		}
		if err != nil {
			return list, &Error{Family: c.Spec.Name, Op: op.Name, Err: err}
		}
	}
	switch {
	case dump:
		return list, nil
	case len(list) == 0:
		return nil, nil
	case len(list) == 1:
		return list[0], nil
	}
	return list, nil
}

// body is what follows the genlmsghdr (generic) or the nlmsghdr.
func (c *Client) body(m nlsock.Message) ([]byte, error) {
	if c.Family == nil {
		return m.Payload, nil
	}
	_, body, err := nlsock.ParseGenlHeader(m.Payload)
	return body, err
}

// NotificationView shows a message of the family that is not a reply as
// the CLI shows notifications: {"name": op, "msg": {...}}. A message whose
// command the spec declares no notification or reply for is named after
// the operation whose requests carry it, decoded by that operation's
// layout, or "type N" with its attributes shown as unknown.
func (c *Client) NotificationView(m nlsock.Message, o ViewOptions) (*Object, error) {
	if !c.Owns(m) {
		return nil, fmt.Errorf("message type %d is not one of family %s", m.Header.Type, c.Spec.Name)
	}
	body, err := c.body(m)
	if err != nil {
		return nil, err
	}
	cmd, _ := c.command(m)
	out := NewObject()
	op := c.Spec.lastByReply(cmd)
	if op == nil {
		name := fmt.Sprintf("type %d", cmd)
		raw := &Op{Name: name}
		// the operation whose requests carry cmd: its fixed header and
		// attribute-set lay out the family's messages of that type
		// (rt-link's RTM_DELLINK notification is an ifinfomsg with
		// link-attrs, like the dellink request)
		if req := c.Spec.byRequest(cmd); req != nil {
			raw.Name, raw.FixedHeader, raw.Set = req.Name, req.FixedHeader, req.Set
		}
		op = raw
	}
	obj, err := c.Spec.View(op, body, o)
	out.Set("name", op.Name)
	out.Set("msg", obj)
	return out, err
}

// lastByReply is the last operation whose replies or notifications carry
// cmd: the kernel's CLI names notifications by it.
func (s *Spec) lastByReply(cmd uint16) *Op {
	for i := len(s.Ops) - 1; i >= 0; i-- {
		if op := s.Ops[i]; op.hasReply && op.RspValue == cmd {
			return op
		}
	}
	return nil
}
