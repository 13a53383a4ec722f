package diag

import (
	"net/netip"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// BenchmarkParseInet decodes one inet_diag_msg without attributes.
func BenchmarkParseInet(b *testing.B) {
	ap := netip.MustParseAddrPort("10.0.0.1:443")
	p := inetMsg(FamilyINet, StateEstablished, ap, ap, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseInet(ProtoTCP, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeDump decodes a dump of 1000 TCP sockets as the kernel
// sends them (INET_DIAG_SHUTDOWN, INET_DIAG_SOCKOPT, INET_DIAG_CGROUP_ID),
// the path of Sockets: what an ss-like listing of many sockets costs.
func BenchmarkDecodeDump(b *testing.B) {
	ap := netip.MustParseAddrPort("10.0.0.1:443")
	var e nlsock.AttrEncoder
	e.Uint8(attrInetShutdown, 0)
	e.Raw(22, []byte{0, 0}) // INET_DIAG_SOCKOPT
	e.Uint64(21, 1)         // INET_DIAG_CGROUP_ID
	msgs := make([]nlsock.Message, 1000)
	for i := range msgs {
		msgs[i].Payload = inetMsg(FamilyINet, StateEstablished, ap, ap, e.Bytes())
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeAll(FamilyINet, ProtoTCP, msgs); err != nil {
			b.Fatal(err)
		}
	}
}
