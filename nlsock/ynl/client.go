//go:build linux

package ynl

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// Client calls the operations of a family described by a spec on one
// socket: NETLINK_GENERIC for genetlink families, the spec's protonum
// (NETLINK_ROUTE for rt-link, rt-addr) for netlink-raw ones.
type Client struct {
	Spec *Spec
	// Family is the generic family as the kernel reports it (id, version,
	// groups); nil for netlink-raw specs.
	Family *GenlFamily
	sock   *nlsock.Socket
}

// NetlinkProtocol is the netlink protocol a spec's family speaks.
func (s *Spec) NetlinkProtocol() int {
	if s.IsGeneric() {
		return unix.NETLINK_GENERIC
	}
	return s.ProtoNum
}

// NewClient binds spec to s; a generic family is resolved through nlctrl.
func NewClient(ctx context.Context, s *nlsock.Socket, spec *Spec) (*Client, error) {
	if p, want := s.Protocol(), spec.NetlinkProtocol(); p != want {
		return nil, fmt.Errorf("ynl %s: needs a %s socket, not %s", spec.Name, protoLabel(want), protoLabel(p))
	}
	c := &Client{Spec: spec, sock: s}
	if !spec.IsGeneric() {
		return c, nil
	}
	f, err := resolveGenl(ctx, s, spec.Name)
	if err != nil {
		return nil, fmt.Errorf("ynl %s: %w", spec.Name, err)
	}
	c.Family = f
	return c, nil
}

func protoLabel(p int) string {
	if n := nlsock.ProtocolName(p); n != "" {
		return n
	}
	return fmt.Sprintf("protocol %d", p)
}

// Socket is the socket the client uses.
func (c *Client) Socket() *nlsock.Socket { return c.sock }

// ID is the generic family's id (the nlmsg type of its messages); 0 for
// netlink-raw families.
func (c *Client) ID() uint16 {
	if c.Family == nil {
		return 0
	}
	return c.Family.ID
}

// Owns reports whether m is a message of the family: the family id for
// generic families; for netlink-raw ones, whose socket speaks only their
// protocol, any type above the netlink control messages (16 bits), also
// one the spec declares no reply or notification for (RTM_DELLINK under
// rt-link), which Decode names and keeps raw rather than drop.
func (c *Client) Owns(m nlsock.Message) bool {
	if c.Family != nil {
		return m.Header.Type == c.Family.ID
	}
	return m.Header.Type >= nlsock.TypeMinFamily
}

// Do runs the do side of operation op with attrs and decodes the replies
// (none for an operation the kernel only acknowledges).
func (c *Client) Do(ctx context.Context, op string, attrs Attrs, opts ...nlsock.RequestOption) ([]Message, error) {
	return c.call(ctx, op, false, attrs, 0, opts)
}

// Dump runs the dump side of operation op (attrs may filter) and decodes
// every reply.
func (c *Client) Dump(ctx context.Context, op string, attrs Attrs, opts ...nlsock.RequestOption) ([]Message, error) {
	return c.call(ctx, op, true, attrs, 0, opts)
}

// Call runs the do (or, with dump, the dump) side of operation op with
// flags added to the request's: NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE,
// NLM_F_APPEND, which netlink-raw families such as rt-route and rt-link
// need to create objects.
func (c *Client) Call(ctx context.Context, op string, dump bool, attrs Attrs, flags uint16, opts ...nlsock.RequestOption) ([]Message, error) {
	return c.call(ctx, op, dump, attrs, flags, opts)
}

func (c *Client) call(ctx context.Context, name string, dump bool, attrs Attrs, flags uint16, opts []nlsock.RequestOption) ([]Message, error) {
	o, replies, err := c.send(ctx, name, dump, attrs, flags, opts...)
	if err != nil {
		return nil, err
	}
	if err := c.checkAnswers(o, dump, replies); err != nil {
		return nil, &Error{Family: c.Spec.Name, Op: o.Name, Err: err}
	}
	msgs := make([]Message, 0, len(replies))
	for _, m := range replies {
		dm, err := c.decode(m, o)
		if err != nil {
			return msgs, &Error{Family: c.Spec.Name, Op: o.Name, Err: err}
		}
		msgs = append(msgs, dm)
	}
	return msgs, nil
}

// send sends op name's request (with the extra nlmsg flags) and returns the
// op and the replies, undecoded; a failure names the op.
func (c *Client) send(ctx context.Context, name string, dump bool, attrs Attrs, flags uint16, opts ...nlsock.RequestOption) (*Op, []nlsock.Message, error) {
	o, req, err := c.flaggedRequest(name, dump, attrs, flags)
	if err != nil {
		return nil, nil, err
	}
	reply, err := c.sock.Request(ctx, req, opts...)
	if err != nil {
		return nil, nil, c.Spec.opError(o, err)
	}
	return o, reply.Messages, nil
}

// flaggedRequest is Request with extra nlmsg flags (NLM_F_CREATE, ...)
// added to the header.
func (c *Client) flaggedRequest(name string, dump bool, attrs Attrs, flags uint16) (*Op, nlsock.Message, error) {
	o, req, err := c.Request(name, dump, attrs)
	if err != nil {
		return nil, req, err
	}
	req.Header.Flags |= flags
	return o, req, nil
}

