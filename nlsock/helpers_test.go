package nlsock_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/netip"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// openRoute opens a route socket in ns and registers Close.
func openRoute(t testing.TB, ns nlsock.NetNS, cfg nlsock.Config) *nlsock.Socket {
	t.Helper()
	s, err := nlsock.OpenConfig(unix.NETLINK_ROUTE, ns, cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func freshRoute(t testing.TB) (*nlsock.Namespace, *nlsock.Socket) {
	t.Helper()
	ns := nlsocktest.NewNamespace(t)
	return ns, openRoute(t, ns.NetNS(), nlsock.Config{})
}

func ctxT(t testing.TB) context.Context { return nlsocktest.Context(t, 30*time.Second) }

// ifinfomsg returns a struct ifinfomsg (16 bytes).
func ifinfomsg(index int32, flags, change uint32) []byte {
	b := make([]byte, unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(b[4:8], uint32(index))
	binary.NativeEndian.PutUint32(b[8:12], flags)
	binary.NativeEndian.PutUint32(b[12:16], change)
	return b
}

func linkDump() nlsock.Message {
	return nlsock.Message{
		Header:  nlsock.Header{Type: unix.RTM_GETLINK, Flags: nlsock.FlagDump},
		Payload: ifinfomsg(0, 0, 0),
	}
}

func addrDump() nlsock.Message {
	return nlsock.Message{
		Header:  nlsock.Header{Type: unix.RTM_GETADDR, Flags: nlsock.FlagDump},
		Payload: make([]byte, unix.SizeofIfAddrmsg),
	}
}

// setLinkUp brings interface index up.
func setLinkUp(t testing.TB, s *nlsock.Socket, index int32) {
	t.Helper()
	m := nlsock.Message{
		Header:  nlsock.Header{Type: unix.RTM_NEWLINK},
		Payload: ifinfomsg(index, unix.IFF_UP, unix.IFF_UP),
	}
	if _, err := s.Request(ctxT(t), m); err != nil {
		t.Fatalf("set link %d up: %v", index, err)
	}
}

// addrMsg builds RTM_NEWADDR for an IPv4 /32 on interface index.
func addrMsg(index uint32, a netip.Addr) nlsock.Message {
	p := make([]byte, unix.SizeofIfAddrmsg)
	p[0] = unix.AF_INET
	p[1] = 32
	binary.NativeEndian.PutUint32(p[4:8], index)
	var e nlsock.AttrEncoder
	ip := a.As4()
	e.Raw(unix.IFA_LOCAL, ip[:])
	e.Raw(unix.IFA_ADDRESS, ip[:])
	return nlsock.Message{
		Header:  nlsock.Header{Type: unix.RTM_NEWADDR, Flags: nlsock.FlagCreate | nlsock.FlagExcl},
		Payload: append(p, e.Bytes()...),
	}
}

// nthAddr is 10.x.y.z for n.
func nthAddr(n int) netip.Addr {
	return netip.AddrFrom4([4]byte{10, byte(n >> 16), byte(n >> 8), byte(n)})
}

// addAddrs adds count /32 addresses to lo, one request each.
func addAddrs(t testing.TB, s *nlsock.Socket, first, count int) {
	t.Helper()
	ctx := ctxT(t)
	for i := first; i < first+count; i++ {
		if _, err := s.Request(ctx, addrMsg(1, nthAddr(i))); err != nil {
			t.Fatalf("add address %v: %v", nthAddr(i), err)
		}
	}
}

// linkAttrs returns the index, IFLA_IFNAME and IFLA_MTU of a link message.
func linkAttrs(t testing.TB, m nlsock.Message) (index int32, name string, mtu uint32) {
	t.Helper()
	if len(m.Payload) < unix.SizeofIfInfomsg {
		t.Fatalf("short ifinfomsg: %d bytes", len(m.Payload))
	}
	index = int32(binary.NativeEndian.Uint32(m.Payload[4:8]))
	err := nlsock.WalkAttrs(m.Payload[unix.SizeofIfInfomsg:], func(a nlsock.Attr) error {
		switch a.Type {
		case unix.IFLA_IFNAME:
			name = string(a.Data[:max(len(a.Data)-1, 0)])
		case unix.IFLA_MTU:
			mtu = binary.NativeEndian.Uint32(a.Data)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("link attributes: %v", err)
	}
	return index, name, mtu
}

// addVeths creates n veth pairs (v0a/v0b, ...) inside ns with ip -batch.
func addVeths(t testing.TB, ns nlsock.NetNS, n int) {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "link add v%da type veth peer name v%db\n", i, i)
	}
	ipBatch(t, ns, b.String())
}

func ipBatch(t testing.TB, ns nlsock.NetNS, script string) {
	t.Helper()
	cmd := exec.Command("ip", "-batch", "-")
	cmd.Stdin = strings.NewReader(script)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := ns.Run(cmd); err != nil {
		t.Fatalf("ip -batch in %v: %v: %s", ns, err, out.String())
	}
}

// nsProbe is n goroutines that keep checking which network namespace their
// thread is in. TestNoStrandedThreads runs it around concurrent opens;
// TestProbeCatchesBuggySetns shows that it notices stranded threads.
type nsProbe struct {
	samples, wrong atomic.Int64 // samples taken, and those in a foreign namespace
	done           chan struct{}
	wg             sync.WaitGroup
}

func startNSProbe(n int) *nsProbe {
	p := &nsProbe{done: make(chan struct{})}
	home := nlsocktest.HostNetNSInode()
	for range n {
		p.wg.Go(func() {
			for {
				select {
				case <-p.done:
					return
				default:
				}
				if nlsocktest.ThreadNetNSInode() != home {
					p.wrong.Add(1)
				}
				p.samples.Add(1)
				runtime.Gosched() // hop threads: a sample per thread, not per goroutine
			}
		})
	}
	return p
}

// stop ends the probe and returns its counts.
func (p *nsProbe) stop() (samples, wrong int64) {
	close(p.done)
	p.wg.Wait()
	return p.samples.Load(), p.wrong.Load()
}
