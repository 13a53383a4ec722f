package nlsock_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// drain receives until nothing arrives for 200ms; it returns the messages
// and overruns seen.
func drain(t *testing.T, s *nlsock.Socket) (msgs, overruns int) {
	t.Helper()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, err := s.Receive(ctx)
		cancel()
		switch {
		case err == nil:
			msgs++
		case errors.Is(err, nlsock.ErrOverrun):
			overruns++
			if !errors.Is(err, unix.ENOBUFS) || nlsock.ErrnoName(err) != "ENOBUFS" {
				t.Errorf("overrun error %v is not ENOBUFS", err)
			}
		case errors.Is(err, context.DeadlineExceeded):
			return msgs, overruns
		default:
			t.Fatalf("receive: %v", err)
		}
	}
}

// TestOverrun: 300 address events into a 4 KiB buffer overflow it; the
// overrun is reported (not silently lost) and the socket keeps working. An
// 8 MiB forced buffer loses none.
func TestOverrun(t *testing.T) { checkOverrun(t, false) }

// checkOverrun is TestOverrun, and with direct it is TestDirectReadOverrun:
// the same events into the same buffers, read with direct reads (no peek).
// Stats and Receive must agree on how many overruns there were.
func checkOverrun(t *testing.T, direct bool) {
	ns, adder := freshRoute(t)
	small := openRoute(t, ns.NetNS(), nlsock.Config{ReadBuffer: 4096})
	big := openRoute(t, ns.NetNS(), nlsock.Config{})
	if err := big.SetReadBuffer(8<<20, true); err != nil {
		t.Fatal(err)
	}
	if n, err := big.ReadBuffer(); err != nil || n != 16<<20 {
		t.Errorf("forced 8 MiB buffer: kernel reports %d (%v), want 16 MiB (doubled)", n, err)
	}
	for _, s := range []*nlsock.Socket{small, big} {
		if direct {
			if err := s.SetDirectRead(64 << 10); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Join(unix.RTNLGRP_IPV4_IFADDR); err != nil {
			t.Fatal(err)
		}
	}
	addAddrs(t, adder, 1, 300)

	msgs, overruns := drain(t, small)
	t.Logf("4 KiB buffer: %d events, %d overruns", msgs, overruns)
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

// TestIgnoredRequestTimesOut: the kernel silently drops a message whose
// nlmsg_len exceeds the datagram; the request ends with a clear timeout
// and the socket still works.
func TestIgnoredRequestTimesOut(t *testing.T) {
	s := routeOrFake(t)
	start := time.Now()
	_, err := s.Request(ctxT(t), linkDump(), nlsock.WithLength(1000), nlsock.WithTimeout(300*time.Millisecond))
	var te *nlsock.TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || nlsock.ErrnoName(err) != "timeout" {
		t.Fatalf("got %v, want a timeout", err)
	}
	if want := "request RTM_GETLINK: no reply within 300ms (the kernel ignores malformed or non-request messages)"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if d := time.Since(start); d < 300*time.Millisecond || d > 2*time.Second {
		t.Errorf("timed out after %v, want ~300ms", d)
	}
	if r, err := s.Request(ctxT(t), linkDump()); err != nil || len(r.Messages) != 1 {
		t.Errorf("next request: %v", err)
	}
}

// TestCloseUnblocks: Close wakes a Receive and a Request blocked in other
// goroutines; every later call says the socket is closed. Cancelling a
// context interrupts a Receive and leaves the socket usable.
func TestCloseUnblocks(t *testing.T) {
	s := routeOrFake(t)

	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := s.Receive(ctx); !errors.Is(err, context.Canceled) || nlsock.ErrnoName(err) != "interrupted" {
		t.Fatalf("cancelled Receive: %v", err)
	}
	if r, err := s.Request(ctxT(t), linkDump()); err != nil || len(r.Messages) != 1 {
		t.Fatalf("socket unusable after an interrupted Receive: %v", err)
	}

	recvErr, reqErr := make(chan error, 1), make(chan error, 1)
	go func() { _, err := s.Receive(context.Background()); recvErr <- err }()
	go func() {
		_, err := s.Request(context.Background(), linkDump(), nlsock.WithLength(1000), nlsock.WithTimeout(time.Minute))
		reqErr <- err
	}()
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]chan error{"receive": recvErr, "request": reqErr} {
		select {
		case err := <-c:
			if !errors.Is(err, nlsock.ErrClosed) || !errors.Is(err, unix.EBADF) || !strings.HasSuffix(err.Error(), ": socket closed") {
				t.Errorf("blocked %s: %v, want socket closed", name, err)
			}
		case <-time.After(time.Second):
			t.Fatalf("blocked %s still blocked after Close", name)
		}
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("unblocking took %v", d)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestBadInputs: each mistake gets a one-line error naming the operation,
// the object and the cause, with the right errno name, and leaks no fd.
func TestBadInputs(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	regular := filepath.Join(t.TempDir(), "netns-file")
	if err := os.WriteFile(regular, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	open := func(proto int, n nlsock.NetNS) func() error {
		return func() error {
			s, err := nlsock.Open(proto, n)
			if err == nil {
				s.Close()
			}
			return err
		}
	}
	withSocket := func(fn func(s *nlsock.Socket) error) func() error {
		return func() error {
			s, err := nlsock.Open(unix.NETLINK_ROUTE, ns.NetNS())
			if err != nil {
				return err
			}
			defer s.Close()
			return fn(s)
		}
	}
	closed := func(fn func(s *nlsock.Socket) error) func() error {
		return withSocket(func(s *nlsock.Socket) error { s.Close(); return fn(s) })
	}
	for _, tc := range []struct {
		name    string
		do      func() error
		want    string
		errname string
	}{
		{"protocol 99", open(99, ns.NetNS()), "open netlink protocol 99: unknown netlink protocol (valid numbers are 0-31)", "EPROTONOSUPPORT"},
		{"protocol -1", open(-1, nlsock.Host()), "open netlink protocol -1: unknown netlink protocol", "EPROTONOSUPPORT"},
		{"protocol 31 unsupported", open(31, ns.NetNS()), "open netlink protocol 31 in netns#", "EPROTONOSUPPORT"},
		{"missing namespace", open(0, nlsock.Name("nlsh-no-such-ns")), "open netns /run/netns/nlsh-no-such-ns: no such network namespace (/run/netns/nlsh-no-such-ns does not exist)", "ENOENT"},
		{"regular file", open(0, nlsock.Path(regular)), "open netns " + regular + ": not a network namespace (a regular file on", "EINVAL"},
		{"empty path", open(0, nlsock.Path("")), `open netns "": empty namespace path`, "EINVAL"},
		{"uts namespace", open(0, nlsock.Path("/proc/self/ns/uts")), "open netns /proc/self/ns/uts: not a network namespace (it is a uts namespace)", "EINVAL"},
		{"no such pid", open(0, nlsock.PID(999999999)), "open netns pid 999999999: no such process 999999999", "ESRCH"},
		{"group 0", withSocket(func(s *nlsock.Socket) error { return s.Join(0) }), "join group 0 on route socket", "EINVAL"},
		{"group 1000", withSocket(func(s *nlsock.Socket) error { return s.Join(1000) }), ": group 1000 does not exist for protocol route", "EINVAL"},
		{"negative buffer", withSocket(func(s *nlsock.Socket) error { return s.SetReadBuffer(-1, false) }), "set read buffer of route socket", "EINVAL"},
		{"negative buffer at open", func() error {
			_, err := nlsock.OpenConfig(0, ns.NetNS(), nlsock.Config{ReadBuffer: -5})
			return err
		}, "open route socket: read buffer -5 bytes: the size must be positive", "EINVAL"},
		{"closed receive", closed(func(s *nlsock.Socket) error { _, err := s.Receive(context.Background()); return err }), "receive on route socket", "EBADF"},
		{"closed request", closed(func(s *nlsock.Socket) error { _, err := s.Request(context.Background(), linkDump()); return err }), "request RTM_GETLINK on route socket", "EBADF"},
		{"closed send", closed(func(s *nlsock.Socket) error { return s.Send(context.Background(), linkDump()) }), "send on route socket", "EBADF"},
		{"closed join", closed(func(s *nlsock.Socket) error { return s.Join(1) }), "join group 1 on route socket", "EBADF"},
		{"closed buffer", closed(func(s *nlsock.Socket) error { _, err := s.ReadBuffer(); return err }), "read buffer size of route socket", "EBADF"},
		{"closed memberships", closed(func(s *nlsock.Socket) error { _, err := s.Memberships(); return err }), "list memberships of route socket", "EBADF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fd0 := nlsocktest.SettledFDs()
			err := tc.do()
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line containing %q", msg, tc.want)
			}
			if got := nlsock.ErrnoName(err); got != tc.errname {
				t.Errorf("ErrnoName = %q, want %q", got, tc.errname)
			}
			if strings.Contains(tc.name, "closed") && !strings.HasSuffix(msg, "socket closed") {
				t.Errorf("error %q does not end in \"socket closed\"", msg)
			}
			if fd1 := nlsocktest.SettledFDs(); fd1 != fd0 {
				t.Errorf("fd count %d -> %d", fd0, fd1)
			}
		})
	}
}

// TestMemberships: Join and Leave show in Memberships; leaving a group the
// socket is not in succeeds.
func TestMemberships(t *testing.T) {
	s := routeOrFake(t)
	for _, g := range []uint32{1, 5, 33} {
		if err := s.Join(g); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Leave(5); err != nil {
		t.Fatal(err)
	}
	if err := s.Leave(7); err != nil {
		t.Errorf("leaving a group never joined: %v", err)
	}
	got, err := s.Memberships()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[1 33]" {
		t.Errorf("memberships %v, want [1 33]", got)
	}
}
