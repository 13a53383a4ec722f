package monitor_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// kernelYNL is the kernel tree's YNL directory: $NLSH_KERNEL_YNL, else what
// scripts/kernel-ynl.sh prints.
func kernelYNL(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("NLSH_KERNEL_YNL")
	if dir == "" {
		out, err := exec.Command("bash", "../../scripts/kernel-ynl.sh").Output()
		if err != nil {
			if nlsocktest.Required() {
				t.Fatalf("scripts/kernel-ynl.sh: %v", err)
			}
			nlsocktest.Skipf(t, "no kernel YNL tree (scripts/kernel-ynl.sh: %v)", err)
		}
		dir = strings.TrimSpace(string(out))
	}
	return dir
}

// listeners counts the sockets of protocol proto in namespace ns that
// joined a group of the first 32 in mask (/proc/net/netlink, as seen from
// inside ns).
func listeners(t *testing.T, ns nlsock.NetNS, proto int, mask uint32) int {
	t.Helper()
	out, err := runIn(ns, exec.Command("cat", "/proc/net/netlink"))
	if err != nil {
		t.Fatalf("/proc/net/netlink: %v: %s", err, out)
	}
	n := 0
	for _, l := range strings.Split(out, "\n")[1:] {
		f := strings.Fields(l) // sk Eth Pid Groups ...
		if len(f) < 4 || f[1] != strconv.Itoa(proto) {
			continue
		}
		if g, err := strconv.ParseUint(f[3], 16, 32); err == nil && uint32(g)&mask != 0 {
			n++
		}
	}
	return n
}

// awaitListeners waits until n sockets of proto in ns joined a group of mask.
func awaitListeners(t *testing.T, ns nlsock.NetNS, proto int, mask uint32, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); listeners(t, ns, proto, mask) < n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d listeners of protocol %d, groups %#x, after 10s; want %d", listeners(t, ns, proto, mask), proto, mask, n)
		}
	}
}

// TestGenlEventsBySpec watches netdev:mgmt while a veth pair comes and
// goes: with the kernel's netdev.yaml the events are named by operation and
// decoded, and they are what the kernel's own YNL CLI received meanwhile.
func TestGenlEventsBySpec(t *testing.T) {
	dir := kernelYNL(t)
	specs := filepath.Join(dir, "Documentation", "netlink", "specs")
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns, SpecDirs: []string{specs}}, "netdev:mgmt")
	cli := exec.Command("/usr/bin/python3", filepath.Join(dir, "tools", "net", "ynl", "cli.py"),
		"--spec", filepath.Join(specs, "netdev.yaml"), "--subscribe", "mgmt", "--sleep", "3", "--output-json")
	var cliOut, cliErr strings.Builder
	cli.Stdout, cli.Stderr = &cliOut, &cliErr
	if err := ns.Start(cli); err != nil {
		t.Fatal(err)
	}
	defer cli.Process.Kill()
	awaitListeners(t, ns, unix.NETLINK_GENERIC, ^uint32(0), 2) // the monitor and the CLI
	ipIn(t, ns, "link", "add", "na", "type", "veth", "peer", "name", "nb")
	ipIn(t, ns, "link", "del", "na")

	var ours []map[string]any
	ctx := testCtx(t, 10*time.Second)
	for dels := 0; dels < 2; {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("%v after %v", err, ours)
		}
		attrs, ok := ev.Value.(ynl.Attrs)
		if !ok || ev.Err != nil || !strings.HasPrefix(ev.Type, "netdev ") || ev.Object != "netdev" {
			t.Fatalf("event %s %s: value %T, error %v", ev.Type, ev.Text, ev.Value, ev.Err)
		}
		var j struct{ Value map[string]any }
		if err := json.Unmarshal(monitor.AppendJSON(nil, &ev), &j); err != nil {
			t.Fatal(err)
		}
		ours = append(ours, map[string]any{"name": strings.TrimPrefix(ev.Type, "netdev "), "msg": j.Value})
		if ev.Type == "netdev dev-del-ntf" {
			dels++
		}
		if !strings.Contains(ev.Text, fmt.Sprintf("ifindex %v", attrs["ifindex"])) {
			t.Errorf("text %q lacks the ifindex", ev.Text)
		}
	}
	if err := cli.Wait(); err != nil {
		t.Fatalf("YNL CLI: %v: %s", err, cliErr.String())
	}
	var theirs []map[string]any
	if err := json.Unmarshal([]byte(cliOut.String()), &theirs); err != nil {
		t.Fatalf("YNL CLI output %q: %v", cliOut.String(), err)
	}
	if !reflect.DeepEqual(normalized(ours), normalized(theirs)) {
		t.Errorf("nlsh:\n%v\nkernel YNL CLI:\n%v", ours, theirs)
	}
}

// normalized sorts the lists of names in v (flag sets, which the two
// decoders list in different orders) and encodes it as JSON.
func normalized(v []map[string]any) string {
	var fix func(any) any
	fix = func(x any) any {
		switch y := x.(type) {
		case map[string]any:
			for k, e := range y {
				y[k] = fix(e)
			}
		case []any:
			names := true
			for i, e := range y {
				y[i] = fix(e)
				_, isName := e.(string)
				names = names && isName
			}
			if names {
				sort.Slice(y, func(i, j int) bool { return y[i].(string) < y[j].(string) })
			}
		}
		return x
	}
	b, _ := json.Marshal(fix(anySlice(v)))
	return string(b)
}

func anySlice(v []map[string]any) any {
	out := make([]any, len(v))
	for i, e := range v {
		out[i] = map[string]any(e)
	}
	return out
}
