//go:build linux

package nlfake

import (
	"errors"
	"io"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// answer records one request datagram, asks the protocol's handler and
// sends its reply, completed (see Kernel.Handle).
func (c *conn) answer(dgram []byte) {
	msgs, perr := parseRequest(dgram)
	c.k.record(Request{Proto: c.proto, PortID: c.portID, Datagram: dgram, Messages: msgs})
	if perr != nil {
		return // the kernel drops what it cannot parse, silently
	}
	reply, err := c.ask(msgs)
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		return
	case errors.Is(err, unix.ENOBUFS):
		c.overrunNow()
		return
	default:
		var errno unix.Errno
		if !errors.As(err, &errno) {
			c.k.tb.Errorf("nlfake: handler of protocol %d: %v", c.proto, err)
			errno = unix.EIO
		}
		reply = append(reply, Error(int(errno), msgs[0]))
	}
	c.unicast(c.k.pack(c.complete(msgs, reply)))
}

// ask runs the handler on a copy of the request, so that what it does to
// the messages never changes what Requests shows.
func (c *conn) ask(msgs []netlink.Message) ([]netlink.Message, error) {
	h := c.k.handler(c.proto)
	if h == nil {
		return nil, unix.EOPNOTSUPP
	}
	cp := make([]netlink.Message, len(msgs))
	for i, m := range msgs {
		cp[i] = netlink.Message{Header: m.Header, Data: append([]byte(nil), m.Data...)}
	}
	return h(cp)
}

// complete fills in and frames the reply to req (see Kernel.Handle).
func (c *conn) complete(req, reply []netlink.Message) []netlink.Message {
	first := req[0].Header
	last := netlink.HeaderType(0)
	if len(reply) > 0 {
		last = reply[len(reply)-1].Header.Type
	}
	switch {
	case len(req) > 1:
		if len(reply) == 0 {
			for _, m := range req {
				if m.Header.Flags&netlink.Acknowledge != 0 {
					reply = append(reply, Error(0, m))
				}
			}
		}
	case first.Flags&netlink.Dump == netlink.Dump:
		for i := range reply {
			if t := reply[i].Header.Type; t != netlink.Done && t != netlink.Error {
				reply[i].Header.Flags |= netlink.Multi
			}
		}
		if last != netlink.Done && last != netlink.Error {
			reply = append(reply, netlink.Message{
				Header: netlink.Header{Type: netlink.Done, Flags: netlink.Multi},
				Data:   make([]byte, 4), // error 0
			})
		}
	case first.Flags&netlink.Acknowledge != 0 && last != netlink.Error:
		reply = append(reply, Error(0, req[0]))
	}
	for i := range reply {
		h := &reply[i].Header
		if h.Sequence == 0 {
			h.Sequence = first.Sequence
		}
		if h.PID == 0 {
			h.PID = c.portID
		}
	}
	return reply
}

// pack puts the reply into datagrams (see Kernel.Handle).
func (k *Kernel) pack(reply []netlink.Message) [][]byte {
	k.mu.Lock()
	batch := k.dumpBatch
	k.mu.Unlock()
	var dgrams [][]byte
	var cur []byte
	inCur := 0
	flush := func() {
		if inCur > 0 {
			dgrams, cur, inCur = append(dgrams, cur), nil, 0
		}
	}
	for _, m := range reply {
		t := m.Header.Type
		if m.Header.Flags&netlink.Multi == 0 || t == netlink.Done || t == netlink.Error {
			flush()
			dgrams = append(dgrams, appendMessage(nil, m))
			continue
		}
		cur = appendMessage(cur, m)
		if inCur++; inCur >= batch {
			flush()
		}
	}
	flush()
	return dgrams
}

// appendMessage appends m as the wire has it, its length computed.
func appendMessage(b []byte, m netlink.Message) []byte {
	return nlsock.AppendMessage(b, nlsock.Message{
		Header:  nlsock.Header{Type: uint16(m.Header.Type), Flags: uint16(m.Header.Flags), Seq: m.Header.Sequence, PortID: m.Header.PID},
		Payload: m.Data,
	})
}

// parseRequest splits a request datagram with nlsock's parser (the one
// every reply is read with) into netlink.Messages for the handler.
func parseRequest(dgram []byte) ([]netlink.Message, error) {
	ms, err := nlsock.ParseMessages(dgram)
	if err == nil && len(ms) == 0 {
		err = errors.New("an empty datagram")
	}
	if err != nil {
		return nil, err
	}
	out := make([]netlink.Message, len(ms))
	for i, m := range ms {
		out[i] = netlink.Message{
			Header: netlink.Header{Length: m.Header.Length, Type: netlink.HeaderType(m.Header.Type),
				Flags: netlink.HeaderFlags(m.Header.Flags), Sequence: m.Header.Seq, PID: m.Header.PortID},
			Data: m.Payload,
		}
	}
	return out, nil
}
