package nft

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

const testRuleset = `
table inet filter {
	set blocked {
		type ipv4_addr
		flags interval
	}
	set svc {
		type ipv4_addr . inet_service
	}
	chain input {
		type filter hook input priority 0; policy drop;
		tcp dport 22 accept
		ip saddr @blocked counter drop
		jump sub
	}
	chain fwdchain {
		type filter hook forward priority -100; policy accept;
	}
	chain sub {
		meta l4proto udp return
	}
}
table ip nat {
	chain post {
		type nat hook postrouting priority 100;
		oifname "lo" masquerade
	}
}
`

func testCtx(t *testing.T) context.Context { return nlsocktest.Context(t, 10*time.Second) }

// nftIn runs nft with args inside ns and returns its standard output.
func nftIn(t *testing.T, ns nlsock.NetNS, args ...string) []byte {
	t.Helper()
	path := nlsocktest.LookPath(t, "nft", "nftables")
	var out, stderr bytes.Buffer
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := ns.Run(cmd); err != nil {
		t.Fatalf("nft %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out.Bytes()
}

// rulesetNamespace is a new namespace with ruleset loaded by nft -f.
func rulesetNamespace(t *testing.T, ruleset string) *nlsock.Namespace {
	t.Helper()
	ns := nlsocktest.NewNamespace(t)
	file := filepath.Join(t.TempDir(), "ruleset.nft")
	if err := os.WriteFile(file, []byte(ruleset), 0o644); err != nil {
		t.Fatal(err)
	}
	nftIn(t, ns.NetNS(), "-f", file)
	return ns
}

func openNetfilter(t *testing.T, ns *nlsock.Namespace) *nlsock.Socket {
	t.Helper()
	return nlsocktest.Open(t, unix.NETLINK_NETFILTER, ns.NetNS())
}

// nftListener opens a netfilter socket in ns that has joined
// NFNLGRP_NFTABLES.
func nftListener(t *testing.T, ns *nlsock.Namespace) *nlsock.Socket {
	t.Helper()
	s := openNetfilter(t, ns)
	if err := s.Join(GroupNFTables); err != nil {
		t.Fatal(err)
	}
	return s
}

// nextEvent receives the next message on s and decodes it; a failure names
// what had arrived before (seen).
func nextEvent(ctx context.Context, t *testing.T, s *nlsock.Socket, seen any) (nlsock.Message, Message) {
	t.Helper()
	m, err := s.Receive(ctx)
	if err != nil {
		t.Fatalf("after %v: %v", seen, err)
	}
	d, err := ParseMessage(m.Header.Type, m.Payload)
	if err != nil {
		t.Fatalf("after %v: %v", seen, err)
	}
	return m, d
}

// The objects of `nft -j list ruleset` that the test compares.
type (
	jTable struct {
		Family, Name string
		Handle       uint64
	}
	jChain struct {
		Family, Table, Name string
		Handle              uint64
		Type, Hook, Policy  string
		Prio                int32
	}
	jRule struct {
		Family, Table, Chain string
		Handle               uint64
	}
	jSet struct {
		Family, Table, Name string
		Handle              uint64
		Type                any
		Flags               []string
	}
	jRuleset struct {
		Tables []jTable
		Chains []jChain
		Rules  []jRule
		Sets   []jSet
	}
)

func parseNftJSON(t *testing.T, b []byte) jRuleset {
	t.Helper()
	var doc struct {
		Nftables []map[string]json.RawMessage `json:"nftables"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("nft -j: %v\n%s", err, b)
	}
	var r jRuleset
	for _, obj := range doc.Nftables {
		for kind, raw := range obj {
			var err error
			switch kind {
			case "table":
				err = appendDecoded(&r.Tables, raw)
			case "chain":
				err = appendDecoded(&r.Chains, raw)
			case "rule":
				err = appendDecoded(&r.Rules, raw)
			case "set":
				err = appendDecoded(&r.Sets, raw)
			}
			if err != nil {
				t.Fatalf("nft -j %s: %v", kind, err)
			}
		}
	}
	for i := range r.Sets {
		if r.Sets[i].Flags == nil {
			r.Sets[i].Flags = []string{}
		}
	}
	return r
}

// appendDecoded decodes raw as one more element of list.
func appendDecoded[T any](list *[]T, raw json.RawMessage) error {
	var x T
	err := json.Unmarshal(raw, &x)
	*list = append(*list, x)
	return err
}

// asJSON renders a dump the way nft -j shows it.
func asJSON(r *Ruleset) jRuleset {
	var j jRuleset
	for _, x := range r.Tables {
		j.Tables = append(j.Tables, jTable{FamilyName(x.Family), x.Name, x.Handle})
	}
	for _, x := range r.Chains {
		c := jChain{Family: FamilyName(x.Family), Table: x.Table, Name: x.Name, Handle: x.Handle, Type: x.Type, Policy: x.PolicyName()}
		if x.Hook != nil {
			c.Hook, c.Prio = HookName(x.Family, x.Hook.Num), x.Hook.Priority
		}
		j.Chains = append(j.Chains, c)
	}
	for _, x := range r.Rules {
		j.Rules = append(j.Rules, jRule{FamilyName(x.Family), x.Table, x.Chain, x.Handle})
	}
	for _, x := range r.Sets {
		var typ any = TypeName(x.KeyType)
		if parts := strings.Split(TypeName(x.KeyType), " . "); len(parts) > 1 {
			typ = toAny(parts)
		}
		flags := []string{}
		for _, f := range x.FlagNames() {
			if f == "interval" || f == "timeout" || f == "constant" {
				flags = append(flags, f) // the flags nft -j shows
			}
		}
		j.Sets = append(j.Sets, jSet{FamilyName(x.Family), x.Table, x.Name, x.Handle, typ, flags})
	}
	return j
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func sortRuleset(r *jRuleset) {
	sort.Slice(r.Tables, func(i, k int) bool { return r.Tables[i].Name < r.Tables[k].Name })
	sort.Slice(r.Chains, func(i, k int) bool { return r.Chains[i].Name < r.Chains[k].Name })
	sort.Slice(r.Rules, func(i, k int) bool {
		a, b := r.Rules[i], r.Rules[k]
		return a.Chain < b.Chain || a.Chain == b.Chain && a.Handle < b.Handle
	})
	sort.Slice(r.Sets, func(i, k int) bool { return r.Sets[i].Name < r.Sets[k].Name })
}

// TestDumpAgreesWithNft loads a ruleset with `nft -f` in a fresh namespace
// and compares Dump with `nft -j list ruleset`: tables, chains (type, hook,
// priority, policy), rules (table, chain, handle) and sets (key type,
// flags), all with their handles.
func TestDumpAgreesWithNft(t *testing.T) {
	ns := rulesetNamespace(t, testRuleset)
	want := parseNftJSON(t, nftIn(t, ns.NetNS(), "-j", "list", "ruleset"))

	s := openNetfilter(t, ns)
	r, err := Dump(testCtx(t), s)
	if err != nil {
		t.Fatal(err)
	}
	got := asJSON(r)
	sortRuleset(&want)
	sortRuleset(&got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Dump vs nft -j list ruleset (-nft +nlsh):\n%s", diff)
	}
	if len(got.Rules) != 5 || len(got.Chains) != 4 || len(got.Sets) != 2 {
		t.Errorf("got %d rules, %d chains, %d sets", len(got.Rules), len(got.Chains), len(got.Sets))
	}
	checkExpressions(t, r.Rules)
}

// checkExpressions looks at the decoded expressions of the rules nft made.
func checkExpressions(t *testing.T, rules []*Rule) {
	t.Helper()
	var names []string
	for _, r := range rules {
		if r.Chain != "input" || len(r.Expressions) == 0 {
			continue
		}
		var n []string
		for _, x := range r.Expressions {
			n = append(n, x.Name)
		}
		names = append(names, strings.Join(n, ","))
	}
	want := []string{"meta,cmp,payload,cmp,immediate", "meta,cmp,payload,lookup,counter,immediate", "immediate"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("input chain expressions (-want +got):\n%s", diff)
	}
	for _, r := range rules {
		if r.Chain == "input" && len(r.Expressions) == 5 {
			port := r.Expressions[3].Field("data").(ynl.Attrs)["value"]
			if !bytes.Equal(port.([]byte), []byte{0, 22}) || r.Expressions[3].Field("op") != "eq" {
				t.Errorf("tcp dport 22: cmp %+v", r.Expressions[3].Attrs)
			}
			if v := verdictOf(r.Expressions[4]); v != "accept" {
				t.Errorf("verdict = %v", v)
			}
		}
		if r.Chain == "input" && len(r.Expressions) == 1 {
			if v := verdictOf(r.Expressions[0]); v != "jump sub" {
				t.Errorf("jump verdict = %v", v)
			}
		}
	}
}

// verdictOf reads an immediate's verdict as "code [chain]".
func verdictOf(x Expr) string {
	data, _ := x.Field("data").(ynl.Attrs)
	v, _ := data["verdict"].(ynl.Attrs)
	s := fmt.Sprint(v["code"])
	if c, ok := v["chain"].(string); ok {
		s += " " + c
	}
	return s
}

// TestAddDelTable creates and deletes a table through netlink batches and
// checks each step with nft, and that a second add fails with EEXIST.
func TestAddDelTable(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	s := openNetfilter(t, ns)
	ctx := testCtx(t)
	if err := AddTable(ctx, s, FamilyINet, "nlsh"); err != nil {
		t.Fatal(err)
	}
	if out := nftIn(t, ns.NetNS(), "list", "tables"); !strings.Contains(string(out), "table inet nlsh") {
		t.Errorf("nft list tables after AddTable:\n%s", out)
	}
	err := AddTable(ctx, s, FamilyINet, "nlsh")
	var be *BatchError
	if !errors.Is(err, unix.EEXIST) || !errors.As(err, &be) || be.Index != 0 {
		t.Errorf("second AddTable: %v, want EEXIST", err)
	}
	// The kernel names only the offending attribute: no dangling colon.
	if want := "NFT_MSG_NEWTABLE (change 1 of the batch): file exists (offset 20)"; err == nil || err.Error() != want {
		t.Errorf("second AddTable: %q, want %q", err, want)
	}
	if err := DelTable(ctx, s, FamilyINet, "nlsh"); err != nil {
		t.Fatal(err)
	}
	if out := nftIn(t, ns.NetNS(), "list", "tables"); strings.Contains(string(out), "nlsh") {
		t.Errorf("nft list tables after DelTable:\n%s", out)
	}
	if err := DelTable(ctx, s, FamilyINet, "nlsh"); !errors.Is(err, unix.ENOENT) {
		t.Errorf("DelTable of a missing table: %v, want ENOENT", err)
	}
}

// TestBatchAtomic sends a batch whose second change fails: nothing of it
// is applied, and the error names that change.
func TestBatchAtomic(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	s := openNetfilter(t, ns)
	var b Batch
	b.AddTable(FamilyIPv4, "t1", 0)
	pol := PolicyAccept
	b.AddChain(ChainSpec{Family: FamilyIPv4, Table: "t1", Name: "in", Type: "filter", Hook: &Hook{Num: 1}, Policy: &pol})
	b.AddChain(ChainSpec{Family: FamilyIPv4, Table: "missing", Name: "x"})
	err := Apply(testCtx(t), s, &b)
	var be *BatchError
	if !errors.As(err, &be) || be.Index != 2 || !errors.Is(err, unix.ENOENT) {
		t.Fatalf("Apply = %v, want ENOENT at change 3", err)
	}
	if !strings.Contains(err.Error(), "NFT_MSG_NEWCHAIN (change 3 of the batch)") {
		t.Errorf("error text %q", err)
	}
	tables, err := Tables(testCtx(t), s)
	if err != nil || len(tables) != 0 {
		t.Errorf("after a failed batch: %d tables, %v", len(tables), err)
	}
	var ok Batch
	ok.AddTable(FamilyIPv4, "t1", 0)
	ok.AddChain(ChainSpec{Family: FamilyIPv4, Table: "t1", Name: "in", Type: "filter", Hook: &Hook{Num: 1, Priority: -5}, Policy: &pol})
	if err := Apply(testCtx(t), s, &ok); err != nil {
		t.Fatal(err)
	}
	out := string(nftIn(t, ns.NetNS(), "list", "ruleset"))
	if !strings.Contains(out, "type filter hook input priority filter - 5; policy accept;") {
		t.Errorf("nft list ruleset:\n%s", out)
	}
}

// TestEvents joins NFNLGRP_NFTABLES and sees an `nft add table` run in the
// namespace as an NFT_MSG_NEWTABLE event, decoded like a dump reply.
func TestEvents(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	listener := nftListener(t, ns)
	nftIn(t, ns.NetNS(), "add", "table", "ip", "evt")
	s := openNetfilter(t, ns)
	if err := DelTable(testCtx(t), s, FamilyIPv4, "evt"); err != nil {
		t.Fatal(err)
	}
	var seen []string
	ctx := testCtx(t)
	for len(seen) < 4 {
		m, d := nextEvent(ctx, t, listener, seen)
		if !m.Multicast() {
			t.Errorf("%s arrived without a group", d.Name)
		}
		switch {
		case d.Table != nil:
			seen = append(seen, d.Name+" "+FamilyName(d.Table.Family)+" "+d.Table.Name)
		case d.Gen != nil:
			seen = append(seen, d.Name)
		}
	}
	want := []string{"NFT_MSG_NEWTABLE ip evt", "NFT_MSG_NEWGEN", "NFT_MSG_DELTABLE ip evt", "NFT_MSG_NEWGEN"}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// TestApplyKeepsEvents changes the ruleset through the very socket that
// listens to NFNLGRP_NFTABLES: Apply must not swallow the events.
func TestApplyKeepsEvents(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	s := nftListener(t, ns)
	ctx := testCtx(t)
	if err := AddTable(ctx, s, FamilyIPv6, "own"); err != nil {
		t.Fatal(err)
	}
	if err := AddTable(ctx, s, FamilyIPv6, "own"); !errors.Is(err, unix.EEXIST) {
		t.Fatalf("second AddTable: %v", err)
	}
	if _, d := nextEvent(ctx, t, s, "nothing"); d.Table == nil || d.Table.Name != "own" || d.Name != "NFT_MSG_NEWTABLE" {
		t.Errorf("first event = %s %+v", d.Name, d.Table)
	}
}

// TestSetElements adds elements with nft and reads them back, from a dump
// and as NFT_MSG_NEWSETELEM events.
func TestSetElements(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	listener := nftListener(t, ns)
	nftIn(t, ns.NetNS(), "add", "table", "ip", "t")
	nftIn(t, ns.NetNS(), "add", "map", "ip", "t", "m", "{ type ipv4_addr : verdict; }")
	nftIn(t, ns.NetNS(), "add", "chain", "ip", "t", "c")
	nftIn(t, ns.NetNS(), "add", "element", "ip", "t", "m", "{ 10.0.0.1 : accept, 10.0.0.2 : jump c }")
	s := openNetfilter(t, ns)
	elems, err := SetElements(testCtx(t), s, FamilyIPv4, "t", "m")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, e := range elems {
		got[netip.AddrFrom4([4]byte(e.Key)).String()] = e.Data
	}
	want := map[string]any{"10.0.0.1": "accept", "10.0.0.2": "jump c"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("elements (-want +got):\n%s", diff)
	}
	// The kernel sends one NEWSETELEM event per element.
	ctx := testCtx(t)
	events := map[string]any{}
	for len(events) < 2 {
		_, d := nextEvent(ctx, t, listener, events)
		if d.Elems == nil {
			continue
		}
		if d.Name != "NFT_MSG_NEWSETELEM" || d.Elems.Set != "m" || d.Elems.Table != "t" || d.Object() != "elements" {
			t.Errorf("event %s %+v", d.Name, d.Elems)
		}
		for _, e := range d.Elems.Elements {
			events[netip.AddrFrom4([4]byte(e.Key)).String()] = e.Data
		}
	}
	if diff := cmp.Diff(want, events); diff != "" {
		t.Errorf("element events (-want +got):\n%s", diff)
	}
	if _, err := SetElements(testCtx(t), s, FamilyIPv4, "t", "nope"); !errors.Is(err, unix.ENOENT) {
		t.Errorf("elements of a missing set: %v", err)
	}
	// a table name longer than nla_len can hold is refused before sending,
	// not left out of a request the kernel then refuses for another reason
	long := strings.Repeat("t", 70000)
	if _, err := SetElements(testCtx(t), s, FamilyIPv4, long, "m"); err == nil || !strings.Contains(err.Error(), "do not fit in nla_len") {
		t.Errorf("elements of a set in a table with a 70000-byte name: %.200v", err)
	}
}
