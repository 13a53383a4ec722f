package nft

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// bytecodeSkeleton holds what the rules of bytecodeRules refer to.
const bytecodeSkeleton = `
table inet t {
	set allowed { type ipv4_addr; elements = { 10.0.0.1, 10.0.0.2 } }
	set seen { type ipv4_addr; flags dynamic; size 64; }
	counter hits { }
	quota q { 10 mbytes }
	chain in { type filter hook input priority 0; policy accept; }
	chain pre { type filter hook prerouting priority -150; }
	chain sub { }
}
table ip n {
	chain post { type nat hook postrouting priority 100; }
	chain pre { type nat hook prerouting priority -100; }
}
table netdev d {
	chain ing { type filter hook ingress device lo priority 0; }
}
`

// bytecodeRules covers meta, payload, cmp, bitwise, ct, counter, lookup,
// immediate with verdicts, nat and log (the list), and every other
// expression this kernel has that nft writes without anonymous sets.
const bytecodeRules = `
add rule inet t in meta l4proto tcp tcp dport 22 counter accept
add rule inet t in ip saddr @allowed counter drop
add rule inet t in ip saddr != @allowed meta l4proto udp return
add rule inet t in ct state established,related accept
add rule inet t in ip daddr & 255.255.0.0 == 10.1.0.0 log prefix "hi there " level warn
add rule inet t in log group 2 snaplen 64 queue-threshold 3 prefix "g"
add rule inet t in log level debug flags all
add rule inet t in meta mark set 0x10
add rule inet t in ct mark set meta mark
add rule inet t in ct original ip saddr 1.2.3.4 ct zone set 5
add rule inet t in iifname "lo" jump sub
add rule inet t in tcp flags syn limit rate over 10/second burst 3 packets
add rule inet t in limit rate 1 mbytes/second
add rule inet t in ip protocol icmp reject
add rule inet t in meta l4proto tcp reject with tcp reset
add rule inet t in reject with icmpx admin-prohibited
add rule inet t in tcp dport != 1-1000 goto sub
add rule inet t in meta nftrace set 1
add rule inet t in add @seen { ip saddr }
add rule inet t in update @seen { ip saddr counter }
add rule inet t in add @seen { ip saddr limit rate 10/second counter }
add rule inet t in tcp option maxseg size 1400
add rule inet t in meta mark set jhash ip saddr mod 2 seed 0xdeadbeef offset 100
add rule inet t in meta mark set symhash mod 4
add rule inet t in meta mark set numgen inc mod 2 offset 5
add rule inet t in quota over 100 mbytes
add rule inet t in counter name "hits"
add rule inet t in quota name "q"
add rule inet t in ct count over 10
add rule inet t in socket transparent 1 accept
add rule inet t in osf name "Linux"
add rule inet t in ip ttl set 10
add rule inet t in meta mark set meta mark << 2
add rule inet t in meta mark set ct mark >> 3
add rule inet t in ct bytes > 1000
add rule inet t in meta time > "2020-01-01 00:00:00"
add rule inet t in ip6 saddr ::1 drop
add rule inet t in fib saddr . iif oif missing drop
add rule inet t in ipsec in reqid 1
add rule inet t in meta secpath exists
add rule inet t pre notrack
add rule inet t pre meta l4proto tcp tproxy ip to 1.2.3.4:80
add rule inet t in tcp flags syn synproxy mss 1460 wscale 7
add rule ip n post ip saddr 10.0.0.0/8 oifname "eth0" masquerade
add rule ip n post meta l4proto tcp masquerade to :1000-2000 random
add rule ip n post ip daddr 1.1.1.1 tcp dport 5 snat to 2.2.2.2:1000-2000
add rule ip n post meta l4proto tcp snat to 1.1.1.1-1.1.1.10 fully-random,persistent
add rule ip n pre tcp dport 80 dnat to 10.0.0.1:8080
add rule ip n pre tcp dport 81 redirect to :8081
add rule netdev d ing ether saddr 00:11:22:33:44:55 fwd to "lo"
add rule netdev d ing dup to "lo"
`

// debugRule is one rule of `nft --debug=netlink list ruleset`.
type debugRule struct {
	Where string // "family table chain"
	Lines []string
}

var debugHeader = regexp.MustCompile(`^(ip|ip6|inet|arp|bridge|netdev) (\S+) (\S+)(?: \d+)*$`)

