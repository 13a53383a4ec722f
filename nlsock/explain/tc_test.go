package explain_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// TestExplainTcRequests: tc requests built by the encoder are explained
// by the tc description: the tcmsg's handles as tc writes them, the
// kind's options by its format (attributes, or a struct for pfifo), the
// structs inside by member.
func TestExplainTcRequests(t *testing.T) {
	for _, tt := range []struct {
		spec rtnl.TCSpec
		want []string
	}{
		{rtnl.TCSpec{Ifindex: 3, Handle: 0x10000, Parent: rtnl.TC_H_ROOT, Kind: "tbf",
			Options: ynl.Attrs{"parms": ynl.Attrs{"rate": ynl.Attrs{"rate": 250000}, "limit": 10000}, "burst": 32768}},
			[]string{"handle        65536 = 1:", "= root", `kind (type 1) len 8: "tbf"`, "options (type 2) len ", "nested:",
				"parms (type 1) len 40: struct tc-tbf-qopt: rate {cell-align 0 cell-log 0 linklayer 0 mpu 0 overhead 0 rate 250000}, peakrate {",
				"limit 10000, buffer 0",
				"burst (type 6) len 8: 32768"}},
		{rtnl.TCSpec{Ifindex: 3, Handle: 0x200000, Parent: 0x10020, Kind: "pfifo", Options: ynl.Attrs{"limit": 77}},
			[]string{"= 20:", "= 1:20", "options (type 2) len 8: struct tc-fifo-qopt: limit 77"}},
		{rtnl.TCSpec{Ifindex: 3, Parent: 0x10000, Info: 5<<16 | 0x0008, Kind: "u32", Options: ynl.Attrs{"classid": 0x10010}},
			[]string{"pref 5, protocol 0x0800", "classid (type 1) len 8: 65552"}},
	} {
		m, err := rtnl.TCRequest(rtnl.RTM_NEWTFILTER-8*boolInt(tt.spec.Kind != "u32"), nlsock.FlagRequest, tt.spec)
		if err != nil {
			t.Fatal(err)
		}
		out := explain.Message(m, unix.NETLINK_ROUTE, explain.Options{NoHexDump: true})
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: explain lacks %q:\n%s", tt.spec.Kind, w, out)
			}
		}
		if strings.Contains(out, "no decoder") {
			t.Errorf("%s: %s", tt.spec.Kind, out)
		}
	}
}

func boolInt(b bool) uint16 {
	if b {
		return 1
	}
	return 0
}

// TestExplainTcFromKernel: an htb class and its qdisc as the kernel dumps
// them, with statistics, are explained attribute by attribute.
func TestExplainTcFromKernel(t *testing.T) {
	nlsocktest.LookPath(t, "tc", "iproute2")
	s, _, ctx := routeSocket(t, "ip link add v0 type veth peer name v1",
		"tc qdisc add dev v0 root handle 1: htb default 20", "tc class add dev v0 parent 1: classid 1:20 htb rate 1mbit")
	idx, err := rtnl.LinkIndex(ctx, s, "v0")
	if err != nil {
		t.Fatal(err)
	}
	req := nlsock.Message{Header: nlsock.Header{Type: rtnl.RTM_GETTCLASS, Flags: nlsock.FlagRequest | nlsock.FlagDump}, Payload: make([]byte, rtnl.TcMsgLen)}
	req.Payload[4] = byte(idx)
	msgs, err := rtnl.Dump(ctx, s, req)
	if err != nil || len(msgs) == 0 {
		t.Fatal(msgs, err)
	}
	out := explain.Messages(msgs, unix.NETLINK_ROUTE, explain.Options{NoHexDump: true})
	for _, w := range []string{"RTM_NEWTCLASS", "= 1:20", "= 1:", `kind (type 1) len 8: "htb"`,
		"parms (type 1) len 48: struct tc-htb-opt: rate {cell-align ", "rate {cell-align ", "rate 125000}",
		"stats2 (type 7) len ", "basic (type 1) len ", "queue (type 3) len 24: struct gnet-stats-queue: qlen 0, backlog 0, drops 0",
		"app (type 4) len 24: struct tc-htb-xstats: lends 0, borrows 0, giants 0, tokens "} {
		if !strings.Contains(out, w) {
			t.Errorf("explain lacks %q:\n%s", w, out)
		}
	}
}
