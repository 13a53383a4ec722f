package nlsock

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Direction says whether a captured datagram was sent or received.
type Direction uint8

const (
	Received Direction = iota // the kernel (or another socket) sent it to us
	Sent                      // we sent it
)

// String is "received" or "sent".
func (d Direction) String() string {
	switch d {
	case Received:
		return "received"
	case Sent:
		return "sent"
	}
	return fmt.Sprintf("direction(%d)", uint8(d))
}

// CaptureWriter records datagrams (nlsock/pcap's Writer is one). It must be
// safe for concurrent use: datagrams are sent and received by different
// goroutines. b is only valid during the call.
type CaptureWriter interface {
	WriteDatagram(dir Direction, proto int, b []byte, t time.Time) error
}

// capture is the socket's tap: every datagram written or read whole passes
// through it.
type capture struct {
	on    atomic.Bool
	mu    sync.RWMutex // held for reading while a datagram is written out
	w     CaptureWriter
	owned io.Closer // closed when the capture stops (SetCaptureOwned)
	err   error     // the first error of w; capture stops there
}

// SetCapture records every datagram the socket sends or receives from now
// on to w, replacing a previous writer. A nil w stops capturing. When w
// fails, capturing stops and CaptureError reports why; sending and
// receiving go on.
func (s *Socket) SetCapture(w CaptureWriter) error {
	if w == nil {
		s.StopCapture()
		return nil
	}
	return s.setCapture(w, nil)
}

// CaptureCloser is a CaptureWriter the socket may own.
type CaptureCloser interface {
	CaptureWriter
	io.Closer
}

// SetCaptureOwned is SetCapture for a writer the socket owns (a capture
// file of this socket alone): it is closed when the capture stops, is
// replaced, fails, or the socket closes.
func (s *Socket) SetCaptureOwned(w CaptureCloser) error {
	if err := s.setCapture(w, w); err != nil {
		w.Close()
		return err
	}
	return nil
}

func (s *Socket) setCapture(w CaptureWriter, owned io.Closer) error {
	if s.closed() {
		return s.opErr("capture on", ErrClosed)
	}
	c := &s.capture
	c.mu.Lock()
	prev := c.owned
	c.w, c.owned, c.err = w, owned, nil
	c.on.Store(true)
	c.mu.Unlock()
	if prev != nil {
		prev.Close()
	}
	return nil
}

// StopCapture stops recording. When it returns, the writer is no longer
// called; a writer set with SetCaptureOwned is closed, any other is the
// caller's to close. Close stops the capture too.
func (s *Socket) StopCapture() {
	c := &s.capture
	c.mu.Lock()
	c.on.Store(false)
	owned := c.owned
	c.w, c.owned = nil, nil
	c.mu.Unlock()
	if owned != nil {
		owned.Close()
	}
}

// Capturing reports whether a capture is running.
func (s *Socket) Capturing() bool { return s.capture.on.Load() }

// CaptureError returns the error that stopped the last capture, if any.
func (s *Socket) CaptureError() error {
	c := &s.capture
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.err
}

// tap hands a datagram to the capture writer when capturing and the
// datagram really went through (err == nil).
func (s *Socket) tap(dir Direction, b []byte, err error) {
	c := &s.capture
	if err != nil || !c.on.Load() {
		return
	}
	c.mu.RLock()
	w := c.w
	var werr error
	if w != nil {
		werr = w.WriteDatagram(dir, s.proto, b, time.Now())
	}
	c.mu.RUnlock()
	if werr != nil {
		c.mu.Lock()
		var owned io.Closer
		if c.w == w {
			c.on.Store(false)
			owned = c.owned
			c.w, c.owned, c.err = nil, nil, fmt.Errorf("capture of %s: %w", s.name, werr)
		}
		c.mu.Unlock()
		if owned != nil {
			owned.Close()
		}
	}
}
