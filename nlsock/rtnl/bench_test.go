package rtnl_test

import (
	"fmt"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// benchLinks is the link count of the benchmarks: 1000 veth pairs and lo.
const benchPairs = 1000

func benchNS(b *testing.B) *testNS {
	b.Helper()
	n := newTestNS(b)
	var lines []string
	for i := range benchPairs {
		lines = append(lines, fmt.Sprintf("link add b%d type veth peer name c%d", i, i))
	}
	n.batch(b, lines)
	return n
}

// BenchmarkDecodeLinks decodes a captured dump of 2001 links.
func BenchmarkDecodeLinks(b *testing.B) {
	n := benchNS(b)
	msgs, err := rtnl.Dump(ctx(b), n.sock, rtnl.LinkDumpRequest())
	if err != nil {
		b.Fatal(err)
	}
	if len(msgs) != 2*benchPairs+1 {
		b.Fatalf("%d links", len(msgs))
	}
	benchDecode[rtnl.Link](b, msgs, "ns/link")
}

// benchDecode decodes msgs into values of T b.N times, reporting the time
// per message as unit.
func benchDecode[T any, P interface {
	*T
	Decode([]byte) error
}](b *testing.B, msgs []nlsock.Message, unit string) {
	objs := make([]T, len(msgs))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, m := range msgs {
			if err := P(&objs[i]).Decode(m.Payload); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(msgs)), unit)
}

// BenchmarkLinks is a whole rtnl.Links call (kernel dump included).
func BenchmarkLinks(b *testing.B) {
	n := benchNS(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		links, err := rtnl.Links(ctx(b), n.sock)
		if err != nil || len(links) != 2*benchPairs+1 {
			b.Fatal(len(links), err)
		}
	}
}

// BenchmarkDumpWalkFloor is the floor: the same dump streamed, every
// attribute walked, nothing kept.
func BenchmarkDumpWalkFloor(b *testing.B) {
	n := benchNS(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		count := 0
		_, err := n.sock.Request(ctx(b), rtnl.LinkDumpRequest(), nlsock.WithHandler(func(m nlsock.Message) error {
			count++
			return nlsock.WalkAttrs(m.Payload[rtnl.IfInfoMsgLen:], func(nlsock.Attr) error { return nil })
		}))
		if err != nil || count != 2*benchPairs+1 {
			b.Fatal(count, err)
		}
	}
}

// BenchmarkDecodeRoutes decodes a captured dump of 10000 IPv4 routes with
// gateways (and the local ones), the other hot typed decoder.
func BenchmarkDecodeRoutes(b *testing.B) {
	n := newTestNS(b)
	lines := []string{"link add r0 type veth peer name r1", "link set r0 up", "link set r1 up", "addr add 10.0.0.1/16 dev r0"}
	for i := range 10000 {
		lines = append(lines, fmt.Sprintf("route add 172.%d.%d.0/24 via 10.0.0.2 dev r0 metric %d", 16+i/256, i%256, i%7))
	}
	n.batch(b, lines)
	msgs, err := rtnl.Dump(ctx(b), n.sock, rtnl.RouteDumpRequest())
	if err != nil || len(msgs) < 10000 {
		b.Fatal(len(msgs), err)
	}
	benchDecode[rtnl.Route](b, msgs, "ns/route")
}
