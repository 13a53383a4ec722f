package nlsock_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// countTestAddrs counts the IPv4 addresses in 10.0.0.0/8 of an address dump.
func countTestAddrs(t testing.TB, msgs []nlsock.Message) int {
	t.Helper()
	n := 0
	for _, m := range msgs {
		if len(m.Payload) < unix.SizeofIfAddrmsg || m.Payload[0] != unix.AF_INET {
			continue
		}
		nlsock.WalkAttrs(m.Payload[unix.SizeofIfAddrmsg:], func(a nlsock.Attr) error {
			if a.Type == unix.IFA_LOCAL && len(a.Data) == 4 && a.Data[0] == 10 {
				n++
			}
			return nil
		})
	}
	return n
}

// TestTwoDumpsOnOneSocket: two dumps of 3000 addresses started together on
// one socket return exactly 3000 each (the second waits its turn instead of
// the kernel's EBUSY).
func TestTwoDumpsOnOneSocket(t *testing.T) {
	_, s := freshRoute(t)
	addAddrs(t, s, 1, 3000)
	var wg sync.WaitGroup
	counts := make([]int, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			r, err := s.Request(ctxT(t), addrDump())
			errs[i] = err
			if err == nil {
				counts[i] = countTestAddrs(t, r.Messages)
			}
		})
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil || counts[i] != 3000 {
			t.Errorf("dump %d: %d addresses, err %v; want 3000", i, counts[i], errs[i])
		}
	}
}

// TestDumpInterrupted: an address added while a dump is in progress makes
// the kernel flag the rest NLM_F_DUMP_INTR; the reply says so, and
// WithRetryInterrupted gets a clean dump.
func TestDumpInterrupted(t *testing.T) {
	ns, s := freshRoute(t)
	addAddrs(t, s, 1, 3000)
	other := openRoute(t, ns.NetNS(), nlsock.Config{})
	next := 5000
	raced := 0
	race := func(limit int) func(nlsock.Message) error {
		seen := 0
		return func(nlsock.Message) error {
			seen++
			if seen == 10 && raced < limit {
				raced++
				next++
				if _, err := other.Request(ctxT(t), addrMsg(1, nthAddr(next))); err != nil {
					return err
				}
			}
			return nil
		}
	}
	r, err := s.Request(ctxT(t), addrDump(), nlsock.WithHandler(race(1)))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Interrupted {
		t.Errorf("dump raced by a change not reported as interrupted")
	}
	raced = 0
	r, err = s.Request(ctxT(t), addrDump(), nlsock.WithHandler(race(1)), nlsock.WithRetryInterrupted(3))
	if err != nil {
		t.Fatal(err)
	}
	if r.Interrupted {
		t.Errorf("retried dump still interrupted")
	}
	r, err = s.Request(ctxT(t), addrDump())
	if err != nil || r.Interrupted {
		t.Fatalf("quiet dump: interrupted=%v err=%v", r != nil && r.Interrupted, err)
	}
	if n := countTestAddrs(t, r.Messages); n != 3002 {
		t.Errorf("quiet dump: %d addresses, want 3002", n)
	}
}

type ipLink struct {
	Index int    `json:"ifindex"`
	Name  string `json:"ifname"`
	MTU   uint32 `json:"mtu"`
}

