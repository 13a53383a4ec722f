package monitor_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nft"
	"golang.org/x/sys/unix"
)

// TestNftRuleEvents: a rule event's text carries its bytecode as
// nft --debug=netlink prints it, and its --json value the expressions
// decoded by the nft-rule description.
func TestNftRuleEvents(t *testing.T) {
	m, ctx, s := watchNftables(t)
	lines := []string{"[ meta load l4proto => reg 1 ]", "[ cmp eq reg 1 0x00000006 ]", "[ counter pkts 0 bytes 0 ]", "[ immediate reg 0 accept ]"}
	exprs, err := nft.ParseRuleLines(unix.NFPROTO_INET, lines)
	if err != nil {
		t.Fatal(err)
	}
	var b nft.Batch
	b.AddTable(unix.NFPROTO_INET, "mon", 0)
	b.AddChain(nft.ChainSpec{Family: unix.NFPROTO_INET, Table: "mon", Name: "c"})
	b.AddRule(unix.NFPROTO_INET, "mon", "c", exprs)
	if err := nft.Apply(ctx, s, &b); err != nil {
		t.Fatal(err)
	}
	for {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Object != "rule" {
			continue
		}
		if want := "+rule inet mon c handle "; !strings.HasPrefix(ev.Text, want) || !strings.HasSuffix(ev.Text, " "+strings.Join(lines, " ")) {
			t.Errorf("rule event text %q, want %q... %s", ev.Text, want, strings.Join(lines, " "))
		}
		var j struct {
			Value struct {
				Chain string
				Exprs []struct {
					Name, Line string
					Attrs      map[string]any
				}
			}
		}
		line := monitor.AppendJSON(nil, &ev)
		if err := json.Unmarshal(line, &j); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		x := j.Value.Exprs
		if len(x) != 4 || x[0].Attrs["key"] != "l4proto" || x[1].Attrs["op"] != "eq" || x[1].Line != lines[1] || j.Value.Chain != "c" {
			t.Errorf("rule event json %s", line)
		}
		return
	}
}
