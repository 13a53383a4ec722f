package runtime

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestCompleteFromSpecs completes family, operation, group and attribute
// names from the kernel's spec files, for a ynl.family("...") expression:
// nothing is opened, the spec is read where ynl.family would read it.
func TestCompleteFromSpecs(t *testing.T) {
	s := New(Options{Modules: fakeNetlink, SpecDirs: []string{nlsocktest.KernelSpecs(t)}})
	defer s.Close()
	const nd = `ynl.family("netdev")`
	tests := []completion{
		{`ynl.family("netd`, []string{`netdev"`}, 4},
		{`x = ynl.family('nft`, []string{`nft'`, `nftables'`}, 3}, // nlsh's own description and the kernel's
		{`ynl.path("rt_l`, []string{`rt_link"`}, 4},
		{`myynl.family("netd`, nil, 0}, // not ynl's
		// operations: call takes those with a do, dump those with a dump
		{nd + `:call("dev-`, []string{`dev-get"`}, 4},
		{nd + `:dump("q`, []string{`qstats-get"`, `queue-get"`}, 1},
		{nd + `:call("q`, []string{`queue-get"`}, 1},
		{nd + ` : join ( "`, []string{`mgmt"`, `page-pool"`}, 0},
		{`ynl.family("netdev", s):call("napi`, []string{`napi-get"`}, 4},
		{`ynl.family("nosuch"):call("d`, nil, 0},
		// the request's attributes, as keys
		{nd + `:call("dev-get", {if`, []string{"ifindex = "}, 2},
		{nd + `:call("queue-get", {`, []string{"id = ", "ifindex = ", "type = "}, 0},
		{nd + `:call("queue-get", {ifindex = 1, t`, []string{"type = "}, 1},
		{nd + `:call("queue-get", {ifindex = f(1, 2), name = "a,}", t`, []string{"type = "}, 1},
		{nd + `:dump("queue-get", {`, []string{"ifindex = "}, 0},
		// an attribute already set is not offered again
		{nd + `:call("queue-get", {type = "rx", ["ifindex"] = 1, `, []string{"id = "}, 0},
		{nd + `:call("queue-get", {ifindex = {id = 1, type = 2}, `, []string{"id = ", "type = "}, 0},
		{nd + `:call("queue-get", {type = "a,b, id = 1", `, []string{"id = ", "ifindex = "}, 0},
		{nd + `:call("queue-get", {id = [[x, type = 1]], `, []string{"ifindex = ", "type = "}, 0},
		{nd + `:dump("dev-get", {if`, nil, 2}, // a dump that takes none
		{nd + `:call("dev-get", {ifindex = pri`, []string{"print"}, 3},
		// a nest: every attribute of its set, a list of nests alike
		{nd + `:call("bind-rx", {queues = {t`, []string{"type = "}, 1},
		{nd + `:call("bind-rx", {ifindex = 1, ["queues"] = {{i`, []string{"id = "}, 1},
		{nd + `:call("bind-rx", {fd = {i`, []string{"if", "in", "io", "ipairs"}, 1}, // no nest: Lua names
		// names that are no Lua identifiers complete in brackets
		{`ynl.family("rt-link"):call("newlink", {ifi-`, nil, 4},
		{`ynl.family("rt-link"):call("getlink", {["ifi-i`, []string{`ifi-index"] = `}, 5},
		{`ynl.family("rt-link"):call("getlink", {['ifn`, []string{`ifname'] = `}, 3},
		{`ynl.family("rt-link"):call("getlink", {[ifn`, nil, 3}, // an expression key: Lua names
		{`ynl.family("rt-link"):call("getlink", {[`, []string{`["alt-ifname"] = `, `["ext-mask"] = `, `["ifi-change"] = `,
			`["ifi-family"] = `, `["ifi-flags"] = `, `["ifi-index"] = `, `["ifi-type"] = `,
			`["ifname"] = `, `["target-netnsid"] = `}, 1},
		{`ynl.family("rt-link"):call("newlink", {linkinfo = {ki`, []string{"kind = "}, 2},
		// values: an enum's entries, a list of them for flags
		{nd + `:call("queue-get", {ifindex = 1, type = "`, []string{`rx"`, `tx"`}, 0},
		{nd + `:call("queue-get", {type = 't`, []string{`tx'`}, 1},
		{nd + `:call("queue-get", {type = {"`, nil, 0}, // one value, no list
		{nd + `:call("queue-get", {id = "`, nil, 0},    // no enum
		{`ynl.family("rt-link"):call("getlink", {["ext-mask"] = {"vf", "brvlan-`, []string{`brvlan-compressed"`}, 7},
		{`ynl.family("rt-link"):call("getlink", {["ext-mask"] = "sk`, []string{`skip-stats"`}, 2},
		// ynl.encode and ynl.decode: family, attribute-set, attributes
		{`ynl.encode("netd`, []string{`netdev"`}, 4},
		{`ynl.decode("netdev", "qu`, []string{`queue"`, `queue-id"`}, 2},
		{`ynl.encode("netdev", "queue-id", {`, []string{"id = ", "type = "}, 0},
		{`ynl.encode("netdev", "nosuch", {pri`, []string{"print"}, 3},
		// not a family: Lua names as before
		{`s:call("`, nil, 0},
		{`t = {pri`, []string{"print"}, 3},
	}
	checkCompletions(t, s, tests)
}

