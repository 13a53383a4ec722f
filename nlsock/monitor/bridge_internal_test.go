//go:build linux

package monitor

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// A bridge port's state is read from IFLA_PROTINFO (its number from
// linux/if_link.h here, not from nlsh's schema), and reading it allocates
// nothing: it runs for every AF_BRIDGE link event a monitor hears.
func TestBridgePortStateReadsProtinfoWithoutAllocating(t *testing.T) {
	const brportState = 1 // IFLA_BRPORT_STATE
	inner := nlsock.AppendAttr(nil, brportState, []byte{3})
	l := &rtnl.Link{Family: rtnl.AF_BRIDGE, Raw: nlsock.AppendAttr(nil, unix.IFLA_PROTINFO|nlsock.AttrNested, inner)}
	if st, ok := bridgePortState(l); !ok || st != "forwarding" {
		t.Fatalf("bridgePortState = %q, %v; want forwarding", st, ok)
	}
	if n := testing.AllocsPerRun(100, func() { bridgePortState(l) }); n != 0 {
		t.Errorf("bridgePortState allocates %v times per event, want 0", n)
	}
}