// TestLinkDumpMatchesIP: a namespace with 50 veth pairs and a bridge; our
// link dump agrees with `ip -j link show` on index, name and MTU.
func TestLinkDumpMatchesIP(t *testing.T) {
	ns, s := freshRoute(t)
	var b strings.Builder
	b.WriteString("link add br0 type bridge\n")
	for i := range 50 {
		b.WriteString("link add v" + strconv.Itoa(i) + "a mtu " + strconv.Itoa(1280+i) + " type veth peer name v" + strconv.Itoa(i) + "b\n")
	}
	ipBatch(t, ns.NetNS(), b.String())

	cmd := exec.Command("ip", "-j", "link", "show")
	var out strings.Builder
	cmd.Stdout = &out
	if err := ns.NetNS().Run(cmd); err != nil {
		t.Fatalf("ip -j link show: %v", err)
	}
	var want []ipLink
	if err := json.Unmarshal([]byte(out.String()), &want); err != nil {
		t.Fatalf("ip's JSON: %v", err)
	}
	r, err := s.Request(ctxT(t), linkDump())
	if err != nil {
		t.Fatal(err)
	}
	var got []ipLink
	for _, m := range r.Messages {
		idx, name, mtu := linkAttrs(t, m)
		got = append(got, ipLink{int(idx), name, mtu})
	}
	if len(want) != 102 {
		t.Errorf("ip shows %d links, want 102", len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("dump has %d links, ip %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("link %d: got %+v, ip says %+v", i, got[i], want[i])
		}
	}
}

// TestExtAckSameWithCapAck: a 39-byte IFLA_IFNAME fails policy validation
// with ERANGE at the same offset, with the same text, with and without
// NETLINK_CAP_ACK; the offset points at the attribute in Reply.Sent.
func TestExtAckSameWithCapAck(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	var e nlsock.AttrEncoder
	e.Raw(unix.IFLA_IFNAME, []byte(strings.Repeat("x", 38)+"\x00"))
	m := nlsock.Message{Header: nlsock.Header{Type: unix.RTM_GETLINK}, Payload: append(ifinfomsg(0, 0, 0), e.Bytes()...)}
	var first *nlsock.KernelError
	for _, capAck := range []bool{false, true} {
		s := openRoute(t, ns, nlsock.Config{CapAck: capAck})
		_, err := s.Request(ctxT(t), m)
		var kerr *nlsock.KernelError
		if !errors.As(err, &kerr) {
			t.Fatalf("cap_ack=%v: got %v, want a kernel error", capAck, err)
		}
		if !errors.Is(err, unix.ERANGE) || nlsock.ErrnoName(err) != "ERANGE" {
			t.Errorf("cap_ack=%v: %v is not ERANGE", capAck, err)
		}
		x := kerr.ExtAck
		if x.Msg != "Attribute failed policy validation" || !x.HasOffset || x.Offset != 32 {
			t.Errorf("cap_ack=%v: ext-ack %+v, want the policy message at offset 32", capAck, x)
		}
		if off := int(x.Offset); off+4 <= len(kerr.Sent) {
			if typ := binary.NativeEndian.Uint16(kerr.Sent[off+2:]); typ != unix.IFLA_IFNAME {
				t.Errorf("cap_ack=%v: offset %d points at attribute type %d, want IFLA_IFNAME", capAck, off, typ)
			}
		}
		if want := "RTM_GETLINK request: numerical result out of range: Attribute failed policy validation (offset 32)"; err.Error() != want {
			t.Errorf("cap_ack=%v: error %q, want %q", capAck, err, want)
		}
		if first == nil {
			first = kerr
		} else if first.ExtAck.Msg != x.Msg || first.ExtAck.Offset != x.Offset {
			t.Errorf("ext-ack differs with CAP_ACK: %+v vs %+v", first.ExtAck, x)
		}
	}
}

// TestStrictHeaderError: under strict checking a dump whose ifinfomsg has
// junk is refused with EINVAL and the kernel's explanation; without strict
// checking it is accepted.
func TestStrictHeaderError(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := linkDump()
	m.Payload[1] = 1 // ifi_pad
	_, err := openRoute(t, ns, nlsock.Config{}).Request(ctxT(t), m)
	var kerr *nlsock.KernelError
	if !errors.As(err, &kerr) || !errors.Is(err, unix.EINVAL) || !strings.Contains(kerr.ExtAck.Msg, "Invalid values in header") {
		t.Errorf("strict: got %v, want EINVAL with \"Invalid values in header ...\"", err)
	}
	if _, err := openRoute(t, ns, nlsock.Config{DisableStrict: true}).Request(ctxT(t), m); err != nil {
		t.Errorf("not strict: %v", err)
	}
}

// TestDumpSurvivesSignals: a storm of signals (EINTR for blocking system
// calls) during dumps of 3000 addresses changes nothing.
func TestDumpSurvivesSignals(t *testing.T) {
	_, s := freshRoute(t)
	addAddrs(t, s, 1, 3000)
	sig := make(chan os.Signal, 64)
	signal.Notify(sig, syscall.SIGUSR1)
	defer signal.Stop(sig)
	stop := make(chan struct{})
	var sent sync.WaitGroup
	sent.Go(func() {
		for i := 0; i < 1000; i++ {
			select {
			case <-stop:
				return
			default:
			}
			syscall.Kill(os.Getpid(), syscall.SIGUSR1)
		}
	})
	for i := range 3 {
		r, err := s.Request(ctxT(t), addrDump())
		if err != nil {
			t.Fatalf("dump %d: %v", i, err)
		}
		if n := countTestAddrs(t, r.Messages); n != 3000 {
			t.Errorf("dump %d: %d addresses, want 3000", i, n)
		}
	}
	close(stop)
	sent.Wait()
}

// TestCancelMidDump: cancelling the context in the middle of a dump ends
// the request as interrupted; the next request on the socket gets a whole,
// correct dump, and the rest of the first is kept for Receive.
func TestCancelMidDump(t *testing.T) {
	_, s := freshRoute(t)
	addAddrs(t, s, 1, 3000)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := 0
	_, err := s.Request(ctx, addrDump(), nlsock.WithHandler(func(nlsock.Message) error {
		if seen++; seen == 100 {
			cancel()
		}
		return nil
	}))
	if !errors.Is(err, context.Canceled) || nlsock.ErrnoName(err) != "interrupted" {
		t.Fatalf("cancelled dump: %v", err)
	}
	r, err := s.Request(ctxT(t), addrDump())
	if err != nil {
		t.Fatal(err)
	}
	if n := countTestAddrs(t, r.Messages); n != 3000 {
		t.Errorf("next dump: %d addresses, want 3000", n)
	}
	if st := s.Stats(); st.Stale == 0 || st.Queued != int(st.Stale) {
		t.Errorf("stats %+v: the rest of the cancelled dump should be queued", st)
	}
}
