package diag

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// The uapi numbers of the attributes the tests build (inet_diag.h,
// unix_diag.h): an independent copy, so that a description that numbers
// one wrongly fails the tests instead of agreeing with itself.
const (
	attrInetShutdown uint16 = 8
	attrInetProtocol uint16 = 10

	attrUnixName     uint16 = 0
	attrUnixVFS      uint16 = 1
	attrUnixPeer     uint16 = 2
	attrUnixIcons    uint16 = 3
	attrUnixRQLen    uint16 = 4
	attrUnixMemInfo  uint16 = 5
	attrUnixShutdown uint16 = 6
	attrUnixUID      uint16 = 7
)

// TestHeaderLensAgreeWithDescription checks the sizes the package reads
// and writes against the structs of the sock-diag description.
func TestHeaderLensAgreeWithDescription(t *testing.T) {
	spec := builtin.MustSpec("sock-diag")
	for name, n := range map[string]int{"inet-diag-req-v2": inetReqLen, "inet-diag-msg": inetMsgLen,
		"inet-diag-sockid": sockIDLen, "unix-diag-req": unixReqLen, "unix-diag-msg": unixMsgLen} {
		st, ok := spec.Structs[name]
		if !ok || st.Size != n {
			t.Errorf("struct %s: the package's size %d, the description's %+v", name, n, st)
		}
	}
}
