package nlsock_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// The dump benchmarks compare, on one namespace with 2001 links (1000 veth
// pairs and lo), a full RTM_GETLINK dump whose every attribute is walked:
// nlsock's Request collecting the reply and streaming it to a handler, a
// plain recvmsg loop with a 32 KiB buffer (the floor; with Keep, also
// keeping a copy of each datagram as a collected reply must), and
// mdlayher/netlink's Execute with the default Config.
//
//	go test -run '^$' -bench Dump -benchmem ./nlsock
//
// On a busy machine separate benchmarks drift apart by more than the
// differences they measure; BenchmarkDumpRatios interleaves the contenders
// dump by dump and reports medians as ratios to the plain loop.

const benchPairs = 1000

var bench struct {
	once sync.Once
	ns   *nlsock.Namespace
	err  error
}

// benchNS creates the namespace once per process; it lives until exit.
func benchNS(b *testing.B) *nlsock.Namespace {
	b.Helper()
	bench.once.Do(func() {
		if os.Geteuid() != 0 {
			bench.err = fmt.Errorf("needs root")
			return
		}
		ns, err := nlsock.NewNamespace()
		if err != nil {
			bench.err = err
			return
		}
		var sb strings.Builder
		for i := range benchPairs {
			fmt.Fprintf(&sb, "link add b%da type veth peer name b%db\n", i, i)
		}
		ipBatch(b, ns.NetNS(), sb.String())
		bench.ns = ns
	})
	if bench.err != nil {
		nlsocktest.Skipf(b, "benchmark namespace: %v", bench.err)
	}
	return bench.ns
}