// ErrNoReply is a do whose operation declares a reply but that the kernel
// only acknowledged: the request did not do what was asked (say, a message
// type the kernel ignores).
var ErrNoReply = errors.New("the kernel acknowledged the request without a reply")

// ErrWrongReply is a reply whose message type or command is not the one
// the operation's replies carry.
var ErrWrongReply = errors.New("the reply does not answer the request")

// checkAnswers checks that the messages the kernel sent back to a request
// of o (matched to it by seq and port) are o's replies: their type (or
// genl command) is the reply's, and a do that declares a reply got one.
func (c *Client) checkAnswers(o *Op, dump bool, msgs []nlsock.Message) error {
	mode := o.Do
	if dump {
		mode = o.Dump
	}
	if !dump && mode.Reply != nil && len(msgs) == 0 {
		return fmt.Errorf("%w (expected %s)", ErrNoReply, c.replyLabel(o.RspValue))
	}
	if !o.hasReply {
		return nil
	}
	for _, m := range msgs {
		if got, ok := c.command(m); !ok || got != o.RspValue {
			return fmt.Errorf("%w: message type %#x%s, expected %s", ErrWrongReply, m.Header.Type, c.cmdLabel(m), c.replyLabel(o.RspValue))
		}
	}
	return nil
}

// command is the command m carries: its genl cmd (when its type is the
// family's id) or, netlink-raw, its type.
func (c *Client) command(m nlsock.Message) (uint16, bool) {
	if c.Family == nil {
		return m.Header.Type, true
	}
	if m.Header.Type != c.Family.ID || len(m.Payload) < nlsock.GenlHeaderLen {
		return 0, false
	}
	return uint16(m.Payload[0]), true
}

func (c *Client) cmdLabel(m nlsock.Message) string {
	if cmd, ok := c.command(m); ok && c.Family != nil {
		return fmt.Sprintf(" cmd %d", cmd)
	}
	return ""
}

func (c *Client) replyLabel(v uint16) string {
	if c.Family != nil {
		return fmt.Sprintf("%s cmd %d", c.Spec.Name, v)
	}
	return fmt.Sprintf("message type %#x", v)
}

// Request builds the request message of op (dump or do) without sending
// it: the family id (or, netlink-raw, the request's message type),
// NLM_F_DUMP for a dump, the genlmsghdr of generic families, the body.
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
	if c.Family == nil {
		return o, nlsock.Message{Header: nlsock.Header{Type: uint16(o.ReqValue), Flags: flags}, Payload: body}, nil
	}
	h := nlsock.GenlHeader{Command: uint8(o.ReqValue), Version: uint8(c.Family.Version)}
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

// Decode decodes a message of the family (a reply or a notification),
// by the operation whose replies or notifications carry its command.
func (c *Client) Decode(m nlsock.Message) (Message, error) { return c.decode(m, nil) }

// decode decodes m as a reply of op, or by its command when op is nil.
func (c *Client) decode(m nlsock.Message, op *Op) (Message, error) {
	if op == nil && !c.Owns(m) {
		return Message{}, fmt.Errorf("message type %d is not one of family %s", m.Header.Type, c.Spec.Name)
	}
	var h nlsock.GenlHeader
	body, cmd := m.Payload, m.Header.Type
	if c.Family != nil {
		var err error
		if h, body, err = nlsock.ParseGenlHeader(m.Payload); err != nil {
			return Message{}, err
		}
		cmd = uint16(h.Command)
	}
	var dm Message
	var err error
	if op != nil {
		dm, err = c.Spec.DecodeReply(op, cmd, body)
	} else {
		dm, err = c.Spec.DecodeBody(cmd, body)
	}
	dm.Version = h.Version
	return dm, err
}

// Join joins the family's multicast group called name and returns its
// id. Generic families use the kernel's names (which may differ from the
// spec's mcast-groups); netlink-raw ones the spec's names and values.
func (c *Client) Join(name string) (uint32, error) {
	id, ok, known := c.Group(name)
	if !ok {
		list := strings.Join(known, ", ")
		if list == "" {
			list = "none"
		}
		return 0, fmt.Errorf("ynl %s: no multicast group %q (groups: %s): %w", c.Spec.Name, name, list, unix.ENOENT)
	}
	if err := c.sock.Join(id); err != nil {
		return 0, fmt.Errorf("ynl %s: join %s: %w", c.Spec.Name, name, err)
	}
	return id, nil
}

// Group returns the id of the multicast group Join would join for name,
// whether there is one, and the names of the groups there are: the
// kernel's for a generic family, the spec's numbered ones for a
// netlink-raw family.
func (c *Client) Group(name string) (uint32, bool, []string) {
	var names []string
	if c.Family == nil {
		id, ok := c.Spec.GroupID[name]
		for _, g := range c.Spec.Groups {
			if _, numbered := c.Spec.GroupID[g]; numbered {
				names = append(names, g)
			}
		}
		return id, ok, names
	}
	id, ok := c.Family.Group(name)
	for _, g := range c.Family.Groups {
		names = append(names, g.Name)
	}
	return id, ok, names
}
