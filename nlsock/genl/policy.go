//go:build linux

package genl

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
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

// NL_POLICY_TYPE_ATTR_*.
const (
	policyType           uint16 = 1
	policyMinValueS      uint16 = 2
	policyMaxValueS      uint16 = 3
	policyMinValueU      uint16 = 4
	policyMaxValueU      uint16 = 5
	policyMinLength      uint16 = 6
	policyMaxLength      uint16 = 7
	policyPolicyIdx      uint16 = 8
	policyPolicyMaxType  uint16 = 9
	policyBitfield32Mask uint16 = 10
	policyPad            uint16 = 11
	policyMask           uint16 = 12
)

// AttrType is enum netlink_attribute_type.
type AttrType uint32

var attrTypeNames = [...]string{
	"invalid", "flag", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
	"binary", "string", "nul-string", "nested", "nested-array", "bitfield32",
	"sint", "uint",
}

// String names the type as the nlctrl spec does ("u32", "nested-array"), or
// "type N" if unknown.
func (t AttrType) String() string {
	if name := nameIn(attrTypeNames[:], int(t)); name != "" {
		return name
	}
	return fmt.Sprintf("type %d", uint32(t))
}

// parseOpPolicies decodes CTRL_ATTR_OP_POLICY: a nest per operation id, each
// holding CTRL_ATTR_POLICY_DO / _DUMP.
func parseOpPolicies(dst []OpPolicy, b []byte) ([]OpPolicy, error) {
	err := nlsock.WalkAttrs(b, func(op nlsock.Attr) error {
		p := OpPolicy{Op: uint32(op.Type)}
		err := nlsock.WalkAttrs(op.Data, func(a nlsock.Attr) error {
			var err error
			switch a.Type {
			case AttrPolicyDo:
				p.Do, err = u32(a.Data)
				p.HasDo = err == nil
			case AttrPolicyDump:
				p.Dump, err = u32(a.Data)
				p.HasDump = err == nil
			}
			return err
		})
		dst = append(dst, p)
		return err
	})
	return dst, err
}

// parsePolicies decodes CTRL_ATTR_POLICY: policy index → attribute type →
// NL_POLICY_TYPE_ATTR_* attributes.
func parsePolicies(dst []PolicyAttr, b []byte) ([]PolicyAttr, error) {
	return dst, nlsock.WalkAttrs(b, func(set nlsock.Attr) error {
		return nlsock.WalkAttrs(set.Data, func(attr nlsock.Attr) error {
			p := PolicyAttr{Index: uint32(set.Type), Attr: uint32(attr.Type)}
			err := nlsock.WalkAttrs(attr.Data, p.decodeAttr)
			dst = append(dst, p)
			return err
		})
	})
}

func (p *PolicyAttr) decodeAttr(a nlsock.Attr) error {
	var err error
	var v uint64
	switch a.Type {
	case policyType:
		var t uint32
		t, err = u32(a.Data)
		p.Type = AttrType(t)
	case policyMinValueS, policyMaxValueS:
		v, err = uvar(a.Data)
		p.HasRangeS = true
		if a.Type == policyMinValueS {
			p.MinValueS = int64(v)
		} else {
			p.MaxValueS = int64(v)
		}
	case policyMinValueU, policyMaxValueU:
		v, err = uvar(a.Data)
		p.HasRangeU = true
		if a.Type == policyMinValueU {
			p.MinValueU = v
		} else {
			p.MaxValueU = v
		}
	case policyMinLength:
		p.MinLength, err = u32(a.Data)
		p.HasLength = true
	case policyMaxLength:
		p.MaxLength, err = u32(a.Data)
		p.HasLength = true
	case policyPolicyIdx:
		p.Nested, err = u32(a.Data)
		p.HasNested = true
	case policyPolicyMaxType:
		p.NestedMaxType, err = u32(a.Data)
		p.HasNested = true
	case policyBitfield32Mask, policyMask:
		p.Mask, err = uvar(a.Data)
		p.HasMask = true
	case policyPad:
	default:
		p.Unknown = append(p.Unknown, a)
	}
	return err
}

// uvar reads a 4- or 8-byte host-endian integer (the kernel's nla_put_uint
// and the fixed u64 policy bounds).
func uvar(b []byte) (uint64, error) {
	if len(b) == 4 {
		v, err := u32(b)
		return uint64(v), err
	}
	return u64(b)
}
