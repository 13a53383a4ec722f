//go:build linux

package rtnl

import (
	"context"
	"errors"
	"fmt"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// rtnl.each reads ahead: a goroutine reads the dump (the kernel builds each
// datagram during recvmsg, about half of what a route dump costs), keeps the
// messages the filter accepts and decodes the routes, while the Lua
// goroutine makes the tables of the datagram before; so on two CPUs the two
// costs overlap instead of adding up. The reader makes no Lua value
// (gopher-lua is not safe for concurrent use): every table is built on the
// Lua goroutine. It reads one datagram ahead of the loop, no more: it hands
// the batch over only when the loop takes it (an unbuffered channel), so
// memory stays that of two datagrams, and a change made from the loop's
// body still lands in the part of the dump the kernel has yet to build
// (which then carries NLM_F_DUMP_INTR).

// eachBatch is what one datagram of the dump gave: the messages the filter
// accepts.
type eachBatch struct {
	// payloads are copied out of the read buffer into memory of their
	// own, which the tables built from them keep.
	payloads [][]byte
	numbers  []int        // each payload's message number in the dump, for error messages
	routes   []rtnl.Route // of a route dump: payloads[i] decoded
	// last says the dump ended after this batch: with err (nil after
	// NLMSG_DONE), which is also a route that does not decode (the
	// reader stops there); interrupted says a message of the dump carried
	// NLM_F_DUMP_INTR.
	last        bool
	err         error
	interrupted bool
}

// eachChunk is the size of the blocks payloads are copied into: a dump's
// datagram is at most 32 KiB (the kernel bounds the reads it sizes dump
// datagrams by), so usually one block per datagram.
const eachChunk = 32 << 10

// eachReader is the read-ahead of one rtnl.each loop.
type eachReader struct {
	priv    *luabind.Socket // the loop's private socket, which the dump runs on
	batches chan *eachBatch // read, for the Lua goroutine
	free    chan *eachBatch // handed back by the Lua goroutine, for reuse
	stop    context.CancelFunc
	done    chan struct{} // closed when the goroutine has returned
}

// errMalformed stops the reading at a route that does not decode.
var errMalformed = errors.New("malformed message")

// startEachReader starts the reader of st, a dump whose replies are of type reply,
// on priv. It returns after sending the last batch, or when stopped, or
// when priv is closed (Env.Close); it never closes priv.
func startEachReader(st *nlsock.Stream, priv *luabind.Socket, reply uint16, filter rtnl.DumpFilter) *eachReader {
	ctx, cancel := context.WithCancel(context.Background())
	r := &eachReader{
		priv:    priv,
		batches: make(chan *eachBatch),
		free:    make(chan *eachBatch, 2),
		stop:    cancel,
		done:    make(chan struct{}),
	}
	go r.run(ctx, st, reply, filter)
	return r
}

func (r *eachReader) run(ctx context.Context, st *nlsock.Stream, reply uint16, filter rtnl.DumpFilter) {
	defer close(r.done)
	index := 0
	for {
		b := r.reuse()
		var data []byte // made for the first message kept
		var bad error
		more, err := st.Next(ctx, func(m nlsock.Message) error {
			index++
			if m.Header.Type != reply || !filter.Match(reply, m.Payload) {
				return nil
			}
			if len(m.Payload) > cap(data)-len(data) {
				data = make([]byte, 0, max(eachChunk, len(m.Payload)))
			}
			start := len(data)
			data = append(data, m.Payload...)
			p := data[start:len(data):len(data)]
			if reply == rtnl.RTM_NEWROUTE {
				// (Decode zeroes the route first: a reused one needs no zeroing here)
				if len(b.routes) < cap(b.routes) {
					b.routes = b.routes[:len(b.routes)+1]
				} else {
					b.routes = append(b.routes, rtnl.Route{})
				}
				if err := b.routes[len(b.routes)-1].Decode(p); err != nil {
					b.routes = b.routes[:len(b.routes)-1]
					bad = fmt.Errorf("%s message %d: %w", rtnl.MessageTypeName(reply), index, err)
					return errMalformed
				}
			}
			b.payloads = append(b.payloads, p)
			b.numbers = append(b.numbers, index)
			return nil
		})
		if !more {
			b.last, b.err, b.interrupted = true, err, st.Interrupted()
			if bad != nil {
				b.err = bad
			}
		}
		select {
		case r.batches <- b:
		case <-ctx.Done():
			return
		case <-r.priv.Sock.Closed():
			return
		}
		if !more {
			return
		}
	}
}

// reuse is an empty batch: one the Lua goroutine handed back, or a new one.
func (r *eachReader) reuse() *eachBatch {
	select {
	case b := <-r.free:
		return b
	default:
		return &eachBatch{}
	}
}

// take waits for the next batch. ctx (the Lua state's: Ctrl-C) ends the
// wait with its error; a reader gone without a last batch (its socket was
// closed) ends it with nlsock.ErrClosed.
func (r *eachReader) take(ctx context.Context) (*eachBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // before a batch that is ready too
	}
	select {
	case b := <-r.batches:
		return b, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-r.done:
		select {
		case b := <-r.batches: // sent just before it returned
			return b, nil
		default:
			return nil, nlsock.ErrClosed
		}
	}
}

// recycle hands b back to the reader once the Lua goroutine is done with
// it: no table refers to b's slices (a compact table has its own copy of
// its payload's slice header; the data stays with it).
func (r *eachReader) recycle(b *eachBatch) {
	clear(b.payloads)
	*b = eachBatch{payloads: b.payloads[:0], numbers: b.numbers[:0], routes: b.routes[:0]}
	select {
	case r.free <- b:
	default:
	}
}

// end stops the reader and closes the loop's socket: at the end of the
// dump, at an error, or once an abandoned loop's iterator is garbage.
func (r *eachReader) end() {
	r.stop()
	r.priv.Close()
}
