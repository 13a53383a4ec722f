package ynl

import (
	"context"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/genl"
	"golang.org/x/sys/unix"
)

// Client calls the operations of a generic netlink family described by a
// spec, on one NETLINK_GENERIC socket.
type Client struct {
	Spec   *Spec
	Family *genl.Family // as the kernel reports it: id, version, groups
	sock   *nlsock.Socket
}

// NewClient resolves spec's family through nlctrl on s. Specs of protocol
// netlink-raw (rtnetlink: rt-link, rt-addr) can be loaded, encoded and
// decoded but not called.
func NewClient(ctx context.Context, s *nlsock.Socket, spec *Spec) (*Client, error) {
	if !spec.IsGeneric() {
		return nil, fmt.Errorf("ynl %s: protocol %s: only generic netlink families can be called (encode and decode work)", spec.Name, spec.Protocol)
	}
	if p := s.Protocol(); p != unix.NETLINK_GENERIC {
		return nil, fmt.Errorf("ynl %s: needs a generic netlink socket, not %s", spec.Name, nlsock.ProtocolName(p))
	}
	f, err := genl.GetFamily(ctx, s, spec.Name)
	if err != nil {
		return nil, fmt.Errorf("ynl %s: %w", spec.Name, err)
	}
	return &Client{Spec: spec, Family: f, sock: s}, nil
}

// Socket is the socket the client uses.
func (c *Client) Socket() *nlsock.Socket { return c.sock }

// Do runs the do side of operation op with attrs and decodes the replies
// (none for an operation the kernel only acknowledges).
func (c *Client) Do(ctx context.Context, op string, attrs Attrs, opts ...nlsock.RequestOption) ([]Message, error) {
	return c.call(ctx, op, false, attrs, opts)
}

// Dump runs the dump side of operation op (attrs may filter) and decodes
// every reply.
func (c *Client) Dump(ctx context.Context, op string, attrs Attrs, opts ...nlsock.RequestOption) ([]Message, error) {
	return c.call(ctx, op, true, attrs, opts)
}

func (c *Client) call(ctx context.Context, name string, dump bool, attrs Attrs, opts []nlsock.RequestOption) ([]Message, error) {
	o, req, err := c.Request(name, dump, attrs)
	if err != nil {
		return nil, err
	}
	reply, err := c.sock.Request(ctx, req, opts...)
	if err != nil {
		return nil, c.Spec.opError(o, err)
	}
	msgs := make([]Message, 0, len(reply.Messages))
	for _, m := range reply.Messages {
		dm, err := c.Decode(m)
		if err != nil {
			return msgs, &Error{Family: c.Spec.Name, Op: o.Name, Err: err}
		}
		msgs = append(msgs, dm)
	}
	return msgs, nil
}

// Request builds the request message of op (dump or do) without sending
// it: the family id, NLM_F_DUMP for a dump, the genlmsghdr and the body.
func (c *Client) Request(name string, dump bool, attrs Attrs) (*Op, nlsock.Message, error) {
	o, err := c.Spec.Op(name)
	if err != nil {
		return nil, nlsock.Message{}, fmt.Errorf("ynl: %w", err)
	}
	mode, how, flags := o.Do, "do", uint16(0)
	if dump {
		mode, how, flags = o.Dump, "dump", nlsock.FlagDump
	}
	if mode == nil {
		return nil, nlsock.Message{}, fmt.Errorf("ynl %s: operation %s has no %s (it has: %s)", c.Spec.Name, o.Name, how, strings.Join(o.modes(), ", "))
	}
	body, err := c.Spec.EncodeRequest(o, attrs)
	if err != nil {
		return nil, nlsock.Message{}, fmt.Errorf("ynl %s %s: %w", c.Spec.Name, o.Name, err)
	}
	cmd := o.ReqValue
	if mode.Request != nil {
		cmd = mode.Request.Value
	}
	h := genl.Header{Command: cmd, Version: uint8(c.Family.Version)}
	m := nlsock.Message{
		Header:  nlsock.Header{Type: c.Family.ID, Flags: flags},
		Payload: append(h.Append(nil), body...),
	}
	return o, m, nil
}

func (o *Op) modes() []string {
	var m []string
	if o.Do != nil {
		m = append(m, "do")
	}
	if o.Dump != nil {
		m = append(m, "dump")
	}
	if o.Notify != "" || o.Event != nil {
		m = append(m, "notification only")
	}
	return m
}

// Decode decodes a message of the family (a reply or a notification).
func (c *Client) Decode(m nlsock.Message) (Message, error) {
	if m.Header.Type != c.Family.ID {
		return Message{}, fmt.Errorf("message type %d is not family %s (id %d)", m.Header.Type, c.Spec.Name, c.Family.ID)
	}
	h, body, err := genl.ParseHeader(m.Payload)
	if err != nil {
		return Message{}, err
	}
	dm, err := c.Spec.DecodeBody(h.Command, body)
	dm.Version = h.Version
	return dm, err
}

// Join joins the family's multicast group called name, as the kernel
// names it (which may differ from the spec's mcast-groups), and returns
// its id.
func (c *Client) Join(name string) (uint32, error) {
	id, ok := c.Family.Group(name)
	if !ok {
		names := make([]string, len(c.Family.Groups))
		for i, g := range c.Family.Groups {
			names[i] = g.Name
		}
		known := strings.Join(names, ", ")
		if known == "" {
			known = "none"
		}
		return 0, fmt.Errorf("ynl %s: no multicast group %q (kernel groups: %s): %w", c.Spec.Name, name, known, unix.ENOENT)
	}
	if err := c.sock.Join(id); err != nil {
		return 0, fmt.Errorf("ynl %s: join %s: %w", c.Spec.Name, name, err)
	}
	return id, nil
}
