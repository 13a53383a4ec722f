package nfnl

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// nftRun runs nft in ns with stdin and returns its output.
func nftRun(t *testing.T, ns nlsock.NetNS, stdin string, args ...string) string {
	t.Helper()
	path := nlsocktest.LookPath(t, "nft", "nftables")
	cmd := exec.Command(path, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := ns.Run(cmd); err != nil {
		t.Fatalf("nft %v: %v\n%s", args, err, out.String())
	}
	return out.String()
}

// debugLines are the bracket lines of chain's rules in nft --debug=netlink
// list ruleset, rule after rule.
func debugLines(t *testing.T, ns nlsock.NetNS, chain string) []string {
	header := regexp.MustCompile(`^\S+ \S+ (\S+)(?: \d+)+$`)
	var lines []string
	in := false
	for _, l := range strings.Split(nftRun(t, ns, "", "--debug=netlink", "list", "ruleset"), "\n") {
		if m := header.FindStringSubmatch(l); m != nil {
			in = m[1] == chain
		} else if in && strings.HasPrefix(l, "  [") {
			lines = append(lines, strings.TrimPrefix(l, "  "))
		}
	}
	return lines
}

// TestNfnlRuleLinesAndAdd: nfnl.rule_lines prints what nft --debug=netlink
// prints; nfnl.rule_add takes those lines back into another chain, where
// nft lists the same bytecode; bad lines fail naming the line and token.
func TestNfnlRuleLinesAndAdd(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	nftRun(t, ns.NetNS(), `table inet f {
		set allowed { type ipv4_addr; elements = { 10.0.0.1 } }
		chain c { type filter hook input priority 0;
			meta l4proto tcp tcp dport 22 ct state new counter log prefix "ssh " accept
			ip saddr @allowed ip daddr & 255.255.0.0 == 10.1.0.0 jump d
		}
		chain d { }
		chain copy { }
	}`, "-f", "-")
	want := debugLines(t, ns.NetNS(), "c")
	L, _ := newState(t, ns.NetNS())
	wantT := L.NewTable()
	for _, l := range want {
		wantT.Append(lua.LString(l))
	}
	L.SetGlobal("want", wantT)
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("netfilter"))
		local x, msg, errname
		local got = {}
		for _, r in ipairs(assert(nfnl.rules(s))) do
			if r.chain == "c" then
				local lines = nfnl.rule_lines(r)
				for _, l in ipairs(lines) do got[#got + 1] = l end
				assert(nfnl.rule_add(s, {family = "inet", table = "f", chain = "copy", expr = lines}))
			end
		end
		assert(table.concat(got, "\n") == table.concat(want, "\n"), "nlsh:\n" .. table.concat(got, "\n") .. "\nnft:\n" .. table.concat(want, "\n"))

		-- one string of lines works too
		assert(nfnl.rule_add(s, {family = "inet", table = "f", chain = "d",
			expr = "[ meta load mark => reg 1 ]\n[ cmp eq reg 1 0x00000010 ]\n[ counter pkts 0 bytes 0 ]"}))

		local ok, err = pcall(nfnl.rule_add, s, {family = "inet", table = "f", chain = "d",
			expr = {"[ meta load mark => reg 1 ]", "[ cmp eq reg x 0x00000010 ]"}})
		assert(not ok and err:find('line 2: cmp: sreg: "x" is not a number', 1, true), err)
		ok, err = pcall(nfnl.rule_add, s, {family = "inet", table = "f", chain = "d", expr = {"[ meta load colour => reg 1 ]"}})
		assert(not ok and err:find('line 1: meta: key: unknown name "colour"', 1, true), err)
		ok, err = pcall(nfnl.rule_add, s, {family = "inet", table = "f", chain = "d", expr = {"[ frobnicate reg 1 ]"}})
		assert(not ok and err:find('line 1: unknown expression "frobnicate"', 1, true), err)
		ok, err = pcall(nfnl.rule_add, s, {family = "inet", table = "f", chain = "d", expr = {"[ cmp eq reg 1 0x00000010 ] [ counter ]"}})
		assert(not ok and err:find('line 1: cmp: unexpected "]"', 1, true), err)
		-- in a batch, with a table, all or nothing
		x, msg, errname = nfnl.batch(s, {{"add_chain", "inet", {table = "f", name = "b"}},
			{"add_rule", {family = "inet", table = "f", chain = "b", expr = {"[ counter pkts 0 bytes 0 ]"}}}})
		assert(x, msg)
		-- the kernel's refusal comes back as nil, msg, errname
		x, msg, errname = nfnl.rule_add(s, {family = "inet", table = "f", chain = "nosuch", expr = {"[ counter pkts 0 bytes 0 ]"}})
		assert(x == nil and errname == "ENOENT", tostring(msg))
	`)
	if got := debugLines(t, ns.NetNS(), "copy"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rules added from lines list as\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := debugLines(t, ns.NetNS(), "b"); strings.Join(got, "\n") != "[ counter pkts 0 bytes 0 ]" {
		t.Errorf("rule added in a batch lists as %q", got)
	}
	if got := debugLines(t, ns.NetNS(), "d"); strings.Join(got, "\n") != "[ meta load mark => reg 1 ]\n[ cmp eq reg 1 0x00000010 ]\n[ counter pkts 0 bytes 0 ]" {
		t.Errorf("rule from a string of lines lists as %q", got)
	}
}
