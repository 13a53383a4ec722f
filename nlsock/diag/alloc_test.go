package diag

import (
	"net/netip"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// TestDecodeAllocations holds the decoders to what they cost before the
// sock-diag description: a socket whose attributes all have fields
// decodes without an allocation (Parse's pooled Socket; a local one would
// escape through the table's setters), and a dump allocates its result
// only (decodeAll fills the slice in place).
func TestDecodeAllocations(t *testing.T) {
	if raceEnabled || testing.CoverMode() != "" {
		t.Skip("allocation counts are not meaningful under -race or -cover")
	}
	ap := netip.MustParseAddrPort("10.0.0.1:443")
	var e nlsock.AttrEncoder
	e.Uint8(attrInetShutdown, 1)
	e.Uint8(attrInetProtocol, ProtoTCP)
	p := inetMsg(FamilyINet, StateEstablished, ap, ap, e.Bytes())
	if n := testing.AllocsPerRun(100, func() {
		if _, err := Parse(FamilyINet, ProtoTCP, p); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("Parse of an inet socket: %v allocations, want 0", n)
	}
	msgs := make([]nlsock.Message, 100)
	for i := range msgs {
		msgs[i].Payload = p
	}
	if n := testing.AllocsPerRun(100, func() {
		if _, err := decodeAll(FamilyINet, ProtoTCP, msgs); err != nil {
			t.Fatal(err)
		}
	}); n != 1 {
		t.Errorf("decodeAll of %d sockets: %v allocations, want 1 (the result)", len(msgs), n)
	}
}
