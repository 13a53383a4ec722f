//go:build linux

package monitor

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// DefaultReadBuffer is what a Monitor asks for when Options.ReadBuffer is
// 0: enough for tens of thousands of link events (the kernel's default of
// about 208 KiB holds about 90).
const DefaultReadBuffer = 32 << 20

// Buffer is what the kernel granted a socket's receive buffer.
type Buffer struct {
	Proto  int
	Asked  int    // bytes asked for (0: the kernel default was kept)
	Got    int    // SO_RCVBUF as the kernel reports it (twice the request, within limits)
	Forced bool   // SO_RCVBUFFORCE was used
	Note   string // why it is smaller than asked, if it is
}

// String: "route rcvbuf 67108864 bytes (SO_RCVBUFFORCE)".
func (b Buffer) String() string {
	how := "SO_RCVBUF"
	switch {
	case b.Asked == 0:
		how = "kernel default"
	case b.Forced:
		how = "SO_RCVBUFFORCE"
	}
	s := fmt.Sprintf("%s rcvbuf %d bytes (%s)", nlsock.ProtocolName(b.Proto), b.Got, how)
	if b.Note != "" {
		s += ": " + b.Note
	}
	return s
}

// RmemMax reads net.core.rmem_max, the SO_RCVBUF ceiling, or 0.
func RmemMax() int {
	b, err := os.ReadFile("/proc/sys/net/core/rmem_max")
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// raise sets s's receive buffer as opts ask and reports the result.
func raise(s *nlsock.Socket, opts Options) (Buffer, error) {
	b := Buffer{Proto: s.Protocol(), Asked: opts.ReadBuffer}
	var err error
	switch {
	case opts.ReadBuffer < 0:
		b.Asked = 0
	case opts.ReadBuffer > 0 && opts.Force:
		b.Forced = true
		err = s.SetReadBuffer(opts.ReadBuffer, true)
	case opts.ReadBuffer > 0:
		err = s.SetReadBuffer(opts.ReadBuffer, false)
	default:
		b.Asked, b.Forced = DefaultReadBuffer, true
		if err = s.SetReadBuffer(DefaultReadBuffer, true); errors.Is(err, unix.EPERM) {
			b.Forced = false
			b.Note = "no CAP_NET_ADMIN for SO_RCVBUFFORCE"
			err = s.SetReadBuffer(DefaultReadBuffer, false)
		}
	}
	if err != nil {
		return b, err
	}
	if b.Got, err = s.ReadBuffer(); err != nil {
		return b, err
	}
	if b.Asked > 0 && !b.Forced && b.Got < 2*b.Asked {
		note := fmt.Sprintf("capped by net.core.rmem_max (%d)", RmemMax())
		if b.Note != "" {
			note = b.Note + ", " + note
		}
		b.Note = note
	}
	return b, nil
}
