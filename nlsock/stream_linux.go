package nlsock

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// A Stream is a dump read as it arrives, one datagram per Next, so that
// reading a table of a million routes needs the memory of one datagram, not
// of the table. Request with WithHandler streams too, but only to a
// callback that runs to the end; a Stream lets the caller stop and resume
// (a Lua for loop that may break).
//
// The kernel runs one dump per socket at a time, and it produces the next
// datagram of a dump only as the socket is read. So while a Stream is open
// it owns the socket's request slot: Request, Send, Receive and StartDump
// first end it (Abandon), and the Stream's Next then reports
// ErrStreamAbandoned. A Stream is for one goroutine at a time.
type Stream struct {
	s  *Socket
	p  *pending
	mu sync.Mutex // held by Next and Abandon

	ended bool
	err   error // why it ended, nil for NLMSG_DONE
}

// ErrStreamAbandoned is returned by Next of a Stream ended by Abandon, or
// by another request on its socket.
var ErrStreamAbandoned = errors.New("dump abandoned: another request used the socket, or the reader stopped")

// StartDump sends the dump request m (NLM_F_DUMP is set) and returns the
// Stream of its reply. A Stream still open on the socket is abandoned
// first.
func (s *Socket) StartDump(ctx context.Context, m Message) (*Stream, error) {
	if err := s.takeTurn(ctx); err != nil {
		return nil, s.requestErr(m.Header.Type, err, 0)
	}
	m.Header.Seq = s.Seq()
	m.Header.Flags |= FlagRequest | FlagDump
	st := &Stream{s: s, p: &pending{
		seq:   m.Header.Seq,
		reply: &Reply{Sent: AppendMessage(nil, m)},
		proto: s.proto,
		sig:   make(chan struct{}, 1),
	}}
	s.mu.Lock()
	s.pend = st.p
	s.mu.Unlock()
	wctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	stop := s.watch(wctx)
	err := s.write(wctx, st.p.reply.Sent)
	stop()
	if err != nil {
		st.p.finished = true
		st.finish(err)
		return nil, st.err
	}
	s.stream.Store(st)
	return st, nil
}

// timeout is how long one wait of a request may take.
func (s *Socket) timeout() time.Duration {
	if s.cfg.RequestTimeout > 0 {
		return s.cfg.RequestTimeout
	}
	return DefaultRequestTimeout
}

// Next reads the next datagram of the dump that holds data messages and
// calls fn with each of them, in order; a message's Payload is valid only
// during the call, and fn must not use the socket. It returns false once
// the dump ended: with a nil error after NLMSG_DONE, else with the
// kernel's error (a *KernelError), the read's, or fn's. The wait for a
// datagram is bounded like a request (Config.RequestTimeout, 5 s) and by
// ctx.
func (st *Stream) Next(ctx context.Context, fn func(Message) error) (bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ended {
		return false, st.err
	}
	delivered := false
	st.p.handler = func(m Message) error {
		delivered = true
		return fn(m)
	}
	defer func() { st.p.handler = nil }()
	s := st.s
	// The wait for this datagram ends at the deadline, which the read
	// passes to poll(2), or when ctx is cancelled, which the watcher
	// signals. A context.WithTimeout here would start and stop a timer
	// for every datagram: 3-4% of a whole 2001-link rtnl.links.
	wctx := newWaitCtx(ctx, s.timeout())
	defer wctx.release()
	stop := s.watch(ctx)
	defer stop()
	for !delivered {
		done, err := st.step(wctx)
		if done || err != nil {
			st.finish(err)
			return false, st.err
		}
	}
	return true, nil
}

// step processes one datagram of the reply (or what another reader put in
// the inbox); done reports the end of the dump.
func (st *Stream) step(ctx context.Context) (bool, error) {
	s, p := st.s, st.p
	s.mu.Lock()
	inbox := p.inbox
	p.inbox = nil
	s.mu.Unlock()
	if len(inbox) > 0 {
		return p.process(inbox)
	}
	// The read token is free unless another reader has it: take it
	// without asking for ctx's Done channel (see waitCtx).
	select {
	case <-p.sig:
		return false, nil
	case <-s.readTok:
		return s.readForRequest(ctx, p)
	default:
	}
	select {
	case <-p.sig:
		return false, nil
	case <-s.readTok:
	case <-ctx.Done():
		return false, ctx.Err()
	case <-s.closing:
		return false, ErrClosed
	}
	return s.readForRequest(ctx, p)
}

