package monitor_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// namedNamespaces creates n namespaces with `ip netns add` (names in
// /run/netns, as an all-namespace monitor finds them) and deletes them
// when the test ends.
func namedNamespaces(t *testing.T, n int) []string {
	t.Helper()
	var names []string
	for i := range n {
		name := fmt.Sprintf("nlshmon-%d-%d", os.Getpid(), i)
		if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
			t.Fatalf("ip netns add %s: %v: %s", name, err, out)
		}
		t.Cleanup(func() { exec.Command("ip", "netns", "del", name).Run() })
		names = append(names, name)
	}
	return names
}

// TestAllNetNS watches link events of every namespace from an anonymous
// one: 20 named namespaces each create 5 veth pairs at once (10 links
// each), and every link arrives tagged with its namespace's nsid and name,
// none lost. The namespaces had no nsid before: the monitor gave them one.
func TestAllNetNS(t *testing.T) {
	nlsocktest.RequireRoot(t)
	const nss, pairs = 20, 5
	names := namedNamespaces(t, nss)
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, AllNetNS: true}, "link")
	ctx := testCtx(t, 60*time.Second)

	// The nsids the monitor's namespace gives them, asked independently.
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	nsids := map[string]int32{}
	for _, name := range names {
		fd, err := unix.Open("/run/netns/"+name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		id, err := rtnl.NSIDOf(ctx, s, fd)
		unix.Close(fd)
		if err != nil || id < 0 {
			t.Fatalf("%s has nsid %d (%v) in the monitor's namespace, want one assigned", name, id, err)
		}
		nsids["/run/netns/"+name] = id
	}

	var wg sync.WaitGroup
	errs := make(chan error, nss)
	for _, name := range names {
		wg.Go(func() {
			var b strings.Builder
			for i := range pairs {
				fmt.Fprintf(&b, "link add va%d type veth peer name vb%d\n", i, i)
			}
			c := exec.Command("ip", "-n", name, "-batch", "-")
			c.Stdin = strings.NewReader(b.String())
			if out, err := c.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("%s: %v: %s", name, err, out)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	seen := map[string]map[string]bool{} // netns label -> link names
	complete := func() bool {
		for label := range nsids {
			if len(seen[label]) < 2*pairs {
				return false
			}
		}
		return true
	}
	overruns := 0
	for !complete() {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("%v; seen %d namespaces complete", err, len(seen))
		}
		if ev.Overrun {
			overruns++
			continue
		}
		l, ok := ev.Value.(*rtnl.Link)
		if !ok || ev.Message.Header.Type != unix.RTM_NEWLINK {
			continue
		}
		want, ours := nsids[ev.NetNS]
		if !ours {
			continue // another namespace of the host
		}
		if !ev.HasNSID || ev.NSID != want {
			t.Errorf("%s event %q: nsid %d (set %v), want %d", ev.NetNS, ev.Text, ev.NSID, ev.HasNSID, want)
		}
		if seen[ev.NetNS] == nil {
			seen[ev.NetNS] = map[string]bool{}
		}
		seen[ev.NetNS][l.Name] = true
	}
	if overruns != 0 {
		t.Errorf("%d overruns", overruns)
	}
	line := string(monitor.AppendJSON(nil, &monitor.Event{NetNS: "/run/netns/" + names[0], NSID: nsids["/run/netns/"+names[0]], HasNSID: true}))
	if !strings.Contains(line, fmt.Sprintf(`"nsid":%d`, nsids["/run/netns/"+names[0]])) {
		t.Errorf("JSON %s has no nsid", line)
	}
}
