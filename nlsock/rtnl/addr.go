//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// IfAddrMsgLen is the size of struct ifaddrmsg.
const IfAddrMsgLen = 8

// Address is an interface address: struct ifaddrmsg and its IFA_ attributes.
type Address struct {
	Family    uint8 // AF_INET or AF_INET6
	PrefixLen uint8
	Flags     uint32 // IFA_F_*: ifa_flags, widened by IFA_FLAGS when present
	Scope     uint8  // RT_SCOPE_*
	Index     uint32

	Address   netip.Addr // IFA_ADDRESS: the peer on point-to-point links, else the address
	Local     netip.Addr // IFA_LOCAL: the local address (IPv4)
	Broadcast netip.Addr
	Anycast   netip.Addr
	Multicast netip.Addr
	Label     string
	Proto     uint8  // IFA_PROTO: who added it
	Priority  uint32 // IFA_RT_PRIORITY: metric of the prefix route

	CacheInfo    AddrCacheInfo
	HasCacheInfo bool

	Malformed []Malformed // attributes of a wrong length, left out of the fields above

	Raw []byte // every attribute after the ifaddrmsg, as received
}

// AddrCacheInfo is struct ifa_cacheinfo; lifetimes are in seconds, with
// 0xffffffff meaning forever; timestamps are in hundredths of a second since boot.
type AddrCacheInfo struct {
	Preferred, Valid, Created, Updated uint32
}

// Forever is the lifetime value meaning infinite (INFINITY_LIFE_TIME).
const Forever = 0xffffffff

// addrBindings bind rt-addr's addr-attrs, and the family header, to
// Address's fields: the everyday ones first, in AddrSummary's order.
func addrBindings() []binding[Address] {
	return []binding[Address]{
		alias("index", header("ifindex", func(a *Address) Value { return Value{Kind: IntValue, U: uint64(a.Index)} })),
		always(header("family", func(a *Address) Value { return Value{Kind: EnumValue, U: uint64(a.Family), S: FamilyName(a.Family)} })),
		// ip's "local": IFA_LOCAL, else IFA_ADDRESS (an invalid one shows as such)
		header("address", func(a *Address) Value { return Value{Kind: IPValue, A: a.Addr()} }),
		always(header("prefixlen", func(a *Address) Value { return Value{Kind: UintValue, U: uint64(a.PrefixLen)} })),
		header("scope", func(a *Address) Value { return Value{Kind: EnumValue, U: uint64(a.Scope), S: ScopeName(a.Scope)} }),
		{Field: ynl.Field[Address]{Name: "ifa-label", Set: func(a *Address, b []byte, _ uint64) { a.Label = cstring(b) }},
			field: Field[Address]{Name: "label", Get: func(a *Address) Value { return nameOrNone(a.Label) }}},
		named("broadcast", ipAttr("ifa-broadcast", func(a *Address) *netip.Addr { return &a.Broadcast })),
		// the other end of a point-to-point link, when it differs from the local one
		header("peer", func(a *Address) Value {
			if a.Local.IsValid() && a.Address.IsValid() && a.Local != a.Address {
				return Value{Kind: IPValue, A: a.Address}
			}
			return Value{}
		}),

		{Field: ynl.Field[Address]{Name: "ifa-flags", Set: func(a *Address, _ []byte, n uint64) { a.Flags = uint32(n) }},
			field: Field[Address]{Name: "flags", Get: func(a *Address) Value {
				return Value{Kind: NamesValue, U: uint64(a.Flags), Flags: addrFlagTable(a.Family)}
			}}},
		header("ifa_flags", func(a *Address) Value { return Value{Kind: UintValue, U: uint64(a.Flags)} }),
		named("local", ipAttr("ifa-local", func(a *Address) *netip.Addr { return &a.Local })),
		ipAttr("ifa-address", func(a *Address) *netip.Addr { return &a.Address }),
		named("anycast", ipAttr("ifa-anycast", func(a *Address) *netip.Addr { return &a.Anycast })),
		named("multicast", ipAttr("ifa-multicast", func(a *Address) *netip.Addr { return &a.Multicast })),
		named("proto", uintAttr("ifa-proto", func(a *Address) *uint8 { return &a.Proto })),
		named("metric", uintAttr("ifa-rt-priority", func(a *Address) *uint32 { return &a.Priority })),
		{Field: ynl.Field[Address]{Name: "ifa-cacheinfo", Set: func(a *Address, b []byte, _ uint64) {
			c := &a.CacheInfo
			a.HasCacheInfo = readU32s(b, &c.Preferred, &c.Valid, &c.Created, &c.Updated)
		}}},
	}
}

var addrKind = objectKind[Address]{hdrName: "ifaddrmsg", hdrLen: IfAddrMsgLen, family: "rt-addr", attrs: "addr-attrs", bindings: addrBindings}

// AddrFields are an address's fields, in order: the everyday ones first.
func AddrFields() []Field[Address] { return addrKind.fieldList() }

// AddrSummary is how many of AddrFields are an address's everyday fields,
// those Lua tables build at once.
const AddrSummary = 8

// AddrJSON are the fields nlsh monitor's JSON of an address shows.
func AddrJSON() []int { return addrJSONPos.get() }

var addrJSONPos = lazy[[]int]{build: func() []int {
	return fieldPositions(AddrFields(), "ifindex", "family", "address", "prefixlen", "scope", "label", "flags")
}}

// AddrText are the fields nlsh monitor's text of an address shows after
// its prefix and index.
func AddrText() []int { return addrTextPos.get() }

var addrTextPos = lazy[[]int]{build: func() []int { return fieldPositions(AddrFields(), "label", "scope", "flags") }}

// AddrColumns are the fields a table of addresses shows; address and
// prefixlen share a column.
var AddrColumns = []string{"ifindex", "family", "address", "prefixlen", "scope", "label"}

// DecodeAddress decodes an RTM_NEWADDR (or DELADDR) payload.
func DecodeAddress(b []byte) (Address, error) { return decodeValue[Address](b) }

// Decode fills a from an ifaddrmsg payload, overwriting every field.
func (a *Address) Decode(b []byte) error { return decodeObject(a, b, &addrKind) }

func (a *Address) header(b []byte) {
	a.Family, a.PrefixLen, a.Flags, a.Scope = b[0], b[1], uint32(b[2]), b[3]
	a.Index = binary.NativeEndian.Uint32(b[4:])
}

func (a *Address) body() (*[]byte, *[]Malformed) { return &a.Raw, &a.Malformed }
func (a *Address) where() string                 { return fmt.Sprintf("address on link %d", a.Index) }

// Addr is the interface's own address: IFA_LOCAL if present (IPv4, and
// point-to-point peers), else IFA_ADDRESS. It is what ip shows as "local".
func (a *Address) Addr() netip.Addr {
	if a.Local.IsValid() {
		return a.Local
	}
	return a.Address
}

// Prefix is Addr with the prefix length ("10.0.0.1/24").
func (a *Address) Prefix() netip.Prefix { return netip.PrefixFrom(a.Addr(), int(a.PrefixLen)) }

// FlagNames returns the address flag names ("permanent", "noprefixroute").
func (a *Address) FlagNames() []string { return AddrFlagNames(nil, a.Family, a.Flags) }

// Attrs parses Raw: every attribute the kernel sent, in order.
func (a *Address) Attrs() ([]nlsock.Attr, error) { return rawAttrs(a.Raw, nil) }

// Unknown returns the attributes that have no field in Address.
func (a *Address) Unknown() ([]nlsock.Attr, error) { return rawAttrs(a.Raw, addrKind.table().Bound) }
