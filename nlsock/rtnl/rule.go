//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
)

// FibRuleHdrLen is the size of struct fib_rule_hdr.
const FibRuleHdrLen = 12

// Rule is a routing policy rule: struct fib_rule_hdr and its FRA_ attributes.
type Rule struct {
	Family uint8
	DstLen uint8
	SrcLen uint8
	TOS    uint8
	Table  uint32 // the header's table, or FRA_TABLE when present
	Action uint8  // FR_ACT_*
	Flags  uint32 // FIB_RULE_*

	Dst, Src          netip.Addr
	IIFName, OIFName  string
	Priority          uint32
	HasPriority       bool
	Goto              uint32
	FwMark, FwMask    uint32
	HasFwMark         bool
	TunID             uint64
	SuppressIfGroup   uint32
	SuppressPrefixLen uint32 // 0xffffffff when unset
	L3MDev            uint8
	Protocol          uint8
	IPProto           uint8
	UIDRange          [2]uint32 // start, end; valid if HasUIDRange
	HasUIDRange       bool
	SportRange        [2]uint16
	DportRange        [2]uint16

	Malformed []Malformed // attributes of a wrong length, left out of the fields above

	Raw []byte // every attribute after the fib_rule_hdr, as received
}

var ruleKnown = knownSet(FRA_DST, FRA_SRC, FRA_IIFNAME, FRA_OIFNAME, FRA_PRIORITY, FRA_GOTO, FRA_FWMARK,
	FRA_FWMASK, FRA_TUN_ID, FRA_SUPPRESS_IFGROUP, FRA_SUPPRESS_PREFIXLEN, FRA_TABLE, FRA_L3MDEV,
	FRA_PROTOCOL, FRA_IP_PROTO, FRA_UID_RANGE, FRA_SPORT_RANGE, FRA_DPORT_RANGE)

// DecodeRule decodes an RTM_NEWRULE (or DELRULE) payload.
func DecodeRule(b []byte) (Rule, error) {
	var r Rule
	err := r.Decode(b)
	return r, err
}

// Decode fills r from a fib_rule_hdr payload, overwriting every field.
func (r *Rule) Decode(b []byte) error {
	*r = Rule{}
	if len(b) < FibRuleHdrLen {
		return fmt.Errorf("fib_rule_hdr needs %d bytes, have %d", FibRuleHdrLen, len(b))
	}
	r.Family, r.DstLen, r.SrcLen, r.TOS = b[0], b[1], b[2], b[3]
	r.Table, r.Action = uint32(b[4]), b[7]
	r.Flags = binary.NativeEndian.Uint32(b[8:])
	r.Raw = b[FibRuleHdrLen:]
	it := attrIter{b: r.Raw, base: FibRuleHdrLen}
	for {
		typ, data, ok := it.next()
		if !ok {
			break
		}
		if !ruleSizes.fits(typ, len(data)) {
			r.Malformed = append(r.Malformed, ruleSizes.malformed(ObjectRule, typ, len(data)))
			continue
		}
		r.decodeAttr(typ, data)
	}
	if it.err != nil {
		return fmt.Errorf("rule: %w", it.err)
	}
	return nil
}

func (r *Rule) decodeAttr(typ uint16, data []byte) {
	switch typ {
	case FRA_DST:
		r.Dst, _ = ipAddr(data)
	case FRA_SRC:
		r.Src, _ = ipAddr(data)
	case FRA_IIFNAME:
		r.IIFName = cstring(data)
	case FRA_OIFNAME:
		r.OIFName = cstring(data)
	case FRA_PRIORITY:
		r.Priority, r.HasPriority = u32(data)
	case FRA_TABLE:
		if v, ok := u32(data); ok {
			r.Table = v
		}
	case FRA_FWMARK:
		r.FwMark, r.HasFwMark = u32(data)
	case FRA_TUN_ID:
		v, _ := u64(data)
		r.TunID = beSwap64(v)
	case FRA_UID_RANGE:
		if len(data) == 8 {
			r.UIDRange = [2]uint32{binary.NativeEndian.Uint32(data), binary.NativeEndian.Uint32(data[4:])}
			r.HasUIDRange = true
		}
	case FRA_SPORT_RANGE:
		r.SportRange = portRange(data)
	case FRA_DPORT_RANGE:
		r.DportRange = portRange(data)
	case FRA_L3MDEV, FRA_PROTOCOL, FRA_IP_PROTO:
		r.decodeU8(typ, data)
	default:
		r.decodeU32(typ, data)
	}
}

func (r *Rule) decodeU8(typ uint16, data []byte) {
	if len(data) != 1 {
		return
	}
	switch typ {
	case FRA_L3MDEV:
		r.L3MDev = data[0]
	case FRA_PROTOCOL:
		r.Protocol = data[0]
	case FRA_IP_PROTO:
		r.IPProto = data[0]
	}
}

func (r *Rule) decodeU32(typ uint16, data []byte) {
	switch typ {
	case FRA_GOTO:
		r.Goto, _ = u32(data)
	case FRA_FWMASK:
		r.FwMask, _ = u32(data)
	case FRA_SUPPRESS_IFGROUP:
		r.SuppressIfGroup, _ = u32(data)
	case FRA_SUPPRESS_PREFIXLEN:
		r.SuppressPrefixLen, _ = u32(data)
	}
}

func portRange(b []byte) [2]uint16 {
	if len(b) != 4 {
		return [2]uint16{}
	}
	return [2]uint16{binary.NativeEndian.Uint16(b), binary.NativeEndian.Uint16(b[2:])}
}

// beSwap64 converts FRA_TUN_ID, which the kernel keeps in network order.
func beSwap64(v uint64) uint64 {
	var b [8]byte
	binary.NativeEndian.PutUint64(b[:], v)
	return binary.BigEndian.Uint64(b[:])
}

// ActionName returns "lookup", "goto", "blackhole", ...
func (r *Rule) ActionName() string { return RuleActionName(r.Action) }

// FlagNames returns the rule flag names ("not").
func (r *Rule) FlagNames() []string { return RuleFlagNames(nil, r.Flags) }

// Attrs parses Raw: every attribute the kernel sent, in order.
func (r *Rule) Attrs() ([]nlsock.Attr, error) { return rawAttrs(r.Raw, nil) }

// Unknown returns the attributes that have no field in Rule.
func (r *Rule) Unknown() ([]nlsock.Attr, error) { return rawAttrs(r.Raw, ruleKnown.has) }
