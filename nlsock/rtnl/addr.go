//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
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

var addrKnown = knownSet(IFA_ADDRESS, IFA_LOCAL, IFA_LABEL, IFA_BROADCAST, IFA_ANYCAST,
	IFA_CACHEINFO, IFA_MULTICAST, IFA_FLAGS, IFA_RT_PRIORITY, IFA_PROTO)

// DecodeAddress decodes an RTM_NEWADDR (or DELADDR) payload.
func DecodeAddress(b []byte) (Address, error) {
	var a Address
	err := a.Decode(b)
	return a, err
}

// Decode fills a from an ifaddrmsg payload, overwriting every field.
func (a *Address) Decode(b []byte) error {
	*a = Address{}
	if len(b) < IfAddrMsgLen {
		return fmt.Errorf("ifaddrmsg needs %d bytes, have %d", IfAddrMsgLen, len(b))
	}
	a.Family, a.PrefixLen, a.Flags, a.Scope = b[0], b[1], uint32(b[2]), b[3]
	a.Index = binary.NativeEndian.Uint32(b[4:])
	a.Raw = b[IfAddrMsgLen:]
	it := attrIter{b: a.Raw, base: IfAddrMsgLen}
	for {
		typ, data, ok := it.next()
		if !ok {
			break
		}
		if !addrSizes.fits(typ, len(data)) {
			a.Malformed = append(a.Malformed, addrSizes.malformed(ObjectAddress, typ, len(data)))
			continue
		}
		a.decodeAttr(typ, data)
	}
	if it.err != nil {
		return fmt.Errorf("address on link %d: %w", a.Index, it.err)
	}
	return nil
}

func (a *Address) decodeAttr(typ uint16, data []byte) {
	switch typ {
	case IFA_ADDRESS:
		a.Address, _ = ipAddr(data)
	case IFA_LOCAL:
		a.Local, _ = ipAddr(data)
	case IFA_BROADCAST:
		a.Broadcast, _ = ipAddr(data)
	case IFA_ANYCAST:
		a.Anycast, _ = ipAddr(data)
	case IFA_MULTICAST:
		a.Multicast, _ = ipAddr(data)
	case IFA_LABEL:
		a.Label = cstring(data)
	case IFA_FLAGS:
		if v, ok := u32(data); ok {
			a.Flags = v
		}
	case IFA_RT_PRIORITY:
		a.Priority, _ = u32(data)
	case IFA_PROTO:
		if len(data) == 1 {
			a.Proto = data[0]
		}
	case IFA_CACHEINFO:
		if len(data) == 16 {
			a.CacheInfo = AddrCacheInfo{
				Preferred: binary.NativeEndian.Uint32(data),
				Valid:     binary.NativeEndian.Uint32(data[4:]),
				Created:   binary.NativeEndian.Uint32(data[8:]),
				Updated:   binary.NativeEndian.Uint32(data[12:]),
			}
			a.HasCacheInfo = true
		}
	}
}

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
func (a *Address) Unknown() ([]nlsock.Attr, error) { return rawAttrs(a.Raw, addrKnown.has) }
