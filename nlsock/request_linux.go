package nlsock

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Reply is what the kernel answered to a request.
type Reply struct {
	Messages    []Message // data messages (without DONE; empty for a bare ACK)
	Interrupted bool      // NLM_F_DUMP_INTR seen: the dump raced a change and may be inconsistent
	Warning     *ExtAck   // an ACK with error 0 that carried extended-ACK TLVs
	Sent        []byte    // the request bytes as sent (ExtAck offsets point into them)
}

// RequestOption adjusts one Request.
type RequestOption func(*requestOptions)

type requestOptions struct {
	retries int
	timeout time.Duration
	handler func(Message) error
	length  uint32 // nlmsg_len to send instead of the real one (expert)
}

// WithRetryInterrupted repeats a dump up to n more times while the kernel
// marks it NLM_F_DUMP_INTR. The last attempt is returned, still marked
// Interrupted if it was. With WithHandler, the handler sees every attempt.
func WithRetryInterrupted(n int) RequestOption {
	return func(o *requestOptions) { o.retries = max(n, 0) }
}

// WithTimeout bounds the request instead of Config.RequestTimeout.
func WithTimeout(d time.Duration) RequestOption {
	return func(o *requestOptions) { o.timeout = d }
}

// WithHandler streams the data messages to fn instead of collecting them in
// Reply.Messages. A message's Payload is valid only during the call, and fn
// must not call methods of the same socket. An error from fn ends the
// request with that error (the rest of a dump is then queued for Receive as
// stale).
func WithHandler(fn func(Message) error) RequestOption {
	return func(o *requestOptions) { o.handler = fn }
}

// WithLength sends length as nlmsg_len instead of the computed value: an
// expert tool for showing how the kernel treats malformed requests (it
// silently drops one whose nlmsg_len exceeds the datagram, so the request
// times out).
func WithLength(length uint32) RequestOption {
	return func(o *requestOptions) { o.length = length }
}

// pending is the request in flight.
type pending struct {
	seq       uint32
	expectAck bool // ends with the ACK (NLMSG_ERROR), not DONE
	handler   func(Message) error
	reply     *Reply
	proto     int
	finished  bool // its last message (DONE/ERROR) arrived

	nameOffset func(request []byte, offset uint32) string // Config.NameOffset

	// overrun is 0 until the kernel reports an overrun while the request
	// waits; then it is the time (UnixNano) of the latest overrun or of the
	// latest message of the reply since. The kernel drops replies like any
	// other message when the buffer is full, so from then on the request
	// gives up after overrunGrace without progress instead of waiting out
	// its timeout.
	overrun atomic.Int64

	// Guarded by Socket.mu.
	inbox []Message     // replies another reader dispatched
	sig   chan struct{} // poked when inbox grows
}

// Request sends m as a request and waits for its reply. It assigns a fresh
// seq, sets NLM_F_REQUEST, and NLM_F_ACK unless m is a dump (NLM_F_DUMP).
// Only kernel unicast with that seq and our port id counts as the reply;
// everything else is queued for Receive. A dump collects messages until
// NLMSG_DONE; other requests until the ACK. A kernel error is returned as a
// *KernelError (with the Reply collected so far). Requests on one socket
// take turns. The request fails with a *TimeoutError when no complete reply
// arrives within the timeout (WithTimeout, Config.RequestTimeout, 5s) or
// the ctx deadline, whichever is earlier.
func (s *Socket) Request(ctx context.Context, m Message, opts ...RequestOption) (*Reply, error) {
	var o requestOptions
	for _, opt := range opts {
		opt(&o)
	}
	if err := s.takeTurn(ctx); err != nil {
		return nil, s.requestErr(m.Header.Type, err, 0)
	}
	defer func() { <-s.reqSem }()

	timeout := o.timeout
	if timeout <= 0 {
		timeout = s.cfg.RequestTimeout
	}
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < timeout {
		timeout = time.Until(dl)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stop := s.watch(ctx)
	defer stop()

	isDump := m.Header.Flags&FlagDump == FlagDump
	drained := false
	for attempt := 0; ; attempt++ {
		reply, err := s.roundTrip(ctx, m, &o)
		switch {
		case err == nil && reply.Interrupted && attempt < o.retries:
			continue
		case err != nil && isDump && !drained && errors.Is(err, unix.EBUSY) && s.hasRunning():
			// A dump abandoned earlier (or sent with Send) still holds the
			// kernel's dump slot: read it out into the queue and retry once.
			drained = true
			if derr := s.drainRunning(ctx); derr == nil {
				continue
			}
		}
		if err != nil {
			return reply, s.requestErr(m.Header.Type, err, timeout)
		}
		return reply, nil
	}
}

// requestErr wraps the error of a request of type typ. The request's name
// ("request RTM_GETLINK") is made here, so that a successful request does
// not pay for it. timeout is the request's bound, 0 before it started.
func (s *Socket) requestErr(typ uint16, err error, timeout time.Duration) error {
	var kerr *KernelError
	if errors.As(err, &kerr) {
		return err
	}
	op := "request " + TypeName(s.proto, typ)
	if timeout > 0 && errors.Is(err, context.DeadlineExceeded) {
		te := &TimeoutError{Op: op, After: timeout}
		if errors.Is(err, ErrOverrun) {
			return fmt.Errorf("%w; the reply may have been dropped: %w", te, ErrOverrun)
		}
		return te
	}
	return s.opErr(op+" on", err)
}

// roundTrip sends one request and collects its reply.
func (s *Socket) roundTrip(ctx context.Context, m Message, o *requestOptions) (*Reply, error) {
	m.Header.Seq = s.Seq()
	m.Header.Flags |= FlagRequest
	isDump := m.Header.Flags&FlagDump == FlagDump
	if !isDump {
		m.Header.Flags |= FlagAck
	}
	p := &pending{
		seq:        m.Header.Seq,
		expectAck:  !isDump,
		handler:    o.handler,
		reply:      &Reply{Sent: AppendMessage(nil, m)},
		proto:      s.proto,
		sig:        make(chan struct{}, 1),
		nameOffset: s.cfg.NameOffset,
	}
	if o.length != 0 {
		binary.NativeEndian.PutUint32(p.reply.Sent[0:4], o.length)
	}
	s.mu.Lock()
	s.pend = p
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.pend = nil
		if !p.finished && len(p.inbox) > 0 {
			// Delivered but not consumed: keep them for Receive.
			for _, m := range p.inbox {
				if m.Header.Type == TypeDone || m.Header.Type == TypeError {
					p.finished = true
				}
				s.count(m, m.Source)
				s.enqueue(queued{m: m})
			}
			p.inbox = nil
			poke(s.queueSig)
		}
		if isDump && !p.finished {
			s.noteRunningLocked(p.seq)
		}
		s.mu.Unlock()
	}()
	if err := s.write(ctx, p.reply.Sent); err != nil {
		p.finished = true
		return nil, err
	}
	err := s.await(ctx, p)
	if errors.Is(err, context.DeadlineExceeded) && p.overrun.Load() != 0 {
		err = fmt.Errorf("%w: %w", err, ErrOverrun)
	}
	return p.reply, err
}

