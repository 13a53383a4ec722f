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
	links := make([]rtnl.Link, len(msgs))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, m := range msgs {
			if err := links[i].Decode(m.Payload); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(msgs)), "ns/link")
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
