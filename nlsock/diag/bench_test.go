package diag

import (
	"net/netip"
	"testing"
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
