package runtime

import (
	"encoding/json"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/nlsock/nlfake"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// These tests run whole sessions against nlsock/nlfake, without root: how
// the runtime shows, prints and fails on what the kernel answered. The
// kernel tests (show_test.go, complete_ynl_test.go) prove it on Linux.

// fakeSession is a session whose sockets open on a fake kernel answering
// route requests with two links.
func fakeSession(t *testing.T, opts Options) (*State, *nlfake.Kernel, *nlsocktest.SyncBuffer) {
	t.Helper()
	k := nlfake.New(t)
	k.Handle(0, func([]netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{nlfake.Link(1, "lo", 65536, syscall.IFF_UP|syscall.IFF_LOOPBACK), nlfake.Link(2, "eth0", 1500, 0)}, nil
	})
	var out nlsocktest.SyncBuffer
	opts.Stdout, opts.Stderr, opts.Open = &out, &out, k.OpenIn
	s := New(opts)
	t.Cleanup(s.Close)
	return s, k, &out
}

func runOK(t *testing.T, s *State, out *nlsocktest.SyncBuffer, code string) {
	t.Helper()
	if status, ok := s.RunString(code, "test"); !ok {
		t.Fatalf("exit %d\n%s", status, out.String())
	}
}

// show lays the links out as a table, one per row, the long one expanded.
func TestFakeShowLinks(t *testing.T) {
	s, _, out := fakeSession(t, Options{})
	runOK(t, s, out, `r = assert(netlink.open("route")); show(rtnl.links(r))`)
	for _, want := range []string{
		`flags = {"LOOPBACK", "UP"},`,
		`name = "lo",`,
		`{flags = {}, ifindex = 2, mtu = 1500, name = "eth0", operstate = "UNKNOWN"},`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// With JSON on, a chunk's value prints as JSON holding what the kernel
// sent.
func TestFakeJSONLinks(t *testing.T) {
	s, _, out := fakeSession(t, Options{JSON: true})
	runOK(t, s, out, `r = assert(netlink.open("route")); return rtnl.links(r)`)
	var got []struct {
		Name  string   `json:"name"`
		Index int      `json:"ifindex"`
		MTU   int      `json:"mtu"`
		Flags []string `json:"flags"`
	}
	if err := json.Unmarshal([]byte(out.String()), &got); err != nil {
		t.Fatalf("%v in %q", err, out.String())
	}
	want := []struct {
		Name  string   `json:"name"`
		Index int      `json:"ifindex"`
		MTU   int      `json:"mtu"`
		Flags []string `json:"flags"`
	}{{"lo", 1, 65536, []string{"LOOPBACK", "UP"}}, {"eth0", 2, 1500, []string{}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A kernel error ends a script with status 1 and one line naming the
// request and the errno's text.
func TestFakeKernelErrorEndsScript(t *testing.T) {
	s, k, out := fakeSession(t, Options{})
	k.Handle(0, func([]netlink.Message) ([]netlink.Message, error) { return nil, syscall.EPERM })
	status, ok := s.RunString(`assert(rtnl.links(assert(netlink.open("route"))))`, "test")
	if ok || status != 1 {
		t.Fatalf("exit %d ok %v", status, ok)
	}
	if first, _, _ := strings.Cut(out.String(), "\n"); first != "nlsh: test:1: rtnl.links: RTM_GETLINK request: operation not permitted" {
		t.Errorf("first line %q", first)
	}
}

// Completion offers the fields of a link the session holds, the lazy
// ones too.
func TestFakeCompleteLinkFields(t *testing.T) {
	s, _, out := fakeSession(t, Options{})
	runOK(t, s, out, `r = assert(netlink.open("route")); l = rtnl.links(r)[2]`)
	for line, want := range map[string][]string{`l.mt`: {"mtu"}, `l.perm_`: {"perm_address"}, `l.if`: {"ifi_flags", "ifindex"}} {
		got, _ := s.Complete(line)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Complete(%q) (-want +got):\n%s", line, diff)
		}
	}
}

// Ctrl-C ends a script blocked in recv promptly, with the interrupted
// status, and the session closes its sockets.
func TestFakeInterruptEndsRecv(t *testing.T) {
	intr := make(chan os.Signal, 1)
	s, _, out := fakeSession(t, Options{Interrupts: intr})
	time.AfterFunc(100*time.Millisecond, func() { intr <- os.Interrupt })
	start := time.Now()
	status, ok := s.RunString(`s = assert(netlink.open("route")); s:recv()`, "test")
	if status != ExitInterrupted || ok || time.Since(start) > 3*time.Second {
		t.Fatalf("exit %d ok %v after %v\n%s", status, ok, time.Since(start), out.String())
	}
	if n := s.Sockets(); n != 1 {
		t.Errorf("%d sockets open, want the one recv waited on", n)
	}
	s.Close()
	if n := s.Sockets(); n != 0 {
		t.Errorf("%d sockets open after Close", n)
	}
}