// TestCompleteFamilyVariable completes through a variable holding a family
// object (its spec read from the Lua value) and the fields of rtnl objects,
// lazy ones included, which are no keys of the table until read.
func TestCompleteFamilyVariable(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	var out bytes.Buffer
	s := New(Options{Stdout: &out, Stderr: &out, NetNS: ns.NetNS(), SpecDirs: []string{nlsocktest.KernelSpecs(t)}})
	defer s.Close()
	if code, ok := s.RunString(`
		nd = assert(ynl.family("netdev"))
		t = {fam = nd}
		r = assert(netlink.open("route"))
		l = rtnl.links(r)[1]
		a = rtnl.links(r)`, "setup"); !ok {
		t.Fatalf("setup: exit %d\n%s", code, out.String())
	}
	tests := []completion{
		{`nd:call("dev-`, []string{`dev-get"`}, 4},
		{`nd:call("dev-get", {if`, []string{"ifindex = "}, 2},
		{`x = t.fam:dump("queue-get", {`, []string{"ifindex = "}, 0},
		{`nd:join("m`, []string{`mgmt"`}, 1},
		{`r:call("dev-`, nil, 0},       // a socket is no family
		{`nd:j`, []string{"join("}, 1}, // methods behind an __index function
		// built fields and lazy ones (docs/reference.md marks them)
		{`l.mt`, []string{"mtu"}, 2},
		{`l.txq`, []string{"txqlen"}, 3},
		{`l.perm_`, []string{"perm_address"}, 5},
		{`a.txq`, nil, 3}, // the array is no link
	}
	checkCompletions(t, s, tests)
}

// FuzzComplete: any line completes without a panic, and every candidate
// begins with the n bytes it replaces (readline appends the rest).
func FuzzComplete(f *testing.F) {
	for _, seed := range []string{
		`ynl.family("netdev"):call("dev-get", {if`, `ynl.family("rt-link"):call("newlink", {linkinfo = {ki`,
		`ynl.family("rt-link"):call("getlink", {["ext-mask"] = {"vf", "`, `ynl.encode("netdev", "queue-id", {`,
		`nd:call("queue-get", {type = "rx", [`, `x = {[[a]], {(}`, `}])"'`, `ynl.family("`, `{[`,
	} {
		f.Add(seed)
	}
	var dirs []string
	if d := nlsocktest.KernelSpecsOrEmpty(); d != "" {
		dirs = []string{d}
	}
	s := New(Options{Modules: fakeNetlink, SpecDirs: dirs})
	defer s.Close()
	f.Fuzz(func(t *testing.T, line string) {
		cands, n := s.Complete(line)
		if n < 0 || n > len(line) {
			t.Fatalf("Complete(%q) replaces %d bytes", line, n)
		}
		for _, c := range cands {
			if !strings.HasPrefix(c, line[len(line)-n:]) {
				t.Fatalf("Complete(%q): candidate %q does not begin with %q", line, c, line[len(line)-n:])
			}
		}
	})
}
