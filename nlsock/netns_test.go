package nlsock_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

func cookie(t testing.TB, s *nlsock.Socket) uint64 {
	t.Helper()
	c, err := nlsocktest.Cookie(s)
	if err != nil {
		t.Fatalf("SO_NETNS_COOKIE: %v", err)
	}
	return c
}

// sleeper starts a process inside ns and returns its pid; it is killed when
// the test ends.
func sleeper(t *testing.T, ns nlsock.NetNS) int {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	if err := ns.Start(cmd); err != nil {
		t.Fatalf("start sleep in %v: %v", ns, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd.Process.Pid
}

// TestOpenLandsInNamespace opens sockets by namespace, pid, path and name and
// checks with SO_NETNS_COOKIE that each really lives in the target.
func TestOpenLandsInNamespace(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	want := cookie(t, openRoute(t, ns.NetNS(), nlsock.Config{}))
	host := cookie(t, openRoute(t, nlsock.Host(), nlsock.Config{}))
	if want == host {
		t.Fatalf("namespace socket has the host cookie %d", host)
	}
	pid := sleeper(t, ns.NetNS())

	name := fmt.Sprintf("nlsh-test-%d", os.Getpid())
	if out, err := exec.Command("ip", "netns", "attach", name, fmt.Sprint(pid)).CombinedOutput(); err != nil {
		t.Fatalf("ip netns attach: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("ip", "netns", "delete", name).Run() })

	for _, tc := range []struct {
		name string
		ns   nlsock.NetNS
		str  string
	}{
		{"namespace", ns.NetNS(), "(anonymous)"},
		{"pid", nlsock.PID(pid), fmt.Sprintf("pid %d", pid)},
		{"path", nlsock.Path(fmt.Sprintf("/proc/%d/ns/net", pid)), fmt.Sprintf("/proc/%d/ns/net", pid)},
		{"name", nlsock.Name(name), "/run/netns/" + name},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openRoute(t, tc.ns, nlsock.Config{})
			if got := cookie(t, s); got != want {
				t.Errorf("cookie %d, want %d (host %d)", got, want, host)
			}
			if !strings.Contains(tc.ns.String(), tc.str) {
				t.Errorf("String() = %q, want it to contain %q", tc.ns.String(), tc.str)
			}
			if s.NetNS().IsHost() {
				t.Errorf("IsHost() = true")
			}
		})
	}
	if got := nlsocktest.ForeignThreads(); len(got) != 0 {
		t.Errorf("threads left in a foreign namespace: %v", got)
	}
}

// TestRunInNamespace runs a program inside a namespace and sees its links.
func TestRunInNamespace(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	out, err := exec.Command("readlink", "/proc/self/ns/net").Output()
	if err != nil {
		nlsocktest.Skipf(t, "readlink: %v", err)
	}
	cmd := exec.Command("readlink", "/proc/self/ns/net")
	var b strings.Builder
	cmd.Stdout = &b
	if err := ns.NetNS().Run(cmd); err != nil {
		t.Fatalf("run: %v", err)
	}
	if b.String() == string(out) {
		t.Errorf("the program ran in the host namespace %s", out)
	}
	var st unix.Stat_t
	if err := unix.Stat(fmt.Sprintf("/proc/self/fd/%d", nsFD(t, ns)), &st); err == nil {
		if want := fmt.Sprintf("net:[%d]\n", st.Ino); b.String() != want {
			t.Errorf("program saw %q, want %q", b.String(), want)
		}
	}
	if got := nlsocktest.ForeignThreads(); len(got) != 0 {
		t.Errorf("threads left in a foreign namespace: %v", got)
	}
}

// nsFD finds the fd that holds ns from its String ("netns#7 (anonymous)").
func nsFD(t *testing.T, ns *nlsock.Namespace) int {
	var fd int
	if _, err := fmt.Sscanf(ns.String(), "netns#%d", &fd); err != nil {
		t.Fatalf("namespace name %q: %v", ns.String(), err)
	}
	return fd
}

// TestNoStrandedThreads opens 1000 sockets concurrently into a foreign
// namespace while 16 goroutines keep checking which namespace their thread
// is in: no sample may see a foreign namespace, every socket must land in
// the target, every thread must be back home afterwards, and no fd may leak.
func TestNoStrandedThreads(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	want := cookie(t, openRoute(t, ns.NetNS(), nlsock.Config{}))
	fd0 := nlsocktest.SettledFDs()
	probe := startNSProbe(16)

	const workers, opens, minSamples = 32, 1000, 1000
	var mismatches, failures atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	// At least opens sockets, and more until the probe has sampled enough
	// for its count to mean something: on a busy machine (CI, -race) the
	// probe once took 892 samples while the 1000 opens ran.
	deadline := time.Now().Add(30 * time.Second)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < opens || probe.samples.Load() < minSamples && time.Now().Before(deadline); i += workers {
				s, err := nlsock.Open(unix.NETLINK_ROUTE, ns.NetNS())
				if err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				if c, err := nlsocktest.Cookie(s); err != nil || c != want {
					mismatches.Add(1)
				}
				s.Close()
			}
		})
	}
	wg.Wait()
	samples, wrong := probe.stop()

	t.Logf("stranded-thread probes: %d samples, %d in a foreign namespace", samples, wrong)
	if failures.Load() > 0 {
		t.Errorf("%d opens failed, first: %v", failures.Load(), firstErr.Load())
	}
	if mismatches.Load() > 0 {
		t.Errorf("%d sockets not in the target namespace", mismatches.Load())
	}
	if wrong != 0 {
		t.Errorf("%d of %d samples saw a foreign namespace", wrong, samples)
	}
	if samples < minSamples {
		t.Errorf("only %d samples; the probe did not run enough to mean anything", samples)
	}
	time.Sleep(50 * time.Millisecond)
	if got := nlsocktest.ForeignThreads(); len(got) != 0 {
		t.Errorf("threads left in a foreign namespace: %v", got)
	}
	if fd1 := nlsocktest.SettledFDs(); fd1 != fd0 {
		t.Errorf("fd count %d -> %d", fd0, fd1)
	}
}

// TestFDsExactAtReturn: NewNamespace, Open into a namespace, and Start in
// a namespace have closed every helper fd by the time they return, so a
// caller counting fds right away sees exactly the ones it was handed.
func TestFDsExactAtReturn(t *testing.T) {
	nlsocktest.RequireRoot(t)
	base := nlsocktest.NewNamespace(t)
	nlsocktest.SettledFDs()
	for i := range 1000 {
		fd0 := nlsocktest.CountFDs()
		ns, err := nlsock.NewNamespace()
		if err != nil {
			t.Fatal(err)
		}
		fd1 := nlsocktest.CountFDs()
		s, err := nlsock.Open(unix.NETLINK_ROUTE, base.NetNS())
		if err != nil {
			ns.Close()
			t.Fatal(err)
		}
		fd2 := nlsocktest.CountFDs()
		s.Close()
		ns.Close()
		// A socket holds two fds: the socket and the eventfd that wakes
		// a reader waiting in poll.
		if fd1 != fd0+1 || fd2 != fd1+2 {
			t.Fatalf("iteration %d: fds %d, after NewNamespace %d (want +1), after Open %d (want +2)", i, fd0, fd1, fd2)
		}
	}
}