// overrunGrace is how long a request waits for more of its reply after an
// overrun. Kernel replies are produced while the request is sent (or, for
// dumps, while the socket is read), so a reply that has not shown up once
// the buffer has been read out is almost certainly lost.
const overrunGrace = time.Second

// errReplyLost ends a request whose reply the kernel most likely dropped.
// Built on first use: fmt at package init costs every process start-up.
var errReplyLost = sync.OnceValue(func() error {
	return fmt.Errorf("no reply within %v of a receive buffer overrun (the kernel probably dropped it; the request may still have taken effect): %w", overrunGrace, ErrOverrun)
})

// graceLeft is how much longer p waits after an overrun, or ok false when
// no overrun happened.
func (p *pending) graceLeft() (left time.Duration, ok bool) {
	t := p.overrun.Load()
	if t == 0 {
		return 0, false
	}
	return time.Until(time.Unix(0, t).Add(overrunGrace)), true
}

// progressed notes that messages of p's reply arrived.
func (p *pending) progressed() {
	if p.overrun.Load() != 0 {
		p.overrun.Store(time.Now().UnixNano())
	}
}

// await collects p's reply: from its inbox when another goroutine was
// reading, or by reading the socket itself.
func (s *Socket) await(ctx context.Context, p *pending) error {
	for {
		s.mu.Lock()
		inbox := p.inbox
		p.inbox = nil
		s.mu.Unlock()
		if len(inbox) > 0 {
			p.progressed()
			if done, err := p.process(inbox); done {
				return err
			}
		}
		// After an overrun, rctx ends with the grace period: both the wait
		// for the read token and the read itself.
		rctx, grace, stop := ctx, (<-chan struct{})(nil), context.CancelFunc(func() {})
		if left, ok := p.graceLeft(); ok {
			if left <= 0 {
				return errReplyLost()
			}
			rctx, stop = context.WithTimeout(ctx, left)
			grace = rctx.Done()
		}
		select {
		case <-p.sig:
			stop()
			continue
		case <-s.readTok:
		case <-grace:
			stop()
			if err := ctx.Err(); err != nil {
				return err
			}
			continue // graceLeft decides
		case <-ctx.Done():
			stop()
			return ctx.Err()
		case <-s.closing:
			stop()
			return ErrClosed
		}
		done, err := s.readForRequest(rctx, p)
		stop()
		if errors.Is(err, context.DeadlineExceeded) && rctx != ctx && ctx.Err() == nil {
			continue // the grace period ended, not the request: graceLeft decides
		}
		if done || err != nil {
			return err
		}
	}
}

