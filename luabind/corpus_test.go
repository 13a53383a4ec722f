package luabind_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// TestWriteFuzzCorpus refreshes the committed seed corpora of FuzzDecode,
// FuzzRtnlBody and nlsock/monitor's FuzzDescribe with messages the kernel
// sent, when NLSH_WRITE_CORPUS=1: the dumps of a namespace holding one of
// each route object, and the generic netlink families. Files a fuzz run
// added (their names are hashes) are kept.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("NLSH_WRITE_CORPUS") != "1" {
		nlsocktest.Skip(t, "set NLSH_WRITE_CORPUS=1 to rewrite testdata/fuzz from the kernel")
	}
	ns := nlsocktest.NewNamespace(t)
	luabindtest.IPBatch(t, ns.NetNS(), []string{
		"link add c0 type veth peer name c1", "link add cbr type bridge", "link set c1 master cbr",
		"link set c0 up", "link set c1 up", "link set cbr up", "link set c0 alias corpus",
		"addr add 10.9.0.1/24 brd + dev c0 label c0:x", "addr add fd00:9::1/64 dev c0 nodad",
		"route add 10.8.0.0/16 via 10.9.0.2 metric 7", "route add fd00:8::/48 via fd00:9::2",
		"neigh add 10.9.0.3 lladdr 02:00:00:00:00:03 dev c0",
		"rule add from 10.9.0.0/24 table 100 pref 1000",
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	route, err := nlsock.Open(0, ns.NetNS())
	if err != nil {
		t.Fatal(err)
	}
	defer route.Close()
	var msgs []nlsock.Message
	for _, req := range []func() nlsock.Message{rtnl.LinkDumpRequest, rtnl.AddrDumpRequest, rtnl.RouteDumpRequest, rtnl.NeighDumpRequest, rtnl.RuleDumpRequest} {
		r, err := route.Request(ctx, req())
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, r.Messages...)
	}
	gen, err := nlsock.Open(16, ns.NetNS())
	if err != nil {
		t.Fatal(err)
	}
	defer gen.Close()
	fams, err := genl.Request(ctx, gen, "nlctrl", 3 /* CTRL_CMD_GETFAMILY */, nlsock.FlagDump, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range msgs {
		name := fmt.Sprintf("kernel-%s-%d", rtnl.MessageTypeName(m.Header.Type), i)
		writeSeed(t, "testdata/fuzz/FuzzDecode", name, fmt.Sprintf("[]byte(%q)", nlsock.AppendMessage(nil, m)))
		writeSeed(t, "rtnl/testdata/fuzz/FuzzRtnlBody", name, fmt.Sprintf("uint16(%d)\n[]byte(%q)", m.Header.Type, m.Payload))
		writeSeed(t, "../nlsock/monitor/testdata/fuzz/FuzzDescribe", name, fmt.Sprintf("uint8(0)\nuint16(%d)\n[]byte(%q)", m.Header.Type, m.Payload))
	}
	for i, m := range fams.Messages {
		if i%4 != 0 {
			continue // a few families are enough
		}
		name := fmt.Sprintf("kernel-genl-family-%d", i)
		writeSeed(t, "testdata/fuzz/FuzzDecode", name, fmt.Sprintf("[]byte(%q)", nlsock.AppendMessage(nil, m)))
		writeSeed(t, "../nlsock/monitor/testdata/fuzz/FuzzDescribe", name, fmt.Sprintf("uint8(1)\nuint16(%d)\n[]byte(%q)", m.Header.Type, m.Payload))
	}
}

// writeSeed writes one corpus file in go test's fuzz format.
func writeSeed(t *testing.T, dir, name, values string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte("go test fuzz v1\n"+values+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
