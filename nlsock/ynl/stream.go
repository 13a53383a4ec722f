//go:build linux

package ynl

import (
	"context"
	"errors"

	"github.com/nlsh/nlsh/nlsock"
)

// DumpStream is the dump side of an operation read as it arrives: one
// datagram of replies per Next, decoded there (nlsock.Stream).
type DumpStream struct {
	c  *Client
	o  *Op
	st *nlsock.Stream
}

// StartDump sends the dump request of op (attrs may filter; flags are
// added to the request's) and returns the stream of its replies.
func (c *Client) StartDump(ctx context.Context, op string, attrs Attrs, flags uint16) (*DumpStream, error) {
	o, req, err := c.flaggedRequest(op, true, attrs, flags)
	if err != nil {
		return nil, err
	}
	st, err := c.sock.StartDump(ctx, req)
	if err != nil {
		return nil, c.Spec.opError(o, err)
	}
	return &DumpStream{c: c, o: o, st: st}, nil
}

// Next decodes the replies of the next datagram and calls fn with each.
// It returns false at the end of the dump, with the kernel's error, the
// read's, a decoding error or fn's.
func (d *DumpStream) Next(ctx context.Context, fn func(Message) error) (bool, error) {
	more, err := d.st.Next(ctx, func(m nlsock.Message) error {
		dm, err := d.c.decode(m, d.o)
		if err != nil {
			return &Error{Family: d.c.Spec.Name, Op: d.o.Name, Err: err}
		}
		return fn(dm)
	})
	var ye *Error
	if err != nil && !errors.As(err, &ye) {
		err = d.c.Spec.opError(d.o, err)
	}
	return more, err
}

// Interrupted reports whether the kernel marked the dump NLM_F_DUMP_INTR.
func (d *DumpStream) Interrupted() bool { return d.st.Interrupted() }
