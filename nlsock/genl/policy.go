//go:build linux

package genl

import (
	"fmt"
	"sync"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// OpPolicy says which policy (an index into the family's PolicyAttr set)
// validates an operation's do and dump requests.
type OpPolicy struct {
	Op      uint32
	Do      uint32
	HasDo   bool
	Dump    uint32
	HasDump bool
}

// PolicyAttr is the policy of one attribute in one policy set, as
// CTRL_CMD_GETPOLICY reports it (NL_POLICY_TYPE_ATTR_*).
type PolicyAttr struct {
	Index uint32 // policy set index
	Attr  uint32 // attribute type within the set
	Type  AttrType

	MinValueS, MaxValueS int64 // signed bounds, if HasRangeS
	HasRangeS            bool
	MinValueU, MaxValueU uint64 // unsigned bounds, if HasRangeU
	HasRangeU            bool
	MinLength, MaxLength uint32 // if HasLength
	HasLength            bool
	Nested               uint32 // policy index of a nested attribute, if HasNested
	NestedMaxType        uint32
	HasNested            bool
	Mask                 uint64 // bitfield32 or integer mask, if HasMask
	HasMask              bool

	Unknown []nlsock.Attr
}

// AttrType is enum netlink_attribute_type.
type AttrType uint32

// attrTypes is the description's attr-type.
var attrTypes = sync.OnceValue(func() *ynl.Enum { return description().Enums["attr-type"] })

// String names the type as the nlctrl spec does ("u32", "nested-array"), or
// "type N" if unknown.
func (t AttrType) String() string {
	if name, ok := attrTypes().NameOf(uint64(t)); ok {
		return name
	}
	return fmt.Sprintf("type %d", uint32(t))
}

// opPolicies decodes CTRL_ATTR_OP_POLICY: a nest per operation id, each
// holding op-policy-attrs.
func (d *decoding) opPolicies(b []byte, _ uint64) {
	const nest = "CTRL_ATTR_OP_POLICY"
	it := nlsock.AttrIter{B: b}
	for op, data, ok := it.Next(); ok; op, data, ok = it.Next() {
		d.OpPolicies = append(d.OpPolicies, OpPolicy{Op: uint32(op)})
		var bad []ynl.Malformed
		err := opPolicyTable().Walk(&d.OpPolicies[len(d.OpPolicies)-1], data, 0, &bad)
		d.Note(nest, err, bad)
	}
	d.Note(nest, it.Err, nil)
}

var opPolicyTable = builtin.LazyTable(CtrlName, "op-policy-attrs", []ynl.Field[OpPolicy]{
	{Name: "do", Set: func(p *OpPolicy, _ []byte, n uint64) { p.Do, p.HasDo = uint32(n), true }},
	{Name: "dump", Set: func(p *OpPolicy, _ []byte, n uint64) { p.Dump, p.HasDump = uint32(n), true }},
}...)

// policies decodes CTRL_ATTR_POLICY: policy index, then attribute type,
// then policy-attrs.
func (d *decoding) policies(b []byte, _ uint64) {
	const nest = "CTRL_ATTR_POLICY"
	sets := nlsock.AttrIter{B: b}
	for set, attrs, ok := sets.Next(); ok; set, attrs, ok = sets.Next() {
		it := nlsock.AttrIter{B: attrs}
		for attr, data, ok := it.Next(); ok; attr, data, ok = it.Next() {
			d.Policies = append(d.Policies, PolicyAttr{Index: uint32(set), Attr: uint32(attr)})
			p := &d.Policies[len(d.Policies)-1]
			var bad []ynl.Malformed
			err := policyTable().Walk(p, data, 0, &bad)
			d.Note(nest, err, bad)
			p.Unknown = unknownAttrs(data, policyTable().Bound)
		}
		d.Note(nest, it.Err, nil)
	}
	d.Note(nest, sets.Err, nil)
}

var policyTable = builtin.LazyTable(CtrlName, "policy-attrs", []ynl.Field[PolicyAttr]{
	{Name: "type", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.Type = AttrType(n) }},
	{Name: "min-value-s", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.MinValueS, p.HasRangeS = int64(n), true }},
	{Name: "max-value-s", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.MaxValueS, p.HasRangeS = int64(n), true }},
	{Name: "min-value-u", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.MinValueU, p.HasRangeU = n, true }},
	{Name: "max-value-u", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.MaxValueU, p.HasRangeU = n, true }},
	{Name: "min-length", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.MinLength, p.HasLength = uint32(n), true }},
	{Name: "max-length", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.MaxLength, p.HasLength = uint32(n), true }},
	{Name: "policy-idx", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.Nested, p.HasNested = uint32(n), true }},
	{Name: "policy-maxtype", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.NestedMaxType, p.HasNested = uint32(n), true }},
	{Name: "bitfield32-mask", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.Mask, p.HasMask = n, true }},
	{Name: "mask", Set: func(p *PolicyAttr, _ []byte, n uint64) { p.Mask, p.HasMask = n, true }},
	{Name: "pad", Set: func(*PolicyAttr, []byte, uint64) {}},
}...)
