//go:build linux

package monitor

import (
	"strconv"
	"sync"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// Bridge port attributes (linux/if_link.h), nested in IFLA_PROTINFO of an
// AF_BRIDGE link message.
const iflaBrportState = 1 // IFLA_BRPORT_STATE, u8: BR_STATE_*

// bridgePortStates are BR_STATE_* named as the bridge command names them.
var bridgePortStates = []string{"disabled", "listening", "learning", "forwarding", "blocking"}

// protinfoType is IFLA_PROTINFO's number, looked up once: rtnl.AttrType
// scans the link attributes, building each one's C name, and a bridge
// port's every event would pay for it.
var protinfoType = sync.OnceValue(func() uint16 {
	t, _ := rtnl.AttrType(rtnl.RTM_NEWLINK, "IFLA_PROTINFO")
	return t
})

// bridgePortState reads the STP state of a bridge port from an AF_BRIDGE
// link message (the kernel sends it with RTM_NEWLINK, not RTM_DELLINK); a
// state it has no name for is its number.
func bridgePortState(l *rtnl.Link) (string, bool) {
	if l.Family != rtnl.AF_BRIDGE {
		return "", false
	}
	state := -1
	protinfo := protinfoType()
	nlsock.WalkAttrs(l.Raw, func(a nlsock.Attr) error {
		if a.Type == protinfo {
			nlsock.WalkAttrs(a.Data, func(p nlsock.Attr) error {
				if p.Type == iflaBrportState && len(p.Data) == 1 {
					state = int(p.Data[0])
				}
				return nil
			})
		}
		return nil
	})
	switch {
	case state < 0:
		return "", false
	case state >= len(bridgePortStates):
		return strconv.Itoa(state), true
	}
	return bridgePortStates[state], true
}
