package monitor_test

import (
	"context"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// veth returns a real RTM_NEWLINK of a veth end, as a dump reports it.
func veth(b *testing.B) nlsock.Message {
	ns := nlsocktest.NewNamespace(b).NetNS()
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := testCtx2(b)
	if err := rtnl.LinkAdd(ctx, s, rtnl.LinkSpec{Name: "bv0", Kind: "veth", Peer: "bw0"}); err != nil {
		b.Fatal(err)
	}
	msgs, err := rtnl.Dump(ctx, s, rtnl.LinkDumpRequest())
	if err != nil {
		b.Fatal(err)
	}
	m := msgs[len(msgs)-1]
	m.Source.Groups = 1
	return m
}

func benchFormat(b *testing.B, format func([]byte, *monitor.Event) []byte) {
	m := veth(b)
	line := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		ev := monitor.Event{Time: time.Now(), NetNS: "host", Proto: unix.NETLINK_ROUTE, Message: m, Group: 1}
		monitor.Describe(&ev)
		if format != nil {
			line = format(line[:0], &ev)
		}
	}
}

func BenchmarkDescribe(b *testing.B)     { benchFormat(b, nil) }
func BenchmarkDescribeText(b *testing.B) { benchFormat(b, monitor.AppendText) }
func BenchmarkDescribeJSON(b *testing.B) { benchFormat(b, monitor.AppendJSON) }

func testCtx2(b *testing.B) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	b.Cleanup(cancel)
	return ctx
}
