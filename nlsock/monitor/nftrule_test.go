package monitor_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// TestNftRuleEvents: a rule event's text carries its bytecode as
// nft --debug=netlink prints it, and its --json value the expressions
// decoded by the nft description.
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

// TestNftObjectEvents: a stateful object's events, which nft has no
// struct for, read through the nft description: +obj and -obj with the
// object's attributes, its data decoded by its type.
func TestNftObjectEvents(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	m := openMonitor(t, monitor.Options{NetNS: ns}, "nftables")
	ctx := testCtx(t, 10*time.Second)
	nlsocktest.RunAll(t, ns, "nft add table inet t", "nft add counter inet t c1",
		"nft add quota inet t q1 { over 1 mbytes }", "nft delete counter inet t c1")
	var got []string
	for len(got) < 3 {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("%v after %q", err, got)
		}
		if ev.Object == "obj" {
			got = append(got, ev.Type+" "+ev.Text)
		}
	}
	want := []string{
		"NFT_MSG_NEWOBJ +obj inet data {bytes 0 packets 0} handle 1 name c1 table t type counter use 0",
		"NFT_MSG_NEWOBJ +obj inet data {bytes 1048576 consumed 0 flags inv} handle 2 name q1 table t type quota use 0",
		"NFT_MSG_DELOBJ -obj inet handle 1 name c1 table t type counter", // a deletion carries no data
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}
