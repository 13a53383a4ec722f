package ynl

import (
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// kernelClient opens a generic netlink socket in a fresh namespace and
// binds the spec of family to it.
func kernelClient(t *testing.T, family string) (*Client, *nlsock.Namespace) {
	t.Helper()
	c, ns, err := clientInNewNS(t, loadSpec(t, family))
	if errors.Is(err, unix.ENOENT) {
		nlsocktest.Skipf(t, "family %s not in this kernel: %v", family, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c, ns
}

// clientInNewNS opens a socket of spec's protocol in a fresh namespace and
// binds spec to it. NewClient's error is the caller's to judge: a family
// the kernel lacks skips some tests and fails others.
func clientInNewNS(t *testing.T, spec *Spec) (*Client, *nlsock.Namespace, error) {
	t.Helper()
	ns := nlsocktest.NewNamespace(t)
	s := nlsocktest.Open(t, spec.NetlinkProtocol(), ns.NetNS())
	c, err := NewClient(testCtx(t), s, spec)
	return c, ns, err
}

// mustClientInNewNS is clientInNewNS failing the test when spec does not
// bind.
func mustClientInNewNS(t *testing.T, spec *Spec) (*Client, *nlsock.Namespace) {
	t.Helper()
	c, ns, err := clientInNewNS(t, spec)
	if err != nil {
		t.Fatal(err)
	}
	return c, ns
}

func testCtx(t *testing.T) context.Context { return nlsocktest.Context(t, 10*time.Second) }

func runIn(t *testing.T, ns *nlsock.Namespace, argv ...string) []byte {
	t.Helper()
	path := nlsocktest.LookPath(t, argv[0], "iproute2")
	cmd := exec.Command(path, argv[1:]...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := ns.NetNS().Run(cmd); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, out.String())
	}
	return []byte(out.String())
}

// TestNetdevDevGetAgreesWithIP dumps netdev dev-get and compares the
// ifindexes with `ip -j link` in the same namespace (lo and a veth pair).
func TestNetdevDevGetAgreesWithIP(t *testing.T) {
	c, ns := kernelClient(t, "netdev")
	runIn(t, ns, "ip", "link", "add", "ynl0", "type", "veth", "peer", "name", "ynl1")
	var links []struct{ Ifindex uint64 }
	if err := json.Unmarshal(runIn(t, ns, "ip", "-j", "link"), &links); err != nil {
		t.Fatal(err)
	}
	var want []uint64
	for _, l := range links {
		want = append(want, l.Ifindex)
	}
	msgs, err := c.Dump(testCtx(t), "dev-get", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []uint64
	for _, m := range msgs {
		if m.Op != "dev-get" {
			t.Errorf("reply decoded as %q, want dev-get", m.Op)
		}
		got = append(got, m.Attrs["ifindex"].(uint64))
		if _, ok := m.Attrs["xdp-features"].([]any); !ok {
			t.Errorf("xdp-features = %#v, want a list of flag names", m.Attrs["xdp-features"])
		}
	}
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ifindexes (-ip +netdev):\n%s", diff)
	}
	// do with a filter gets one device; the veth has xdp features.
	one, err := c.Do(testCtx(t), "dev-get", Attrs{"ifindex": want[len(want)-1]})
	if err != nil || len(one) != 1 || one[0].Attrs["ifindex"] != want[len(want)-1] {
		t.Fatalf("do dev-get ifindex %d: %v, %v", want[len(want)-1], one, err)
	}
	if f := one[0].Attrs["xdp-features"].([]any); len(f) == 0 || f[0] != "basic" {
		t.Errorf("veth xdp-features = %v, want basic first", f)
	}
}

// TestNlctrlAgreesWithGenl dumps nlctrl getfamily and compares names, ids
// and groups with `genl ctrl list` in the same namespace.
func TestNlctrlAgreesWithGenl(t *testing.T) {
	c, ns := kernelClient(t, "nlctrl")
	out := runIn(t, ns, "genl", "ctrl", "list")
	want := map[string]uint64{}
	re := regexp.MustCompile(`Name: (\S+)\s+ID: 0x([0-9a-f]+)`)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		id, _ := strconv.ParseUint(m[2], 16, 16)
		want[m[1]] = id
	}
	msgs, err := c.Dump(testCtx(t), "getfamily", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]uint64{}
	for _, m := range msgs {
		got[m.Attrs["family-name"].(string)] = m.Attrs["family-id"].(uint64)
		if m.Attrs["family-name"] == "nlctrl" {
			checkNlctrlSelf(t, m.Attrs)
		}
	}
	if len(want) == 0 {
		t.Fatalf("no families parsed from genl ctrl list:\n%s", out)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("families (-genl +ynl):\n%s", diff)
	}
	one, err := c.Do(testCtx(t), "getfamily", Attrs{"family-name": "netdev"})
	if err != nil || len(one) != 1 || one[0].Attrs["family-id"] != want["netdev"] {
		t.Errorf("do getfamily netdev: %v, %v; want id %d", one, err, want["netdev"])
	}
}

func checkNlctrlSelf(t *testing.T, a Attrs) {
	t.Helper()
	ops, _ := a["ops"].([]any)
	if len(ops) != 2 {
		t.Fatalf("nlctrl ops = %#v, want 2", a["ops"])
	}
	first := ops[0].(Attrs)
	if first["id"] != uint64(3) || !strings.Contains(strings.Join(strs(first["flags"]), ","), "cmd-cap-dump") {
		t.Errorf("nlctrl op 1 = %v, want id 3 with cmd-cap-dump", first)
	}
	groups, _ := a["mcast-groups"].([]any)
	if len(groups) != 1 || groups[0].(Attrs)["name"] != "notify" {
		t.Errorf("nlctrl groups = %v, want notify", groups)
	}
}

func strs(v any) []string {
	var s []string
	l, _ := v.([]any)
	for _, x := range l {
		if n, ok := x.(string); ok {
			s = append(s, n)
		}
	}
	return s
}

// TestKernelErrorsNamed checks that failures come back with the extended
// ACK's attribute offsets and missing attributes named by the spec.
func TestKernelErrorsNamed(t *testing.T) {
	tests := []struct {
		name, family, op string
		attrs            Attrs
		errno            unix.Errno
		attr, missing    string
		msg              string
	}{
		{"mptcp_pm missing addr", "mptcp_pm", "get-addr", nil, unix.EINVAL, "", "addr",
			"mptcp_pm get-addr: invalid argument (missing attribute addr)"},
		{"mptcp_pm addr without data", "mptcp_pm", "get-addr", Attrs{"addr": Attrs{"family": 2}}, unix.EINVAL, "addr", "",
			"mptcp_pm get-addr: invalid argument: missing address data (attribute addr at offset 20)"},
		{"tcp_metrics short ipv6", "tcp_metrics", "get", Attrs{"addr-ipv6": []byte{1, 2}}, unix.ERANGE, "addr-ipv6", "",
			"tcp_metrics get: numerical result out of range"},
		{"tcp_metrics no entry", "tcp_metrics", "get", Attrs{"addr-ipv4": 0x7f000001}, unix.ESRCH, "", "",
			"tcp_metrics get: no such process"},
		{"netdev ifindex 0", "netdev", "dev-get", Attrs{"ifindex": 0}, unix.ERANGE, "ifindex", "",
			"netdev dev-get: numerical result out of range: integer out of range (attribute ifindex at offset 20)"},
		{"netdev no ifindex", "netdev", "dev-get", nil, unix.EINVAL, "", "ifindex",
			"netdev dev-get: invalid argument (missing attribute ifindex)"},
		{"netdev no such device", "netdev", "dev-get", Attrs{"ifindex": 4242}, unix.ENODEV, "", "",
			"netdev dev-get: no such device"},
		{"ethtool nested name", "ethtool", "linkinfo-get", Attrs{"header": Attrs{"dev-name": "nope0"}}, unix.ENODEV, "header.dev-name", "",
			"ethtool linkinfo-get: no such device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := kernelClient(t, tt.family)
			_, err := c.Do(testCtx(t), tt.op, tt.attrs)
			checkOpError(t, err, tt.errno, tt.op, tt.attr, tt.missing)
			// the operation by name, not "type 0x14 request"; the
			// ext-ack's text may grow with the kernel, so a prefix
			if err != nil && (!strings.HasPrefix(err.Error(), tt.msg) || strings.Contains(err.Error(), "\n")) {
				t.Errorf("error %q\nwant one line starting %q", err, tt.msg)
			}
		})
	}
}

