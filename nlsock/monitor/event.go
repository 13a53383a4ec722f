//go:build linux

package monitor

import (
	"fmt"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// Event is one message from a joined group, an overrun, or a change found
// by a resync.
type Event struct {
	Time    time.Time
	NetNS   string // the namespace label: "host", "/run/netns/x", ...
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
	Value  any    // the decoded object: rtnl.Link, rtnl.Address, ..., nft.Message, genl.Family, or nil
	Err    error  // the message could not be decoded fully (Text says what it could)

	Overrun    bool // the kernel dropped events on this socket here
	ReadBuffer int  // for overruns: the socket's receive buffer in bytes
	Resync     bool // found by re-dumping after an overrun
}

// overrunText is what an overrun says.
func overrunText(proto, rcvbuf int, resync bool, supported bool) string {
	s := fmt.Sprintf("overrun: the kernel dropped events (rcvbuf %d bytes)", rcvbuf)
	switch {
	case resync && supported:
		s += "; re-dumping to resync"
	case resync:
		s += fmt.Sprintf("; %s events cannot be re-dumped", nlsock.ProtocolName(proto))
	default:
		s += "; raise --rcvbuf or use --resync"
	}
	return s
}
