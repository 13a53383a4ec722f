package diag

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/netip"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

func testCtx(t *testing.T) context.Context { return nlsocktest.Context(t, 10*time.Second) }

// startSockets runs testdata/sockets.py inside ns and returns once its
// sockets are open; they close when the test ends.
func startSockets(t *testing.T, ns nlsock.NetNS, unixPath string) {
	t.Helper()
	py := nlsocktest.LookPath(t, "python3", "python3")
	if err := ns.Run(exec.Command("ip", "link", "set", "lo", "up")); err != nil {
		t.Fatalf("ip link set lo up: %v", err)
	}
	script, _ := filepath.Abs("testdata/sockets.py")
	cmd := exec.Command(py, script, unixPath)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := ns.Start(cmd); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		t.Fatalf("sockets.py: %q, %v\n%s", line, err, stderr.String())
	}
	go io.Copy(io.Discard, stdout)
}

// ssLine renders a socket as `ss -tuanxHe` prints it, up to the inode
// (inet) or the peer (unix).
func ssLine(s Socket) string {
	if s.Family == FamilyUnix {
		path := s.Path
		if path == "" {
			path = "*"
		}
		return fmt.Sprintf("%s %s %d %d %s %d * %d", s.NetID(), s.StateName(), s.RQueue, s.WQueue, path, s.Inode, s.Peer)
	}
	return fmt.Sprintf("%s %s %d %d %s %s ino:%d", s.NetID(), s.StateName(), s.RQueue, s.WQueue, ssAddr(s.Src), ssAddr(s.Dst), s.Inode)
}

func ssAddr(ap netip.AddrPort) string {
	host := ap.Addr().String()
	if ap.Addr().Is6() {
		host = "[" + host + "]"
	}
	if ap.Port() == 0 {
		return host + ":*"
	}
	return fmt.Sprintf("%s:%d", host, ap.Port())
}

// parseSS keeps the fields of each `ss -tuanxHe` line that ssLine renders.
func parseSS(out string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) >= 8 && strings.HasPrefix(f[0], "u_"):
			lines = append(lines, strings.Join(f[:8], " "))
		case len(f) >= 7:
			lines = append(lines, strings.Join(f[:7], " "))
		}
	}
	sort.Strings(lines)
	return lines
}

// TestSocketsAgreeWithSs opens TCP (listening and established, IPv4 and
// IPv6), UDP and unix (stream and abstract datagram) sockets in a fresh
// namespace and compares Sockets with `ss -tuanxHe` run there: kind,
// state, queues, addresses and ports, inodes, unix paths and peers.
func TestSocketsAgreeWithSs(t *testing.T) {
	ss := nlsocktest.LookPath(t, "ss", "iproute2")
	ns := nlsocktest.NewNamespace(t)
	startSockets(t, ns.NetNS(), filepath.Join(t.TempDir(), "s.sock"))

	s := nlsocktest.Open(t, unix.NETLINK_SOCK_DIAG, ns.NetNS())
	var got []string
	filters := []Filter{
		{Family: FamilyINet, Protocol: ProtoTCP}, {Family: FamilyINet6, Protocol: ProtoTCP},
		{Family: FamilyINet, Protocol: ProtoUDP}, {Family: FamilyINet6, Protocol: ProtoUDP},
		{Family: FamilyUnix},
	}
	for _, f := range filters {
		socks, err := Sockets(testCtx(t), s, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, sk := range socks {
			got = append(got, ssLine(sk))
		}
	}
	sort.Strings(got)

	var out bytes.Buffer
	cmd := exec.Command(ss, "-tuanxHe")
	cmd.Stdout = &out
	if err := ns.NetNS().Run(cmd); err != nil {
		t.Fatalf("ss: %v", err)
	}
	want := parseSS(out.String())
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Sockets vs ss -tuanxHe (-ss +nlsh):\n%s\nss output:\n%s", diff, out.String())
	}
	if len(got) != 10 {
		t.Errorf("%d sockets, want 10:\n%s", len(got), strings.Join(got, "\n"))
	}
}

func TestSocketsStates(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	startSockets(t, ns.NetNS(), filepath.Join(t.TempDir(), "s.sock"))
	s := nlsocktest.Open(t, unix.NETLINK_SOCK_DIAG, ns.NetNS())
	socks, err := Sockets(testCtx(t), s, Filter{Family: FamilyINet, Protocol: ProtoTCP, States: 1 << StateListen})
	if err != nil {
		t.Fatal(err)
	}
	if len(socks) != 1 || socks[0].Src.Port() != 5000 || socks[0].StateName() != "LISTEN" || socks[0].WQueue != 8 {
		t.Errorf("listeners: %+v", socks)
	}
	u, err := Sockets(testCtx(t), s, Filter{Family: FamilyUnix, States: 1 << StateListen})
	if err != nil || len(u) != 1 || !u[0].HasVFS || u[0].Icons == nil {
		t.Errorf("unix listeners: %+v, %v", u, err)
	}
}

func TestSocketsErrors(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	s := nlsocktest.Open(t, unix.NETLINK_SOCK_DIAG, ns.NetNS())
	tests := []struct {
		f       Filter
		wantErr string
	}{
		{Filter{Family: FamilyINet}, "a protocol is needed"},
		{Filter{Family: 99}, "family 99 is not inet, inet6 or unix"},
	}
	for _, tt := range tests {
		if _, err := Sockets(testCtx(t), s, tt.f); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Sockets(%+v) = %v, want %q", tt.f, err, tt.wantErr)
		}
	}
	r := nlsocktest.Open(t, unix.NETLINK_ROUTE, ns.NetNS())
	if _, err := Sockets(testCtx(t), r, Filter{Family: FamilyUnix}); err == nil || !strings.Contains(err.Error(), "NETLINK_SOCK_DIAG") {
		t.Errorf("Sockets on a route socket: %v", err)
	}
}
