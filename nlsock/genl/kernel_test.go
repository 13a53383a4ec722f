package genl

import (
	"bufio"
	"bytes"
	"context"
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

func openGeneric(t *testing.T) *nlsock.Socket {
	t.Helper()
	ns := nlsocktest.NewNamespace(t)
	return nlsocktest.Open(t, unix.NETLINK_GENERIC, ns.NetNS())
}

func testCtx(t *testing.T) context.Context { return nlsocktest.Context(t, 10*time.Second) }

// TestFamiliesAgreeWithGenl compares Families with `genl ctrl list` run in
// the same namespace: names, ids, versions, header sizes, max attributes,
// operation ids and flags, multicast groups. A fresh namespace shows only
// the netns-aware families; the host's list (read only) has more of them.
func TestFamiliesAgreeWithGenl(t *testing.T) {
	genlPath := nlsocktest.LookPath(t, "genl", "iproute2")
	t.Run("fresh namespace", func(t *testing.T) {
		compareWithGenl(t, genlPath, openGeneric(t))
	})
	t.Run("host", func(t *testing.T) {
		nlsocktest.RequireRoot(t)
		compareWithGenl(t, genlPath, nlsocktest.Open(t, unix.NETLINK_GENERIC, nlsock.Host()))
	})
}

func compareWithGenl(t *testing.T, genlPath string, s *nlsock.Socket) {
	var out bytes.Buffer
	cmd := exec.Command(genlPath, "ctrl", "list")
	cmd.Stdout = &out
	if err := s.NetNS().Run(cmd); err != nil {
		t.Fatalf("genl ctrl list: %v", err)
	}
	want := parseGenlList(t, out.String())
	fams, err := Families(testCtx(t), s)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Family{}
	compared := 0
	for _, f := range fams {
		f.Header, f.Unknown = Header{}, nil
		got[f.Name] = f
		for i, op := range want[f.Name].Ops {
			if op.Flags != flagsNotShown {
				compared++
			} else if i < len(f.Ops) {
				want[f.Name].Ops[i].Flags = f.Ops[i].Flags
			}
		}
	}
	if len(want) < 2 {
		t.Fatalf("genl listed %d families:\n%s", len(want), out.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Families vs genl ctrl list (-genl +nlsh):\n%s", diff)
	}
	t.Logf("%d families agree (operation flags compared for the %d operations genl shows them for)", len(got), compared)
}

var (
	reName  = regexp.MustCompile(`^Name: (\S+)`)
	reIDs   = regexp.MustCompile(`^\s+ID: (0x[0-9a-f]+)\s+Version: (0x[0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)`)
	reOp    = regexp.MustCompile(`^\s+#\d+:\s+ID-(0x[0-9a-f]+)\s*$`)
	reCaps  = regexp.MustCompile(`^\s+Capabilities \((0x[0-9a-f]+)\):`)
	reGroup = regexp.MustCompile(`^\s+#\d+:\s+ID-(0x[0-9a-f]+)\s+name: (\S+)`)
)

// flagsNotShown marks an operation whose capabilities genl did not print:
// iproute2 prints them only for families of version 2 or later.
const flagsNotShown OpFlags = 1 << 31

// parseGenlList reads the text of `genl ctrl list` (iproute2 genl/ctrl.c).
func parseGenlList(t *testing.T, text string) map[string]Family {
	t.Helper()
	num := func(s string) uint64 {
		v, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			t.Fatalf("genl output: %v", err)
		}
		return v
	}
	fams := map[string]Family{}
	var cur *Family
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if m := reName.FindStringSubmatch(line); m != nil {
			if cur != nil {
				fams[cur.Name] = *cur
			}
			cur = &Family{Name: m[1]}
			continue
		}
		if cur == nil {
			continue
		}
		if m := reIDs.FindStringSubmatch(line); m != nil {
			cur.ID, cur.Version = uint16(num(m[1])), uint32(num(m[2]))
			cur.HeaderSize, cur.MaxAttr = uint32(num(m[3])), uint32(num(m[4]))
		} else if m := reGroup.FindStringSubmatch(line); m != nil {
			cur.Groups = append(cur.Groups, Group{Name: m[2], ID: uint32(num(m[1]))})
		} else if m := reOp.FindStringSubmatch(line); m != nil {
			cur.Ops = append(cur.Ops, Op{ID: uint32(num(m[1])), Flags: flagsNotShown})
		} else if m := reCaps.FindStringSubmatch(line); m != nil && len(cur.Ops) > 0 {
			cur.Ops[len(cur.Ops)-1].Flags = OpFlags(num(m[1]))
		}
	}
	if cur != nil {
		fams[cur.Name] = *cur
	}
	return fams
}

