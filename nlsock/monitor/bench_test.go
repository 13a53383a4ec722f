package monitor_test

import (
	"context"
	"os/exec"
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

// route returns a real RTM_NEWROUTE (a blackhole route, as
// scripts/monitor-bench.sh adds a million of).
func route(b *testing.B) nlsock.Message {
	ns := nlsocktest.NewNamespace(b).NetNS()
	cmd := exec.Command("ip", "route", "add", "blackhole", "10.1.2.3/32")
	if out, err := runIn(ns, cmd); err != nil {
		b.Fatalf("%v: %s", err, out)
	}
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	msgs, err := rtnl.Dump(testCtx2(b), s, rtnl.RouteDumpRequest())
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range msgs {
		var r rtnl.Route
		if r.Decode(m.Payload) == nil && r.Type == unix.RTN_BLACKHOLE {
			m.Source.Groups = 1 << (rtnl.RTNLGRP_IPV4_ROUTE - 1)
			return m
		}
	}
	b.Fatal("no blackhole route in the dump")
	return nlsock.Message{}
}

func benchRoute(b *testing.B, format func([]byte, *monitor.Event) []byte) {
	m := route(b)
	line := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		ev := monitor.Event{Time: time.Now(), NetNS: "host", Proto: unix.NETLINK_ROUTE, Message: m, Group: rtnl.RTNLGRP_IPV4_ROUTE}
		monitor.Describe(&ev)
		line = format(line[:0], &ev)
	}
}

func BenchmarkRouteText(b *testing.B) { benchRoute(b, monitor.AppendText) }
func BenchmarkRouteJSON(b *testing.B) { benchRoute(b, monitor.AppendJSON) }
