package nlsock_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// TestDirectReadOverrun: TestOverrun with direct reads (no peek): the
// overrun is reported, Stats and Receive agree on how often, the socket
// keeps working, and an 8 MiB buffer loses none of 300 events.
func TestDirectReadOverrun(t *testing.T) { checkOverrun(t, true) }

// TestDirectReadTruncated: with direct reads of at most 64 KiB, a 1 KiB
// datagram arrives whole, a 100 KiB one is reported truncated with its
// size (not dropped silently), and the next one arrives whole again.
func TestDirectReadTruncated(t *testing.T) {
	ns, s := freshRoute(t)
	if err := s.SetDirectRead(64 << 10); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDirectRead(-1); err == nil || !strings.Contains(err.Error(), "-1 bytes") {
		t.Errorf("SetDirectRead(-1): %v, want a clear error", err)
	}
	b := openRoute(t, ns.NetNS(), nlsock.Config{})
	send := func(size int) {
		payload := make([]byte, size)
		for i := range payload {
			payload[i] = byte(i)
		}
		msg := nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 0x99}, Payload: payload})
		if err := unix.Sendto(b.FD(), msg, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: s.PortID()}); err != nil {
			t.Fatal(err)
		}
	}
	for _, size := range []int{1 << 10, 100 << 10, 2 << 10} {
		send(size)
	}
	for i, size := range []int{1 << 10, 100 << 10, 2 << 10} {
		m, err := s.Receive(ctxT(t))
		if size > 64<<10 {
			if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "102416") {
				t.Errorf("datagram %d (%d bytes): %v, want it reported truncated with its size", i, size, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("datagram %d: %v", i, err)
		}
		if len(m.Payload) != size || m.Payload[size-1] != byte(size-1) {
			t.Errorf("datagram %d: %d payload bytes, want %d intact", i, len(m.Payload), size)
		}
	}
}

// TestDirectReadWaits: a listener waits in the runtime's poller; a
// deadline, a cancelled context and Close each end a blocked Receive
// promptly, an event wakes it, and Close leaves no fd behind.
func TestDirectReadWaits(t *testing.T) {
	ns, adder := freshRoute(t)
	before := nlsocktest.SettledFDs()
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns.NetNS())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetDirectRead(64 << 10); err != nil {
		t.Fatal(err)
	}
	if err := s.Join(unix.RTNLGRP_IPV4_IFADDR); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	start := time.Now()
	_, err = s.Receive(ctx)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("deadline: %v after %v", err, time.Since(start))
	}
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start = time.Now()
	if _, err = s.Receive(ctx); !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Errorf("cancel: %v after %v", err, time.Since(start))
	}
	got := make(chan error, 1)
	go func() {
		m, err := s.Receive(context.Background())
		if err == nil && m.Header.Type != unix.RTM_NEWADDR {
			err = fmt.Errorf("got type %d", m.Header.Type)
		}
		got <- err
	}()
	time.Sleep(50 * time.Millisecond)
	addAddrs(t, adder, 1, 1)
	select {
	case err := <-got:
		if err != nil {
			t.Errorf("event: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the event did not wake the listener")
	}
	go func() {
		_, err := s.Receive(context.Background())
		got <- err
	}()
	time.Sleep(50 * time.Millisecond)
	s.Close()
	select {
	case err := <-got:
		if !errors.Is(err, nlsock.ErrClosed) {
			t.Errorf("after Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the blocked Receive")
	}
	if after := nlsocktest.SettledFDs(); after != before {
		t.Errorf("%d fds before, %d after Close", before, after)
	}
}

// TestDirectReadBurstsAndLulls: a listener's socket is reported once per
// wait (a one-shot epoll entry, re-armed by each wait) and lingers after a
// burst: through 30 rounds of a burst of 20 datagrams, read ten at a time
// (a pass that makes the next read linger), then a lull, then a single
// datagram, every datagram arrives in order and the single one is not left
// waiting for another.
func TestDirectReadBurstsAndLulls(t *testing.T) {
	ns, s := freshRoute(t)
	if err := s.SetDirectRead(64 << 10); err != nil {
		t.Fatal(err)
	}
	peer := openRoute(t, ns.NetNS(), nlsock.Config{})
	seq := uint32(0)
	send := func() {
		seq++
		msg := nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 0x99, Seq: seq}, Payload: make([]byte, 16)})
		if err := unix.Sendto(peer.FD(), msg, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Pid: s.PortID()}); err != nil {
			t.Fatal(err)
		}
	}
	want := uint32(0)
	recv := func(what string) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		m, err := s.Receive(ctx)
		if err != nil {
			t.Fatalf("%s, datagram %d: %v", what, want+1, err)
		}
		want++
		if m.Header.Seq != want {
			t.Fatalf("%s: got datagram %d, want %d", what, m.Header.Seq, want)
		}
	}
	for range 30 {
		for i := range 20 {
			send()
			if i%10 == 9 { // a pass of 10: the next read lingers
				for want < seq {
					recv("burst")
				}
			}
		}
		time.Sleep(2 * time.Millisecond)
		send()
		recv("after a lull")
	}
}