func TestGetFamily(t *testing.T) {
	s := openGeneric(t)
	ctx := testCtx(t)
	f, err := GetFamily(ctx, s, "nlctrl")
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != CtrlID || f.Name != CtrlName || len(f.Ops) == 0 {
		t.Errorf("nlctrl = %+v", f)
	}
	if id, ok := f.Group("notify"); !ok || id == 0 {
		t.Errorf("nlctrl has no notify group: %+v", f.Groups)
	}
	_, err = GetFamily(ctx, s, "no-such-family")
	if !errors.Is(err, unix.ENOENT) {
		t.Errorf("unknown family: err = %v, want ENOENT", err)
	}
	if want := `genl family "no-such-family": no such generic netlink family in `; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("unknown family: %q, want it to start %q", err, want)
	}
}

func TestResolveGroup(t *testing.T) {
	s := openGeneric(t)
	ctx := testCtx(t)
	id, err := ResolveGroup(ctx, s, "nlctrl:notify")
	if err != nil || id != 0x10 {
		t.Errorf("nlctrl:notify = %d, %v; want 16", id, err)
	}
	tests := []struct {
		spec, wantErr string
	}{
		{"nlctrl", `want "family:group"`},
		{"nlctrl:nope", `family nlctrl has no group "nope" (groups: notify)`},
		{"nope:x", "no such file"},
	}
	for _, tt := range tests {
		_, err := ResolveGroup(ctx, s, tt.spec)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ResolveGroup(%q) err = %v, want %q", tt.spec, err, tt.wantErr)
		}
	}
	// A joined group really delivers nlctrl notifications: none arrive
	// here without a module load, but joining must succeed.
	if err := s.Join(id); err != nil {
		t.Errorf("join nlctrl:notify: %v", err)
	}
}

func TestGetPolicy(t *testing.T) {
	s := openGeneric(t)
	p, err := GetPolicy(testCtx(t), s, "nlctrl")
	if err != nil {
		t.Fatal(err)
	}
	ops := map[uint32]OpPolicy{}
	for _, o := range p.OpPolicies {
		ops[o.Op] = o
	}
	get, ok := ops[uint32(CmdGetFamily)]
	if !ok || !get.HasDo {
		t.Fatalf("no do policy for CTRL_CMD_GETFAMILY: %+v", p.OpPolicies)
	}
	var name *PolicyAttr
	for i, a := range p.Policies {
		if a.Index == get.Do && a.Attr == uint32(AttrFamilyName) {
			name = &p.Policies[i]
		}
	}
	if name == nil || name.Type.String() != "nul-string" || !name.HasLength || name.MaxLength == 0 {
		t.Errorf("CTRL_ATTR_FAMILY_NAME policy = %+v", name)
	}
	// a name longer than nla_len can hold is refused before sending, not
	// left out of a request the kernel then refuses for another reason
	if _, err := GetPolicy(testCtx(t), s, strings.Repeat("n", 70000)); err == nil || !strings.Contains(err.Error(), "do not fit in nla_len") {
		t.Errorf("policy of a 70000-byte family name: %.200v", err)
	}
}

// TestRequest sends CTRL_CMD_GETFAMILY to nlctrl through the generic
// builder, as a user would for any family.
func TestRequest(t *testing.T) {
	s := openGeneric(t)
	var e nlsock.AttrEncoder
	e.String(AttrFamilyName, "nlctrl")
	reply, err := Request(testCtx(t), s, "nlctrl", CmdGetFamily, 0, e.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(reply.Messages) != 1 {
		t.Fatalf("%d replies", len(reply.Messages))
	}
	f, err := ParseFamily(reply.Messages[0].Payload)
	if err != nil || f.Name != "nlctrl" {
		t.Errorf("reply = %+v, %v", f, err)
	}
	dump, err := Request(testCtx(t), s, "nlctrl", CmdGetFamily, nlsock.FlagDump, nil)
	if err != nil || len(dump.Messages) < 2 {
		t.Fatalf("dump: %d messages, %v", len(dump.Messages), err)
	}
	names := []string{}
	for _, m := range dump.Messages {
		f, _ := ParseFamily(m.Payload)
		names = append(names, f.Name)
	}
	sort.Strings(names)
	if i := sort.SearchStrings(names, "nlctrl"); i == len(names) || names[i] != "nlctrl" {
		t.Errorf("dump lacks nlctrl: %v", names)
	}
}

func TestWrongProtocol(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	s := nlsocktest.Open(t, unix.NETLINK_ROUTE, ns.NetNS())
	if _, err := Families(testCtx(t), s); err == nil || !strings.Contains(err.Error(), "NETLINK_GENERIC") {
		t.Errorf("Families on a route socket: %v", err)
	}
}
