package nlsock_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// TestDirectReadOverrun: TestOverrun with direct reads (no peek): the
// overrun is reported, Stats and Receive agree on how often, the socket
// keeps working, and an 8 MiB buffer loses none of 300 events.
func TestDirectReadOverrun(t *testing.T) {
	ns, adder := freshRoute(t)
	small := openRoute(t, ns.NetNS(), nlsock.Config{ReadBuffer: 4096})
	big := openRoute(t, ns.NetNS(), nlsock.Config{})
	if err := big.SetReadBuffer(8<<20, true); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*nlsock.Socket{small, big} {
		if err := s.SetDirectRead(64 << 10); err != nil {
			t.Fatal(err)
		}
		if err := s.Join(unix.RTNLGRP_IPV4_IFADDR); err != nil {
			t.Fatal(err)
		}
	}
	addAddrs(t, adder, 1, 300)
	msgs, overruns := drain(t, small)
	if overruns < 1 || msgs >= 300 {
		t.Errorf("4 KiB buffer: %d events and %d overruns, want some lost and reported", msgs, overruns)
	}
	if st := small.Stats(); st.Overruns != uint64(overruns) {
		t.Errorf("stats count %d overruns, Receive reported %d", st.Overruns, overruns)
	}
	if r, err := small.Request(ctxT(t), linkDump()); err != nil || len(r.Messages) != 1 {
		t.Errorf("socket unusable after overrun: %v", err)
	}
	if msgs, overruns := drain(t, big); msgs != 300 || overruns != 0 {
		t.Errorf("8 MiB buffer: %d events, %d overruns; want 300, 0", msgs, overruns)
	}
}

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
