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

// TestExplainNftablesByDescription explains dumps of every nf_tables
// object but rules through nlsh's description: every attribute is named,
// nests included (a chain's hook, a set's elements and their keys), enums
// and flags read by name, and an object's data laid out by its type, a
// be32 enum (without reading the selector as an integer, a counter's data
// would be "attribute 1").
func TestExplainNftablesByDescription(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	nlsocktest.RunAll(t, ns, "nft add table inet t", "nft add counter inet t c1",
		"nft add quota inet t q1 { over 1 mbytes }",
		"nft add chain inet t c { type filter hook input priority -5 ; policy drop ; }",
		"nft add set inet t s { type ipv4_addr ; flags interval ; elements = { 10.0.0.0/8 } ; }")
	s := nlsocktest.Open(t, unix.NETLINK_NETFILTER, ns)
	ctx := nlsocktest.Context(t, 10*time.Second)
	var out strings.Builder
	for _, req := range []struct {
		msg   uint8
		attrs func(*nlsock.AttrEncoder)
	}{
		{nft.MsgGetTable, nil}, {nft.MsgGetChain, nil}, {nft.MsgGetSet, nil}, {nft.MsgGetObj, nil}, {nft.MsgGetGen, nil},
		{nft.MsgGetSetElem, func(e *nlsock.AttrEncoder) { e.String(1, "t"); e.String(2, "s") }},
	} {
		var e nlsock.AttrEncoder
		if req.attrs != nil {
			req.attrs(&e)
		}
		flags := nlsock.FlagDump
		if req.msg == nft.MsgGetGen {
			flags = 0
		}
		reply, err := s.Request(ctx, nlsock.Message{Header: nlsock.Header{Type: nft.Type(req.msg), Flags: flags},
			Payload: append(nft.Header{Family: nft.FamilyINet}.Append(nil), e.Bytes()...)})
		if err != nil {
			t.Fatalf("%s: %v", nft.MsgName(nft.Type(req.msg)), err)
		}
		out.WriteString(explain.Messages(reply.Messages, unix.NETLINK_NETFILTER, explain.Options{}))
	}
	text := out.String()
	checkExplained(t, text,
		"NFT_MSG_NEWTABLE (nft gettable)", "NFTA_TABLE_NAME (type 1) len 6: \"t\"",
		"NFTA_CHAIN_HOOK (type 4) len 20, nested:", "NFTA_HOOK_HOOKNUM (type 1) len 8: 1",
		"NFTA_HOOK_PRIORITY (type 2) len 8: -5", "NFTA_CHAIN_POLICY (type 5) len 8: 0 = drop",
		"NFTA_CHAIN_FLAGS (type 10) len 8: 1 = base", "NFTA_SET_FLAGS (type 3) len 8: 4 = interval",
		"NFTA_OBJ_TYPE (type 3) len 8: 1 = counter", "NFTA_OBJ_DATA (type 4) len 28, nested:",
		"bytes (type 1) len 12: 0", "NFTA_OBJ_TYPE (type 3) len 8: 2 = quota", "bytes (type 1) len 12: 1048576",
		"NFTA_SET_ELEM_LIST_ELEMENTS (type 3)", "NFTA_SET_ELEM_KEY (type 1)", "value (type 1) len 8: 0a 00 00 00",
		"NFTA_SET_ELEM_FLAGS (type 3) len 8: 1 = interval-end", "NFT_MSG_NEWGEN (nft getgen)", "NFTA_GEN_ID (type 1)",
	)
}

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
	checkExplained(t, text,
		"NFT_MSG_NEWRULE (nft getrule)", `NFTA_RULE_CHAIN (type 2) len 6: "c"`, "NFTA_RULE_EXPRESSIONS (type 4)",
		"NFTA_LIST_ELEM (type 1)", "NFTA_EXPR_DATA (type 2)", "key (type 2) len 8: 16 = l4proto",
		"base (type 2) len 8: 2 = transport", "op (type 2) len 8: 0 = eq", "code (type 1) len 8: 1 = accept",
		`set (type 1) len 12: "allowed"`, "mask (type 4)", "prefix (type 2)", "rate (type 1) len 12: 10",
		`chain (type 2) len 8: "sub"`,
	)
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
