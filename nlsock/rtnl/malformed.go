//go:build linux

package rtnl

import (
	"fmt"
	"strconv"
)

// Malformed is a top-level attribute whose length does not fit its type
// (IFLA_MTU of 2 bytes, an IPv4 address of 3). Decoders leave it out — the
// field it would fill keeps its zero value and its Has flag stays false —
// and list it in the object's Malformed, so that a wrong length never
// reads as a value of 0. Nested attributes are not checked here.
type Malformed struct {
	Type uint16 // the attribute type
	Name string // "IFLA_MTU", or "" when unnamed
	Len  int    // the length of its data as received
	Want string // "4", "4 or 16", "at least 184"
}

// String is "IFLA_MTU: 2 bytes, want 4".
func (m Malformed) String() string {
	name := m.Name
	if name == "" {
		name = "attribute " + strconv.Itoa(int(m.Type))
	}
	unit := "bytes"
	if m.Len == 1 {
		unit = "byte"
	}
	return fmt.Sprintf("%s: %d %s, want %s", name, m.Len, unit, m.Want)
}

// attrSize is the length an attribute's data must have: the length itself
// for fixed sizes, so that the common check is one comparison.
type attrSize uint8

const (
	anySize     attrSize = 0    // not checked: strings, nests, binary
	size1       attrSize = 1    // u8
	size2       attrSize = 2    // u16
	size4       attrSize = 4    // u32
	size8       attrSize = 8    // u64
	size16      attrSize = 16   // a struct of 16 bytes (cacheinfo)
	sizeIP      attrSize = 0xfe // an IPv4 or IPv6 address
	sizeStats64 attrSize = 0xff // struct rtnl_link_stats64, which has grown: at least its first 23 counters
)

// fits reports whether n data bytes fit a.
func (a attrSize) fits(n int) bool {
	return int(a) == n || a == anySize || a == sizeIP && (n == 4 || n == 16) || a == sizeStats64 && n >= 23*8
}

// want says what a accepts: "4", "4 or 16", "at least 184".
func (a attrSize) want() string {
	switch a {
	case sizeIP:
		return "4 or 16"
	case sizeStats64:
		return "at least 184"
	}
	return strconv.Itoa(int(a))
}

// sizes is an object's table of attribute sizes, indexed by type.
type sizes [64]attrSize

func sizeTable(m map[uint16]attrSize) *sizes {
	var s sizes
	for t, v := range m {
		s[t] = v
	}
	return &s
}

// fits reports whether attribute typ may have n data bytes; it is the
// decoders' per-attribute check, kept small enough to inline.
func (s *sizes) fits(typ uint16, n int) bool {
	return int(typ) >= len(s) || s[typ].fits(n)
}

// malformed describes attribute typ of obj with n data bytes, which do
// not fit.
func (s *sizes) malformed(obj Object, typ uint16, n int) Malformed {
	var name string
	if names := objectInfo[obj].attrs; int(typ) < len(names) {
		name = names[typ]
	}
	return Malformed{Type: typ, Name: name, Len: n, Want: s[typ].want()}
}

var linkSizes = sizeTable(map[uint16]attrSize{
	IFLA_MTU: size4, IFLA_LINK: size4, IFLA_MASTER: size4, IFLA_TXQLEN: size4, IFLA_GROUP: size4,
	IFLA_PROMISCUITY: size4, IFLA_NUM_TX_QUEUES: size4, IFLA_NUM_RX_QUEUES: size4,
	IFLA_CARRIER_CHANGES: size4, IFLA_MIN_MTU: size4, IFLA_MAX_MTU: size4, IFLA_GSO_MAX_SIZE: size4,
	IFLA_GSO_MAX_SEGS: size4, IFLA_LINK_NETNSID: size4,
	IFLA_OPERSTATE: size1, IFLA_LINKMODE: size1, IFLA_CARRIER: size1, IFLA_PROTO_DOWN: size1,
	IFLA_STATS64: sizeStats64,
})

var addrSizes = sizeTable(map[uint16]attrSize{
	IFA_ADDRESS: sizeIP, IFA_LOCAL: sizeIP, IFA_BROADCAST: sizeIP, IFA_ANYCAST: sizeIP, IFA_MULTICAST: sizeIP,
	IFA_FLAGS: size4, IFA_RT_PRIORITY: size4, IFA_PROTO: size1, IFA_CACHEINFO: size16,
})

var routeSizes = sizeTable(map[uint16]attrSize{
	RTA_DST: sizeIP, RTA_SRC: sizeIP, RTA_GATEWAY: sizeIP, RTA_PREFSRC: sizeIP,
	RTA_TABLE: size4, RTA_IIF: size4, RTA_OIF: size4, RTA_PRIORITY: size4, RTA_MARK: size4,
	RTA_EXPIRES: size4, RTA_NH_ID: size4, RTA_PREF: size1, RTA_ENCAP_TYPE: size2,
})

var neighSizes = sizeTable(map[uint16]attrSize{
	NDA_DST: sizeIP, NDA_PROBES: size4, NDA_VLAN: size2, NDA_MASTER: size4, NDA_FLAGS_EXT: size4,
	NDA_PROTOCOL: size1, NDA_CACHEINFO: size16,
})

var ruleSizes = sizeTable(map[uint16]attrSize{
	FRA_DST: sizeIP, FRA_SRC: sizeIP, FRA_PRIORITY: size4, FRA_TABLE: size4, FRA_FWMARK: size4,
	FRA_FWMASK: size4, FRA_GOTO: size4, FRA_SUPPRESS_IFGROUP: size4, FRA_SUPPRESS_PREFIXLEN: size4,
	FRA_TUN_ID: size8, FRA_UID_RANGE: size8, FRA_SPORT_RANGE: size4, FRA_DPORT_RANGE: size4,
	FRA_L3MDEV: size1, FRA_PROTOCOL: size1, FRA_IP_PROTO: size1,
})

var objectSizes = [...]*sizes{
	ObjectLink: linkSizes, ObjectAddress: addrSizes, ObjectRoute: routeSizes,
	ObjectNeighbour: neighSizes, ObjectRule: ruleSizes,
}

// CheckAttr reports a top-level attribute of msgType's payload whose n data
// bytes do not fit its type (what the decoders leave out and list in
// Malformed), for tools that show attributes on their own (explain).
func CheckAttr(msgType, typ uint16, n int) (Malformed, bool) {
	obj := ObjectOf(msgType)
	if int(obj) >= len(objectSizes) || objectSizes[obj] == nil || objectSizes[obj].fits(typ, n) {
		return Malformed{}, false
	}
	return objectSizes[obj].malformed(obj, typ, n), true
}
