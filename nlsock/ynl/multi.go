//go:build linux

package ynl

import (
	"context"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// MultiRequest is one do operation of a batch.
type MultiRequest struct {
	Op    string
	Attrs Attrs
	Flags uint16 // extra nlmsg flags (NLM_F_CREATE, ...)
}

// MultiView sends the do operations reqs in one datagram, as the kernel
// CLI's --multi does, and returns each one's replies in the CLI's shape
// (nil, one reply or a list), in order. Messages that answer none of
// them (notifications) are returned apart, in arrival order. The first
// operation the kernel refuses ends the batch with its error.
func (c *Client) MultiView(ctx context.Context, reqs []MultiRequest, o ViewOptions) (results []any, others []nlsock.Message, err error) {
	type pendingOp struct {
		op      *Op
		sent    []byte
		replies []nlsock.Message
		done    bool
	}
	bySeq := map[uint32]*pendingOp{}
	order := make([]uint32, len(reqs))
	msgs := make([]nlsock.Message, len(reqs))
	for i, r := range reqs {
		op, m, err := c.Request(r.Op, false, r.Attrs)
		if err != nil {
			return nil, nil, err
		}
		m.Header.Flags |= nlsock.FlagRequest | nlsock.FlagAck | r.Flags
		m.Header.Seq = c.sock.Seq()
		msgs[i], order[i] = m, m.Header.Seq
		bySeq[m.Header.Seq] = &pendingOp{op: op, sent: nlsock.AppendMessage(nil, m)}
	}
	if _, ok := ctx.Deadline(); !ok {
		// as a request would: the kernel answers every message of the
		// batch (NLM_F_ACK), so silence means something is wrong
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, nlsock.DefaultRequestTimeout)
		defer cancel()
	}
	if err := c.sock.Send(ctx, msgs...); err != nil {
		return nil, nil, err
	}
	for left := len(reqs); left > 0; {
		m, err := c.sock.Receive(ctx)
		if err != nil {
			return nil, others, fmt.Errorf("ynl %s: batch: %w", c.Spec.Name, err)
		}
		p, ok := bySeq[m.Header.Seq]
		if !ok || p.done || !m.FromKernel() || m.Multicast() {
			others = append(others, m)
			continue
		}
		if m.Header.Type != nlsock.TypeError {
			p.replies = append(p.replies, m)
			continue
		}
		e, err := nlsock.ParseError(m)
		if err != nil {
			return nil, others, fmt.Errorf("ynl %s %s: %w", c.Spec.Name, p.op.Name, err)
		}
		if e.Errno != 0 {
			errno := unix.Errno(-e.Errno)
			if e.Errno > 0 {
				errno = unix.Errno(e.Errno)
			}
			ke := &nlsock.KernelError{Errno: errno, Request: e.Request, ExtAck: e.ExtAck, Sent: p.sent}
			return nil, others, c.Spec.opError(p.op, ke)
		}
		p.done = true
		left--
	}
	for _, seq := range order {
		p := bySeq[seq]
		v, err := c.viewReplies(p.op, false, p.replies, o)
		if err != nil {
			return results, others, err
		}
		results = append(results, v)
	}
	return results, others, nil
}
