//go:build linux

package rtnl

import (
	"encoding/binary"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
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

// ruleFields bind rt-rule's fib-rule-attrs to Rule's fields.
var ruleFields = []ynl.Field[Rule]{
	{Name: "dst", Set: func(r *Rule, b []byte, _ uint64) { r.Dst, _ = ipAddr(b) }},
	{Name: "src", Set: func(r *Rule, b []byte, _ uint64) { r.Src, _ = ipAddr(b) }},
	{Name: "iifname", Set: func(r *Rule, b []byte, _ uint64) { r.IIFName = cstring(b) }},
	{Name: "oifname", Set: func(r *Rule, b []byte, _ uint64) { r.OIFName = cstring(b) }},
	{Name: "priority", Set: func(r *Rule, _ []byte, n uint64) { r.Priority, r.HasPriority = uint32(n), true }},
	{Name: "table", Set: func(r *Rule, _ []byte, n uint64) { r.Table = uint32(n) }},
	{Name: "fwmark", Set: func(r *Rule, _ []byte, n uint64) { r.FwMark, r.HasFwMark = uint32(n), true }},
	{Name: "fwmask", Set: func(r *Rule, _ []byte, n uint64) { r.FwMask = uint32(n) }},
	{Name: "goto", Set: func(r *Rule, _ []byte, n uint64) { r.Goto = uint32(n) }},
	{Name: "tun-id", Set: func(r *Rule, _ []byte, n uint64) { r.TunID = n }},
	{Name: "suppress-ifgroup", Set: func(r *Rule, _ []byte, n uint64) { r.SuppressIfGroup = uint32(n) }},
	{Name: "suppress-prefixlen", Set: func(r *Rule, _ []byte, n uint64) { r.SuppressPrefixLen = uint32(n) }},
	{Name: "l3mdev", Set: func(r *Rule, _ []byte, n uint64) { r.L3MDev = uint8(n) }},
	{Name: "protocol", Set: func(r *Rule, _ []byte, n uint64) { r.Protocol = uint8(n) }},
	{Name: "ip-proto", Set: func(r *Rule, _ []byte, n uint64) { r.IPProto = uint8(n) }},
	{Name: "uid-range", Set: func(r *Rule, b []byte, _ uint64) {
		r.HasUIDRange = readU32s(b, &r.UIDRange[0], &r.UIDRange[1])
	}},
	{Name: "sport-range", Set: func(r *Rule, b []byte, _ uint64) { r.SportRange = portRange(b) }},
	{Name: "dport-range", Set: func(r *Rule, b []byte, _ uint64) { r.DportRange = portRange(b) }},
}

var ruleTable = lazyTable("rt-rule", "fib-rule-attrs", ruleFields...)

// DecodeRule decodes an RTM_NEWRULE (or DELRULE) payload.
func DecodeRule(b []byte) (Rule, error) { return decodeValue[Rule](b) }

// Decode fills r from a fib_rule_hdr payload, overwriting every field.
func (r *Rule) Decode(b []byte) error { return decodeObject(r, b, ruleKind) }

var ruleKind = objectKind[Rule]{"fib_rule_hdr", FibRuleHdrLen, ruleTable}

func (r *Rule) header(b []byte) {
	r.Family, r.DstLen, r.SrcLen, r.TOS = b[0], b[1], b[2], b[3]
	r.Table, r.Action = uint32(b[4]), b[7]
	r.Flags = binary.NativeEndian.Uint32(b[8:])
}

func (r *Rule) body() (*[]byte, *[]Malformed) { return &r.Raw, &r.Malformed }
func (r *Rule) where() string                 { return "rule" }

// portRange reads struct fib_rule_port_range (checked by the table against
// the description, and here against its two u16).
func portRange(b []byte) [2]uint16 {
	if len(b) < 4 {
		return [2]uint16{}
	}
	return [2]uint16{binary.NativeEndian.Uint16(b), binary.NativeEndian.Uint16(b[2:])}
}

// ActionName returns "lookup", "goto", "blackhole", ...
func (r *Rule) ActionName() string { return RuleActionName(r.Action) }

// FlagNames returns the rule flag names ("not").
func (r *Rule) FlagNames() []string { return RuleFlagNames(nil, r.Flags) }

// Attrs parses Raw: every attribute the kernel sent, in order.
func (r *Rule) Attrs() ([]nlsock.Attr, error) { return rawAttrs(r.Raw, nil) }

// Unknown returns the attributes that have no field in Rule.
func (r *Rule) Unknown() ([]nlsock.Attr, error) { return rawAttrs(r.Raw, ruleTable().Bound) }