// walkLinks walks every attribute of every link message and counts links.
func walkLinks(b *testing.B, msgs [][]byte) int {
	n := 0
	for _, p := range msgs {
		if len(p) < unix.SizeofIfInfomsg {
			continue
		}
		n++
		if err := nlsock.WalkAttrs(p[unix.SizeofIfInfomsg:], func(nlsock.Attr) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	return n
}

func checkLinks(b *testing.B, n int) {
	if n != 2*benchPairs+1 {
		b.Fatalf("dumped %d links, want %d", n, 2*benchPairs+1)
	}
}

// linkDumper runs one full link dump and returns the number of links whose
// attributes it walked; each contender of the dump benchmarks is one.
type linkDumper func() int

// runDumps is the body of every single-contender dump benchmark.
func runDumps(b *testing.B, dump linkDumper) {
	b.ReportAllocs()
	for b.Loop() {
		checkLinks(b, dump())
	}
}

// benchSocket opens a route socket in the benchmark namespace, closed when
// the benchmark ends.
func benchSocket(b *testing.B) *nlsock.Socket {
	return nlsocktest.Open(b, unix.NETLINK_ROUTE, benchNS(b).NetNS())
}

// collectDumper is Request collecting the whole reply, then walking it.
func collectDumper(b *testing.B, s *nlsock.Socket) linkDumper {
	payloads := make([][]byte, 0, 4096)
	return func() int {
		r, err := s.Request(context.Background(), linkDump())
		if err != nil {
			b.Fatal(err)
		}
		payloads = payloads[:0]
		for _, m := range r.Messages {
			payloads = append(payloads, m.Payload)
		}
		return walkLinks(b, payloads)
	}
}

// handlerDumper is Request streaming each message to a handler that walks
// it.
func handlerDumper(b *testing.B, s *nlsock.Socket) linkDumper {
	one := make([][]byte, 1)
	n := 0
	h := nlsock.WithHandler(func(m nlsock.Message) error {
		one[0] = m.Payload
		n += walkLinks(b, one)
		return nil
	})
	return func() int {
		n = 0
		if _, err := s.Request(context.Background(), linkDump(), h); err != nil {
			b.Fatal(err)
		}
		return n
	}
}

// streamDumper reads the dump through a Stream, a Next per datagram, as
// rtnl.links and the each iterators do.
func streamDumper(b *testing.B, s *nlsock.Socket) linkDumper {
	one := make([][]byte, 1)
	n := 0
	fn := func(m nlsock.Message) error {
		one[0] = m.Payload
		n += walkLinks(b, one)
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background()) // a Lua chunk's context is cancellable too
	b.Cleanup(cancel)
	return func() int {
		n = 0
		st, err := s.StartDump(ctx, linkDump())
		if err != nil {
			b.Fatal(err)
		}
		for more := true; more; {
			if more, err = st.Next(ctx, fn); err != nil {
				b.Fatal(err)
			}
		}
		return n
	}
}

// plainDumper is the plain recvmsg loop on fd with a 32 KiB buffer, walking
// each datagram as it comes; with keep it keeps a copy of every datagram
// and walks the links after the dump, as a caller of a collected Request
// does: the floor for collecting.
func plainDumper(b *testing.B, fd int, keep bool) linkDumper {
	buf := make([]byte, 32<<10)
	req := make([]byte, 0, 64)
	payloads := make([][]byte, 0, 4096)
	seq := uint32(0)
	return func() int {
		seq++
		h := nlsock.Header{Type: unix.RTM_GETLINK, Flags: nlsock.FlagRequest | nlsock.FlagDump, Seq: seq}
		req = nlsock.AppendMessage(req[:0], nlsock.Message{Header: h, Payload: ifinfomsg(0, 0, 0)})
		if err := unix.Sendto(fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
			b.Fatal(err)
		}
		links := 0
		payloads = payloads[:0]
		for done := false; !done; {
			n, _, err := unix.Recvfrom(fd, buf, 0)
			if err != nil {
				b.Fatal(err)
			}
			d := buf[:n]
			if keep {
				d = append([]byte(nil), d...)
			} else {
				payloads = payloads[:0]
			}
			for off := 0; off+nlsock.HeaderLen <= n; {
				mh, _ := nlsock.ParseHeader(d[off:])
				if mh.Type == nlsock.TypeDone {
					done = true
					break
				}
				payloads = append(payloads, d[off+nlsock.HeaderLen:off+int(mh.Length)])
				off += (int(mh.Length) + 3) &^ 3
			}
			if !keep {
				links += walkLinks(b, payloads)
			}
		}
		if keep {
			links = walkLinks(b, payloads)
		}
		return links
	}
}

func BenchmarkDumpNlsock(b *testing.B) { runDumps(b, collectDumper(b, benchSocket(b))) }

// BenchmarkDumpReceive sends the dump with Send and reads it message by
// message with Receive under a cancellable context, as a script's
// sock:send and sock:recv loop does.
func BenchmarkDumpReceive(b *testing.B) {
	s := benchSocket(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	one := make([][]byte, 1)
	runDumps(b, func() int {
		m := linkDump()
		m.Header.Flags |= nlsock.FlagRequest
		m.Header.Seq = s.Seq()
		if err := s.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			r, err := s.Receive(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if r.Header.Type == nlsock.TypeDone {
				return n
			}
			one[0] = r.Payload
			n += walkLinks(b, one)
		}
	})
}

func BenchmarkDumpNlsockHandler(b *testing.B) { runDumps(b, handlerDumper(b, benchSocket(b))) }

// plainSocket makes a blocking route socket inside ns the simplest way: a
// locked thread that enters ns and never comes back (it is discarded). The
// socket is closed when the benchmark ends.
func plainSocket(b *testing.B, ns *nlsock.Namespace) int {
	b.Helper()
	nsfd, err := unix.Open(fmt.Sprintf("/proc/self/fd/%d", benchNSFD(b, ns)), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Close(nsfd)
	type res struct {
		fd  int
		err error
	}
	c := make(chan res, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		if err := unix.Setns(nsfd, unix.CLONE_NEWNET); err != nil {
			c <- res{-1, err}
			return
		}
		fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
		c <- res{fd, err}
	}()
	r := <-c
	if r.err != nil {
		b.Fatal(r.err)
	}
	if err := unix.Bind(r.fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { unix.Close(r.fd) })
	return r.fd
}

func benchNSFD(b *testing.B, ns *nlsock.Namespace) int {
	var fd int
	if _, err := fmt.Sscanf(ns.String(), "netns#%d", &fd); err != nil {
		b.Fatal(err)
	}
	return fd
}

func BenchmarkDumpPlainRecvmsg(b *testing.B) {
	runDumps(b, plainDumper(b, plainSocket(b, benchNS(b)), false))
}

// BenchmarkDumpPlainRecvmsgKeep is the plain loop keeping a copy of each
// datagram, as a collected reply must: the floor for Request without a
// handler.
func BenchmarkDumpPlainRecvmsgKeep(b *testing.B) {
	runDumps(b, plainDumper(b, plainSocket(b, benchNS(b)), true))
}

func BenchmarkDumpMdlayherExecute(b *testing.B) {
	ns := benchNS(b)
	nsfd, err := unix.Open(fmt.Sprintf("/proc/self/fd/%d", benchNSFD(b, ns)), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	c, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{NetNS: nsfd})
	unix.Close(nsfd)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	req := netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request | netlink.Dump},
		Data:   ifinfomsg(0, 0, 0),
	}
	payloads := make([][]byte, 0, 4096)
	runDumps(b, func() int {
		msgs, err := c.Execute(req)
		if err != nil {
			b.Fatal(err)
		}
		payloads = payloads[:0]
		for _, m := range msgs {
			payloads = append(payloads, m.Data)
		}
		return walkLinks(b, payloads)
	})
}

// BenchmarkDumpRatios runs, per iteration, one dump of each contender in a
// shuffled order and reports the median of each as a ratio to the plain
// recvmsg loop's median ("collect/plain", ...), so that load on the
// machine hits all of them alike. ns/op is the sum.
//
//	go test -run '^$' -bench DumpRatios -benchtime 300x ./nlsock
func BenchmarkDumpRatios(b *testing.B) {
	s := benchSocket(b)
	fd := plainSocket(b, benchNS(b))
	contenders := map[string]linkDumper{
		"plain":    plainDumper(b, fd, false),
		"keepwalk": plainDumper(b, fd, true),
		"handler":  handlerDumper(b, s),
		"collect":  collectDumper(b, s),
		"stream":   streamDumper(b, s),
	}
	names := []string{"plain", "keepwalk", "handler", "collect", "stream"}
	times := make(map[string][]time.Duration)
	for b.Loop() {
		rand.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		for _, name := range names {
			t0 := time.Now()
			checkLinks(b, contenders[name]())
			times[name] = append(times[name], time.Since(t0))
		}
	}
	median := func(d []time.Duration) float64 {
		d = slices.Clone(d)
		slices.Sort(d)
		return float64(d[len(d)/2])
	}
	p := median(times["plain"])
	b.ReportMetric(p/1e6, "plain-ms")
	for _, name := range []string{"keepwalk", "handler", "collect", "stream"} {
		b.ReportMetric(median(times[name])/p, name+"/plain")
	}
}
