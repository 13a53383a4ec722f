package explain_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/nft"
	"golang.org/x/sys/unix"
)

// TestExplainRuleExpressions: explain names an expression's data by the
// nft description (registers, enum names, nested nft_data) and shows
// the bracket line nft --debug=netlink prints for it.
func TestExplainRuleExpressions(t *testing.T) {
	exprs, err := nft.ParseRuleLines(unix.NFPROTO_INET, []string{
		"[ meta load l4proto => reg 1 ]", "[ cmp eq reg 1 0x00000006 ]", "[ immediate reg 0 jump -> sub ]", "[ frob raw 0800010000000001 ]"})
	if err != nil {
		t.Fatal(err)
	}
	var b nft.Batch
	b.AddRule(unix.NFPROTO_INET, "t", "c", exprs)
	msgs, err := b.Messages(func() uint32 { return 1 })
	if err != nil {
		t.Fatal(err)
	}
	out := explain.Message(msgs[1], unix.NETLINK_NETFILTER, explain.Options{NoHexDump: true})
	for _, want := range []string{
		`NFTA_EXPR_NAME (type 1) len 9: "meta" [ meta load l4proto => reg 1 ]`,
		`key (type 2) len 8: 16 = l4proto`,
		`NFTA_EXPR_NAME (type 1) len 8: "cmp" [ cmp eq reg 1 0x00000006 ]`,
		`op (type 2) len 8: 0 = eq`,
		`value (type 1) len 5: 06`,
		`code (type 1) len 8: 4294967293 = jump`,
		`chain (type 2) len 8: "sub"`,
		`NFTA_EXPR_NAME (type 1) len 9: "frob"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q:\n%s", want, out)
		}
	}
}
