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

// ruleBindings bind rt-rule's fib-rule-attrs, and the family header, to
// Rule's fields: the everyday ones first, in RuleSummary's order.
func ruleBindings() []binding[Rule] {
	return []binding[Rule]{
		header("family", func(r *Rule) Value { return Value{Kind: EnumValue, U: uint64(r.Family), S: FamilyName(r.Family)} }),
		// read as 0 when absent: the kernel omits priority 0
		{Field: ynl.Field[Rule]{Name: "priority", Set: func(r *Rule, _ []byte, n uint64) { r.Priority, r.HasPriority = uint32(n), true }},
			field: Field[Rule]{Get: func(r *Rule) Value { return Value{Kind: UintValue, U: uint64(r.Priority)} }}},
		uintAttr("table", func(r *Rule) *uint32 { return &r.Table }), // the header's table unless sent
		header("action", func(r *Rule) Value { return Value{Kind: NameValue, S: RuleActionName(r.Action)} }),
		{Field: ynl.Field[Rule]{Name: "src", Set: func(r *Rule, b []byte, _ uint64) { r.Src, _ = ipAddr(b) }},
			field: Field[Rule]{Get: func(r *Rule) Value { return prefixOrNone(r.Src, r.SrcLen) }}},
		{Field: ynl.Field[Rule]{Name: "dst", Set: func(r *Rule, b []byte, _ uint64) { r.Dst, _ = ipAddr(b) }},
			field: Field[Rule]{Get: func(r *Rule) Value { return prefixOrNone(r.Dst, r.DstLen) }}},
		nameAttr("iifname", func(r *Rule) *string { return &r.IIFName }, cstring),
		nameAttr("oifname", func(r *Rule) *string { return &r.OIFName }, cstring),
		{Field: ynl.Field[Rule]{Name: "fwmark", Set: func(r *Rule, _ []byte, n uint64) { r.FwMark, r.HasFwMark = uint32(n), true }},
			field: Field[Rule]{Get: func(r *Rule) Value {
				if !r.HasFwMark {
					return Value{}
				}
				return Value{Kind: UintValue, U: uint64(r.FwMark)}
			}}},

		header("table_name", func(r *Rule) Value { return Value{Kind: NameValue, S: TableName(r.Table)} }),
		{field: Field[Rule]{Name: "flags", Get: func(r *Rule) Value { return Value{Kind: FlagsValue, U: uint64(r.Flags)} }, Flags: ruleFlags.get}},
		uintAttr("fwmask", func(r *Rule) *uint32 { return &r.FwMask }),
		uintAttr("goto", func(r *Rule) *uint32 { return &r.Goto }),
		header("tos", func(r *Rule) Value { return Value{Kind: UintValue, U: uint64(r.TOS)} }),
		uintAttr("tun-id", func(r *Rule) *uint64 { return &r.TunID }),
		uintAttr("suppress-ifgroup", func(r *Rule) *uint32 { return &r.SuppressIfGroup }),
		uintAttr("suppress-prefixlen", func(r *Rule) *uint32 { return &r.SuppressPrefixLen }),
		uintAttr("l3mdev", func(r *Rule) *uint8 { return &r.L3MDev }),
		uintAttr("protocol", func(r *Rule) *uint8 { return &r.Protocol }),
		uintAttr("ip-proto", func(r *Rule) *uint8 { return &r.IPProto }),
		header("fib_flags", func(r *Rule) Value { return Value{Kind: UintValue, U: uint64(r.Flags)} }),
		{Field: ynl.Field[Rule]{Name: "uid-range", Set: func(r *Rule, b []byte, _ uint64) {
			r.HasUIDRange = readU32s(b, &r.UIDRange[0], &r.UIDRange[1])
		}}},
		{Field: ynl.Field[Rule]{Name: "sport-range", Set: func(r *Rule, b []byte, _ uint64) { r.SportRange = portRange(b) }}},
		{Field: ynl.Field[Rule]{Name: "dport-range", Set: func(r *Rule, b []byte, _ uint64) { r.DportRange = portRange(b) }}},
	}
}

var ruleKind = objectKind[Rule]{hdrName: "fib_rule_hdr", hdrLen: FibRuleHdrLen, family: "rt-rule", attrs: "fib-rule-attrs", bindings: ruleBindings}

// RuleFields are a rule's fields, in order: the everyday ones first.
func RuleFields() []Field[Rule] { return ruleKind.fieldList() }

// RuleSummary is how many of RuleFields are a rule's everyday fields,
// those Lua tables build at once.
const RuleSummary = 9

// RuleColumns are the fields a table of rules shows.
var RuleColumns = []string{"priority", "family", "src", "dst", "iifname", "oifname", "fwmark", "table", "action"}

// DecodeRule decodes an RTM_NEWRULE (or DELRULE) payload.
func DecodeRule(b []byte) (Rule, error) { return decodeValue[Rule](b) }

// Decode fills r from a fib_rule_hdr payload, overwriting every field.
func (r *Rule) Decode(b []byte) error { return decodeObject(r, b, &ruleKind) }

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
func (r *Rule) Unknown() ([]nlsock.Attr, error) { return rawAttrs(r.Raw, ruleKind.table().Bound) }
