package explain_test

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// TestExplainRulesByDescription explains a dump of real rules holding
// many expression types through the nft description, like every other
// nf_tables message: the operation named from it, every attribute named
// (expression data by the sub-message its expression's name selects,
// nested nft_data and verdicts included), and each expression's name
// followed by the very line `nft --debug=netlink` prints for it.
func TestExplainRulesByDescription(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	nlsocktest.RunAll(t, ns, "nft add table inet t", "nft add set inet t allowed { type ipv4_addr ; }",
		"nft add chain inet t sub", "nft add chain inet t c { type filter hook input priority 0 ; }",
		"nft add rule inet t c meta l4proto tcp tcp dport 22 counter accept",
		"nft add rule inet t c ip saddr @allowed ct state established,related log prefix \"x\" jump sub",
		"nft add rule inet t c ip daddr & 255.255.0.0 == 10.1.0.0 limit rate 10/second meta mark set 0x10 drop")
	s := nlsocktest.Open(t, unix.NETLINK_NETFILTER, ns)
	reply, err := s.Request(nlsocktest.Context(t, 10*time.Second), nlsock.Message{
		Header:  nlsock.Header{Type: nft.Type(nft.MsgGetRule), Flags: nlsock.FlagDump},
		Payload: nft.Header{Family: nft.FamilyINet}.Append(nil)})
	if err != nil {
		t.Fatal(err)
	}
	text := explain.Messages(reply.Messages, unix.NETLINK_NETFILTER, explain.Options{NoHexDump: true})
	for _, want := range []string{
		"NFT_MSG_NEWRULE (nft getrule)", `NFTA_RULE_CHAIN (type 2) len 6: "c"`, "NFTA_RULE_EXPRESSIONS (type 4)",
		"NFTA_LIST_ELEM (type 1)", "NFTA_EXPR_DATA (type 2)", "key (type 2) len 8: 16 = l4proto",
		"base (type 2) len 8: 2 = transport", "op (type 2) len 8: 0 = eq", "code (type 1) len 8: 1 = accept",
		`set (type 1) len 12: "allowed"`, "mask (type 4)", "prefix (type 2)", "rate (type 1) len 12: 10",
		`chain (type 2) len 8: "sub"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("explain lacks %q", want)
		}
	}
	if unnamed := regexp.MustCompile(`attribute \d+ \(type`).FindAllString(text, -1); len(unnamed) > 0 {
		t.Errorf("unnamed attributes %q", unnamed)
	}
	exprLine := regexp.MustCompile(`NFTA_EXPR_NAME \(type 1\) len \d+: "\w+" (\[ .* \])`)
	var got []string
	for _, m := range exprLine.FindAllStringSubmatch(text, -1) {
		got = append(got, m[1])
	}
	if diff := cmp.Diff(nftDebugLines(t, ns), got); diff != "" {
		t.Errorf("expression lines (-nft --debug=netlink +explain):\n%s", diff)
	}
	if t.Failed() {
		t.Log(text)
	}
}

// nftDebugLines is every bracket line of `nft --debug=netlink list ruleset`.
func nftDebugLines(t *testing.T, ns nlsock.NetNS) []string {
	nftPath := nlsocktest.LookPath(t, "nft", "nftables")
	var out strings.Builder
	cmd := exec.Command(nftPath, "--debug=netlink", "list", "ruleset")
	cmd.Stdout = &out
	if err := ns.Run(cmd); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "  [") {
			lines = append(lines, strings.TrimPrefix(l, "  "))
		}
	}
	return lines
}
