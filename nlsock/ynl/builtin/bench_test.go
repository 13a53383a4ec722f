package builtin_test

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// BenchmarkDecode2001Links measures what switching rtnl's link decoding to
// the ynl engine would cost: one captured dump of 2001 links (1000 veth
// pairs and lo) decoded by today's rtnl.Link.Decode (typed struct) and by
// the ynl engine reading nlsh's rt-link description (DecodeReply, every
// attribute to a map). An external test package, so that rtnl may one day
// import builtin without a cycle.
func BenchmarkDecode2001Links(b *testing.B) {
	ns := nlsocktest.NewNamespace(b)
	var lines []string
	for i := range 1000 {
		lines = append(lines, fmt.Sprintf("link add b%d type veth peer name c%d", i, i))
	}
	cmd := exec.Command(nlsocktest.LookPath(b, "ip", "iproute2"), "-batch", "-")
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	var errb strings.Builder
	cmd.Stderr = &errb
	if err := ns.NetNS().Run(cmd); err != nil {
		b.Fatalf("ip -batch: %v %s", err, errb.String())
	}
	s, err := nlsock.Open(0, ns.NetNS())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	msgs, err := rtnl.Dump(ctx, s, rtnl.LinkDumpRequest())
	if err != nil || len(msgs) != 2001 {
		b.Fatalf("%d links, %v", len(msgs), err)
	}
	b.Run("rtnl", func(b *testing.B) {
		links := make([]rtnl.Link, len(msgs))
		b.ReportAllocs()
		for range b.N {
			for i, m := range msgs {
				if err := links[i].Decode(m.Payload); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(msgs)), "ns/link")
	})
	b.Run("ynl-rt-link", func(b *testing.B) {
		spec := builtin.MustSpec("rt-link")
		op, err := spec.Op("getlink")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for range b.N {
			for _, m := range msgs {
				d, err := spec.DecodeReply(op, m.Header.Type, m.Payload)
				if err != nil || d.Attrs["ifname"] == nil {
					b.Fatal(d.Attrs, err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(msgs)), "ns/link")
	})
}
