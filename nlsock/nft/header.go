//go:build linux

package nft

import (
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// HeaderLen is the size of struct nfgenmsg.
const HeaderLen = 4

// Header is struct nfgenmsg. ResID is stored big-endian on the wire; batch
// messages carry the subsystem there, nf_tables dumps and events the ruleset
// generation's low 16 bits.
type Header struct {
	Family  uint8 // NFPROTO_*
	Version uint8 // NFNETLINK_V0
	ResID   uint16
}

// ParseHeader reads the nfgenmsg at the start of a payload and returns the
// attribute bytes after it.
func ParseHeader(payload []byte) (Header, []byte, error) {
	if len(payload) < HeaderLen {
		return Header{}, nil, fmt.Errorf("nfgenmsg needs %d bytes, have %d", HeaderLen, len(payload))
	}
	h := Header{Family: payload[0], Version: payload[1], ResID: binary.BigEndian.Uint16(payload[2:4])}
	return h, payload[HeaderLen:], nil
}

// Append appends the header to dst.
func (h Header) Append(dst []byte) []byte {
	return binary.BigEndian.AppendUint16(append(dst, h.Family, h.Version), h.ResID)
}

// Netfilter protocol families (NFPROTO_*), the table families of nft: the
// ones nlsh's code names; nft.yaml's family enum names them all
// (TestFamiliesDescribed).
const (
	FamilyUnspec uint8 = 0
	FamilyINet   uint8 = 1
	FamilyIPv4   uint8 = 2
	FamilyARP    uint8 = 3
	FamilyNetdev uint8 = 5
	FamilyBridge uint8 = 7
	FamilyIPv6   uint8 = 10
)

// familyNames are nft.yaml's family enum, as nft names the families, and
// unspec (0), which no table has but a dump of every family asks for.
var familyNames = sync.OnceValue(func() map[uint8]string {
	names := map[uint8]string{FamilyUnspec: "unspec"}
	for _, e := range builtin.MustEnum("nft", "family").Entries {
		names[uint8(e.Value)] = e.Name
	}
	return names
})

// FamilyName names a family as nft does ("ip", "ip6", "inet", "arp",
// "bridge", "netdev"), or "family N".
func FamilyName(f uint8) string {
	if n, ok := familyNames()[f]; ok {
		return n
	}
	return fmt.Sprintf("family %d", f)
}

// ParseFamily is the inverse of FamilyName.
func ParseFamily(name string) (uint8, bool) {
	for f, n := range familyNames() {
		if n == name {
			return f, true
		}
	}
	return 0, false
}