// nftDebugRules reads the rules of `nft --debug=netlink list ruleset`:
// a header "family table chain handle [position]" and its bracket lines.
func nftDebugRules(t *testing.T, ns nlsock.NetNS) []debugRule {
	var rules []debugRule
	for _, line := range strings.Split(string(nftIn(t, ns, "--debug=netlink", "list", "ruleset")), "\n") {
		switch {
		case strings.HasPrefix(line, "  ["):
			if len(rules) == 0 {
				t.Fatalf("bracket line before a rule header: %q", line)
			}
			r := &rules[len(rules)-1]
			r.Lines = append(r.Lines, strings.TrimPrefix(line, "  "))
		case debugHeader.MatchString(line):
			m := debugHeader.FindStringSubmatch(line)
			rules = append(rules, debugRule{Where: m[1] + " " + m[2] + " " + m[3]})
		}
	}
	var out []debugRule
	for _, r := range rules {
		if len(r.Lines) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func loadRuleset(t *testing.T, ns nlsock.NetNS, text string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ruleset.nft")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	nftIn(t, ns, "-f", p)
}

// ourDebugRules prints the namespace's rules with RuleLines.
func ourDebugRules(t *testing.T, ns *nlsock.Namespace) []debugRule {
	rules, err := Rules(testCtx(t), openNetfilter(t, ns))
	if err != nil {
		t.Fatal(err)
	}
	var out []debugRule
	for _, r := range rules {
		out = append(out, debugRule{Where: FamilyName(r.Family) + " " + r.Table + " " + r.Chain, Lines: RuleLines(r)})
	}
	return out
}

// TestRuleLinesMatchNftDebug: RuleLines prints every rule exactly as
// `nft --debug=netlink list ruleset` does (libnftnl), line for line.
func TestRuleLinesMatchNftDebug(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	loadRuleset(t, ns.NetNS(), bytecodeSkeleton+bytecodeRules+`
add rule inet t in udp dport { 53, 123 } accept
add rule inet t in ip saddr vmap { 1.1.1.1 : accept, 2.2.2.2 : jump sub }
add rule inet t in meta mark set ip saddr map { 1.1.1.1 : 1 }
`)
	want := nftDebugRules(t, ns.NetNS())
	got := ourDebugRules(t, ns)
	if len(want) < 50 {
		t.Fatalf("nft listed %d rules, want the test's 50 or more", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RuleLines vs nft --debug=netlink (-nft +nlsh):\n%s", diff)
	}
}

// TestRuleAddFromLines: every rule's lines, read back by ParseRuleLines
// and added by AddRule in a namespace holding only the skeleton, list the
// same in nft's bytecode and in nft -j (the rules nft reconstructs).
func TestRuleAddFromLines(t *testing.T) {
	orig := nlsocktest.NewNamespace(t)
	loadRuleset(t, orig.NetNS(), bytecodeSkeleton+bytecodeRules)
	want := nftDebugRules(t, orig.NetNS())

	copyNS := nlsocktest.NewNamespace(t)
	loadRuleset(t, copyNS.NetNS(), bytecodeSkeleton)
	var b Batch
	for _, r := range want {
		f := strings.Fields(r.Where)
		fam, _ := ParseFamily(f[0])
		exprs, err := ParseRuleLines(fam, r.Lines)
		if err != nil {
			t.Fatalf("%s: %v", r.Where, err)
		}
		b.AddRule(fam, f[1], f[2], exprs)
	}
	if err := Apply(testCtx(t), openNetfilter(t, copyNS), &b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, nftDebugRules(t, copyNS.NetNS())); diff != "" {
		t.Errorf("bytecode of the rules added from lines (-original +added):\n%s", diff)
	}
	if diff := cmp.Diff(nftJSONRules(t, orig.NetNS()), nftJSONRules(t, copyNS.NetNS())); diff != "" {
		t.Errorf("nft -j rules (-original +added):\n%s", diff)
	}
}

// nftJSONRules is each rule of `nft -j list ruleset` without its handle:
// where it is and the statements nft reconstructs from the bytecode.
func nftJSONRules(t *testing.T, ns nlsock.NetNS) []string {
	var doc struct {
		Nftables []map[string]json.RawMessage `json:"nftables"`
	}
	if err := json.Unmarshal(nftIn(t, ns, "-j", "list", "ruleset"), &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, o := range doc.Nftables {
		raw, ok := o["rule"]
		if !ok {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		delete(r, "handle")
		b, _ := json.Marshal(r)
		out = append(out, string(b))
	}
	return out
}
