package diag

import (
	"net/netip"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// FuzzParse checks that no reply bytes make the sock_diag decoders panic.
// The corpus under testdata/fuzz holds real kernel replies.
func FuzzParse(f *testing.F) {
	ap := netip.MustParseAddrPort("10.0.0.1:22")
	f.Add(FamilyINet, ProtoTCP, inetMsg(FamilyINet, StateListen, ap, ap, nil))
	f.Add(FamilyUnix, uint8(0), unixMsg(1, 1, 2, func(e *nlsock.AttrEncoder) { e.String(attrUnixName, "/x") }))
	f.Fuzz(func(t *testing.T, family, proto uint8, b []byte) {
		s, err := Parse(family, proto, b)
		if err == nil && len(b) < unixMsgLen {
			t.Fatalf("no error for %d bytes", len(b))
		}
		_, _ = s.NetID(), s.StateName()
	})
}