// Interrupted reports whether the kernel marked a message of the dump
// NLM_F_DUMP_INTR so far: the table changed during the dump, which may have
// missed or repeated objects.
func (st *Stream) Interrupted() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.p.reply.Interrupted
}

// Abandon ends the dump before its end: it reads the rest of the reply and
// drops it (the kernel accepts no other dump on the socket until it has
// sent this one out), so the socket is ready for the next request. It is a
// no-op on an ended Stream.
func (st *Stream) Abandon(ctx context.Context) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ended {
		return nil
	}
	st.p.handler = func(Message) error { return nil }
	s := st.s
	for {
		sctx, cancel := context.WithTimeout(ctx, s.timeout())
		stop := s.watch(sctx)
		done, err := st.step(sctx)
		stop()
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = fmt.Errorf("draining an abandoned dump: %w", err)
		}
		if done || err != nil {
			st.finish(nil)
			st.err = ErrStreamAbandoned
			return err
		}
	}
}

// finish ends the Stream with err and gives the socket back. st.mu is held
// (or st is not yet shared).
func (st *Stream) finish(err error) {
	s, p := st.s, st.p
	st.ended = true
	if err != nil {
		st.err = s.requestErr(headerType(p.reply.Sent), err, s.timeout())
	}
	s.mu.Lock()
	if s.pend == p {
		s.pend = nil
	}
	if !p.finished {
		// Ended by an error before its DONE: a later dump request that
		// meets EBUSY reads the rest out (Request's drainRunning).
		s.noteRunningLocked(p.seq)
	}
	s.mu.Unlock()
	s.stream.CompareAndSwap(st, nil)
	<-s.reqSem
}

func headerType(sent []byte) uint16 {
	h, _ := ParseHeader(sent)
	return h.Type
}

// takeTurn waits for the socket's turn to send a request (requests take
// turns; a Stream open on it is abandoned first). The caller gives the
// turn back with <-s.reqSem.
func (s *Socket) takeTurn(ctx context.Context) error {
	if s.closed() {
		return ErrClosed
	}
	if err := s.endStream(ctx); err != nil {
		return err
	}
	select {
	case s.reqSem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.closing:
		return ErrClosed
	}
}

// endStream abandons the Stream open on the socket, if any.
func (s *Socket) endStream(ctx context.Context) error {
	st := s.stream.Load()
	if st == nil {
		return nil
	}
	return st.Abandon(ctx)
}

// waitCtx is Context with a deadline that costs nothing until something
// waits on its Done channel: the reads of a Stream take the deadline to
// poll(2) themselves (readDatagram), and Err reports it once passed. Only
// a wait for the read token while another reader holds it asks for Done,
// which then makes the real deadline context; release frees it.
type waitCtx struct {
	context.Context
	deadline time.Time
	timed    context.Context // made by Done
	cancel   context.CancelFunc
}

// newWaitCtx bounds ctx by timeout from now, or by ctx's own deadline
// when that comes first, as context.WithTimeout would.
func newWaitCtx(ctx context.Context, timeout time.Duration) *waitCtx {
	dl := time.Now().Add(timeout)
	if pdl, ok := ctx.Deadline(); ok && pdl.Before(dl) {
		dl = pdl
	}
	return &waitCtx{Context: ctx, deadline: dl}
}

func (c *waitCtx) Deadline() (time.Time, bool) { return c.deadline, true }

func (c *waitCtx) Err() error {
	if err := c.Context.Err(); err != nil {
		return err
	}
	if !time.Now().Before(c.deadline) {
		return context.DeadlineExceeded
	}
	return nil
}

// Done is called on the goroutine that owns the Stream only (Next holds
// st.mu), so timed needs no lock.
func (c *waitCtx) Done() <-chan struct{} {
	if c.timed == nil {
		c.timed, c.cancel = context.WithDeadline(c.Context, c.deadline)
	}
	return c.timed.Done()
}

func (c *waitCtx) release() {
	if c.cancel != nil {
		c.cancel()
	}
}