func checkOpError(t *testing.T, err error, errno unix.Errno, op, attr, missing string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *ynl.Error", err, err)
	}
	if !errors.Is(err, errno) || e.Op != op || e.Attr != attr || e.Missing != missing {
		t.Errorf("error %q: op %q attr %q missing %q; want %v, %s, %q, %q", err, e.Op, e.Attr, e.Missing, errno, op, attr, missing)
	}
}

// TestJoinDecodesNotifications joins netdev's mgmt group, adds a veth
// pair and decodes the notifications by name.
func TestJoinDecodesNotifications(t *testing.T) {
	c, ns := kernelClient(t, "netdev")
	if _, err := c.Join("mgmt"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Join("nope"); err == nil || !strings.Contains(err.Error(), "(groups: mgmt, page-pool)") {
		t.Errorf("Join(nope) = %v, want the kernel's groups listed", err)
	}
	runIn(t, ns, "ip", "link", "add", "ynl0", "type", "veth", "peer", "name", "ynl1")
	ctx := testCtx(t)
	added := map[uint64]bool{}
	for len(added) < 2 {
		m, err := c.Socket().Receive(ctx)
		if err != nil {
			t.Fatalf("after %v: %v", added, err)
		}
		dm, err := c.Decode(m)
		if err != nil {
			t.Fatal(err)
		}
		if dm.Op == "dev-add-ntf" {
			added[dm.Attrs["ifindex"].(uint64)] = true
		}
	}
}

// TestEthtoolNestedHeader: a genetlink-legacy family whose requests carry
// a nested header; the reply's nests decode by name.
func TestEthtoolNestedHeader(t *testing.T) {
	c, _ := kernelClient(t, "ethtool")
	msgs, err := c.Do(testCtx(t), "features-get", Attrs{"header": Attrs{"dev-name": "lo"}})
	if err != nil || len(msgs) != 1 {
		t.Fatalf("features-get lo: %v, %v", msgs, err)
	}
	h, _ := msgs[0].Attrs["header"].(Attrs)
	if h["dev-index"] != uint64(1) || h["dev-name"] != "lo" {
		t.Errorf("header %v, want dev-index 1, dev-name lo", h)
	}
	if _, ok := msgs[0].Attrs["active"].(Attrs); !ok {
		t.Errorf("features-get reply %v has no active bitset", msgs[0].Attrs)
	}
}
