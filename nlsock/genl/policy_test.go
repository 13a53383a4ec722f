package genl

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
)

func TestParsePolicy(t *testing.T) {
	var e nlsock.AttrEncoder
	e.Uint16(AttrFamilyID, CtrlID)
	e.Nest(AttrOpPolicy|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
		e.Nest(3|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			e.Uint32(AttrPolicyDo, 0)
			e.Uint32(AttrPolicyDump, 1)
		})
	})
	e.Nest(AttrPolicy|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
		e.Nest(0|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			e.Nest(1|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
				e.Uint32(policyType, uint32(3)) // u16
				e.Uint64(policyMinValueU, 0)
				e.Uint64(policyMaxValueU, 65535)
			})
			e.Nest(2|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
				e.Uint32(policyType, 12) // nul-string
				e.Uint32(policyMaxLength, 15)
				e.Uint32(99, 5) // a newer kernel's: kept, not dropped
			})
			e.Nest(6|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
				e.Uint32(policyType, 13) // nested
				e.Uint32(policyPolicyIdx, 1)
				e.Uint32(policyPolicyMaxType, 2)
			})
			e.Nest(7|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
				e.Uint32(policyType, 8) // s32
				e.Uint64(policyMinValueS, uint64(0xffffffffffffff80))
				e.Uint64(policyMaxValueS, 127)
				e.Uint64(policyMask, 0xff) // nla_put_u64_64bit
				e.Flag(policyPad)
			})
		})
	})
	payload := append(Header{Command: CmdGetPolicy, Version: 1}.Append(nil), e.Bytes()...)
	got, err := ParseFamily(payload)
	if err != nil {
		t.Fatal(err)
	}
	wantOps := []OpPolicy{{Op: 3, Do: 0, HasDo: true, Dump: 1, HasDump: true}}
	wantAttrs := []PolicyAttr{
		{Index: 0, Attr: 1, Type: 3, MaxValueU: 65535, HasRangeU: true},
		{Index: 0, Attr: 2, Type: 12, MaxLength: 15, HasLength: true,
			Unknown: []nlsock.Attr{{Type: 99, Data: []byte{5, 0, 0, 0}, Offset: 16}}},
		{Index: 0, Attr: 6, Type: 13, Nested: 1, NestedMaxType: 2, HasNested: true},
		{Index: 0, Attr: 7, Type: 8, MinValueS: -128, MaxValueS: 127, HasRangeS: true, Mask: 0xff, HasMask: true},
	}
	if diff := cmp.Diff(wantOps, got.OpPolicies); diff != "" {
		t.Errorf("OpPolicies (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantAttrs, got.Policies); diff != "" {
		t.Errorf("Policies (-want +got):\n%s", diff)
	}
	if got.ID != CtrlID {
		t.Errorf("ID = %d", got.ID)
	}
}