// readForRequest reads one datagram while holding readTok (which it
// releases) and processes what belongs to p.
func (s *Socket) readForRequest(ctx context.Context, p *pending) (bool, error) {
	// The token is held until p has processed its messages: they sit in
	// s.scratch, which the next reader reuses.
	defer func() { s.readTok <- struct{}{} }()
	if s.hasInbox(p) {
		return false, nil // another reader delivered while we took the token
	}
	// A collected reply is read straight into memory it keeps; a handler
	// sees the receive buffer itself.
	collect := p.handler == nil
	data, src, err := s.readDatagram(ctx, collect)
	if errors.Is(err, unix.ENOBUFS) {
		s.overrun()
		return false, nil
	}
	if err != nil {
		return false, err
	}
	mine, err := s.dispatch(data, src, p)
	if len(mine) > 0 {
		p.progressed()
		if done, perr := p.process(mine); done {
			return true, perr
		}
	}
	return false, err
}

func (s *Socket) hasInbox(p *pending) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(p.inbox) > 0
}

// process consumes reply messages; done reports the end of the reply.
func (p *pending) process(msgs []Message) (done bool, err error) {
	for _, m := range msgs {
		if p.finished {
			return true, nil
		}
		if m.Header.Flags&FlagDumpIntr != 0 {
			p.reply.Interrupted = true
		}
		switch m.Header.Type {
		case TypeNoop:
		case TypeError, TypeDone:
			if done, err := p.terminal(m); done {
				p.finished = true
				return true, err
			}
		default:
			if p.handler != nil {
				if err := p.handler(m); err != nil {
					return true, err
				}
				continue
			}
			p.reply.Messages = append(p.reply.Messages, m)
		}
	}
	return false, nil
}

// terminal handles NLMSG_ERROR and NLMSG_DONE.
func (p *pending) terminal(m Message) (bool, error) {
	em, err := ParseError(m)
	if err != nil {
		return true, fmt.Errorf("%s reply: %w", TypeName(0, m.Header.Type), err)
	}
	if em.Errno != 0 {
		errno := em.Errno
		if errno < 0 {
			errno = -errno
		}
		req := em.Request
		if m.Header.Type == TypeDone {
			req, _ = ParseHeader(p.reply.Sent)
		}
		x := p.ownExtAck(em.ExtAck)
		return true, &KernelError{Errno: unix.Errno(errno), Request: req, ExtAck: x, Sent: p.reply.Sent, proto: p.proto}
	}
	if em.HasExtAck {
		x := p.ownExtAck(em.ExtAck)
		p.reply.Warning = &x
	}
	if m.Header.Type == TypeDone && p.expectAck {
		return false, nil // a multi-part reply to a non-dump request; the ACK follows
	}
	return true, nil
}

// ownExtAck copies x out of the receive buffer and names the attribute its
// offset points at in the request as sent.
func (p *pending) ownExtAck(x ExtAck) ExtAck {
	x.Policy, x.Cookie = bytes.Clone(x.Policy), bytes.Clone(x.Cookie)
	if x.HasOffset && p.nameOffset != nil {
		x.Attr = p.nameOffset(p.reply.Sent, x.Offset)
	}
	return x
}

func (s *Socket) hasRunning() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.running) > 0
}

// drainRunning reads until the kernel finished the dumps it may still be
// sending, queueing their messages for Receive.
func (s *Socket) drainRunning(ctx context.Context) error {
	for s.hasRunning() {
		select {
		case <-s.readTok:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.closing:
			return ErrClosed
		}
		if err := s.readForQueue(ctx, false); err != nil {
			return err
		}
	}
	return nil
}

// Send sends msgs in one datagram. Header fields are sent as given (Length
// is computed); nothing waits for a reply, which Receive returns.
func (s *Socket) Send(ctx context.Context, msgs ...Message) error {
	if err := s.endStream(ctx); err != nil {
		return s.opErr("send on", err)
	}
	var b []byte
	for _, m := range msgs {
		b = AppendMessage(b, m)
		if m.Header.Flags&FlagDump == FlagDump && m.Header.Flags&FlagRequest != 0 {
			s.noteRunning(m.Header.Seq)
		}
	}
	if err := s.write(ctx, b); err != nil {
		return s.opErr("send on", err)
	}
	return nil
}

// SendRaw sends b as one datagram, exactly as given.
func (s *Socket) SendRaw(ctx context.Context, b []byte) error {
	if err := s.write(ctx, b); err != nil {
		return s.opErr("send on", err)
	}
	return nil
}

func (s *Socket) write(ctx context.Context, b []byte) error {
	if s.closed() {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for {
		var werr error
		err := s.withFD(func(fd int) error {
			for {
				if s.fake != nil {
					werr = unix.Sendto(fd, b, 0, s.fake.Addr())
				} else {
					_, werr = unix.Write(fd, b)
				}
				if werr != unix.EINTR {
					return nil
				}
			}
		})
		if err != nil {
			return err
		}
		if werr == unix.EAGAIN {
			// Rare for netlink: wait for room in short steps, leaving the
			// eventfd to the reader.
			if s.closed() {
				return ErrClosed
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			dl := time.Now().Add(10 * time.Millisecond)
			if cdl, ok := ctx.Deadline(); ok && cdl.Before(dl) {
				dl = cdl
			}
			if err := s.waitOut(dl); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			continue
		}
		s.tap(Sent, b, werr)
		return werr
	}
}
