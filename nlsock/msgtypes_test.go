package nlsock_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// TestMessageTypeNamesAgreeWithKernelSpecs checks the one table of
// message type names against an independent source: every request of the
// kernel's netlink-raw YNL specs (rt_link, rt_addr, rt_route, tc,
// nftables) carries the type the table gives its name (getlink: 18 =
// RTM_GETLINK, newtable: 0xa00 = NFT_MSG_NEWTABLE), both ways.
func TestMessageTypeNamesAgreeWithKernelSpecs(t *testing.T) {
	prefix := map[int]string{unix.NETLINK_ROUTE: "RTM_", unix.NETLINK_NETFILTER: "NFT_MSG_"}
	checked := 0
	for _, file := range []string{"rt_link", "rt_addr", "rt_route", "tc", "nftables"} {
		spec, err := ynl.Load(filepath.Join(nlsocktest.KernelSpecs(t), file+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range spec.Ops {
			if op.Do == nil && op.Dump == nil {
				continue // a notification: its type is a reply's
			}
			want := prefix[spec.ProtoNum] + strings.ToUpper(strings.ReplaceAll(op.Name, "-", "_"))
			if strings.HasPrefix(op.Name, "batch-") { // nfnetlink's, not nf_tables'
				want = strings.Replace(want, "NFT_MSG_", "NFNL_MSG_", 1)
			}
			if got := nlsock.MessageTypeName(spec.ProtoNum, op.ReqValue); got != want {
				t.Errorf("%s %s: type %#x is named %q, want %q", file, op.Name, op.ReqValue, got, want)
			}
			if typ, ok := nlsock.MessageType(spec.ProtoNum, strings.ToLower(want)); !ok || typ != op.ReqValue {
				t.Errorf("MessageType(%q) = %#x, %v; the spec says %#x", want, typ, ok, op.ReqValue)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Fatalf("only %d requests checked", checked)
	}
	if got := nlsock.TypeName(unix.NETLINK_ROUTE, 2); got != "NLMSG_ERROR" {
		t.Errorf("type 2 is %q", got)
	}
	if got := nlsock.TypeName(unix.NETLINK_GENERIC, 16); got != "type 0x10" {
		t.Errorf("generic type 16 (a family id) is %q", got)
	}
}
