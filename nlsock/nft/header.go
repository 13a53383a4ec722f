//go:build linux

package nft

import (
	"encoding/binary"
	"fmt"
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

// Netfilter protocol families (NFPROTO_*), the table families of nft.
const (
	FamilyUnspec uint8 = 0
	FamilyINet   uint8 = 1
	FamilyIPv4   uint8 = 2
	FamilyARP    uint8 = 3
	FamilyNetdev uint8 = 5
	FamilyBridge uint8 = 7
	FamilyIPv6   uint8 = 10
)

var familyNames = map[uint8]string{
	FamilyUnspec: "unspec", FamilyINet: "inet", FamilyIPv4: "ip", FamilyARP: "arp",
	FamilyNetdev: "netdev", FamilyBridge: "bridge", FamilyIPv6: "ip6",
}

// FamilyName names a family as nft does ("ip", "ip6", "inet", "arp",
// "bridge", "netdev"), or "family N".
func FamilyName(f uint8) string {
	if n, ok := familyNames[f]; ok {
		return n
	}
	return fmt.Sprintf("family %d", f)
}

// ParseFamily is the inverse of FamilyName.
func ParseFamily(name string) (uint8, bool) {
	for f, n := range familyNames {
		if n == name {
			return f, true
		}
	}
	return 0, false
}
