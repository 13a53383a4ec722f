//go:build linux

package monitor

import (
	"errors"
	"fmt"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// Event is one message from a joined group, an overrun, or a change found
// by a resync.
type Event struct {
	Time  time.Time
	NetNS string // the namespace label: "host", "/run/netns/x", "nsid 4" (AllNetNS, unnamed), ...
	// NSID is the nsid, in the monitor's namespace, of the namespace an
	// event of another namespace came from (Options.AllNetNS), when HasNSID.
	NSID    int32
	HasNSID bool
	Proto   int
	Group   uint32 // the group it arrived through (0 if unknown: resync events, groups above 32)
	Message nlsock.Message

	Type   string // "RTM_NEWLINK", "NFT_MSG_NEWTABLE", "nlctrl CTRL_CMD_NEWFAMILY", "overrun", "resync"
	Object string // "link", "address", "route", "neigh", "rule", "nsid", "table", ... or ""
	// Family is the address family the message is about, as iproute2 and
	// nft name them: every rtnetlink message's first byte ("unspec",
	// "inet", "inet6", "bridge", ...; a number if unnamed), nf_tables'
	// nfgen_family ("ip", "inet", "bridge", ...). "" where the protocol has
	// none (generic netlink) and for overruns and resync notes. An
	// RTM_DELLINK of family "bridge" is a port leaving its bridge, not a
	// deleted link.
	Family string
	Text   string // "+link veth0 index 7 mtu 1500 UP"
	Value  any    // the decoded object: *rtnl.Link, *rtnl.Address, *rtnl.Route, *rtnl.Neighbour, *rtnl.Rule, nft.Message, genl.Family, or nil
	Err    error  // the message could not be decoded fully (Text says what it could)

	Overrun    bool // the kernel dropped events on this socket here
	ReadBuffer int  // for overruns: the socket's receive buffer in bytes
	Resync     bool // found by re-dumping after an overrun
}

// overrunText is what an overrun says; lost, if set, is why events were
// lost other than a full buffer.
func overrunText(proto, rcvbuf int, lost error, resync bool, supported bool) string {
	s := fmt.Sprintf("overrun: the kernel dropped events (rcvbuf %d bytes)", rcvbuf)
	if lost != nil {
		var op *nlsock.OpError
		if errors.As(lost, &op) {
			lost = op.Err // the socket is the event's already
		}
		s = "overrun: " + lost.Error() + "; its events are lost"
	}
	switch {
	case resync && supported:
		s += "; re-dumping to resync"
	case resync:
		s += fmt.Sprintf("; %s events cannot be re-dumped", nlsock.ProtocolName(proto))
	case lost != nil:
		s += "; use --resync"
	default:
		s += "; raise --rcvbuf or use --resync"
	}
	return s
}
