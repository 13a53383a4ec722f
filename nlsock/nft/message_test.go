package nft

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

var ignoreOffset = cmpopts.IgnoreFields(nlsock.Attr{}, "Offset")

func payload(family uint8, fn func(e *nlsock.AttrEncoder)) []byte {
	var e nlsock.AttrEncoder
	fn(&e)
	return append(Header{Family: family, ResID: 7}.Append(nil), e.Bytes()...)
}

func tablePayload() []byte {
	return payload(FamilyINet, func(e *nlsock.AttrEncoder) {
		e.String(AttrTableName, "filter")
		putBE32(e, AttrTableFlags, TableDormant)
		putBE32(e, AttrTableUse, 3)
		putBE64(e, AttrTableHandle, 42)
		e.Raw(99, []byte{1})
	})
}

func chainPayload() []byte {
	return payload(FamilyIPv4, func(e *nlsock.AttrEncoder) {
		e.String(AttrChainTable, "filter")
		putBE64(e, AttrChainHandle, 2)
		e.String(AttrChainName, "input")
		e.Nest(AttrChainHook|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			putBE32(e, AttrHookNum, 1)
			putBE32(e, AttrHookPriority, uint32(0xffffff9c)) // -100
		})
		putBE32(e, AttrChainPolicy, PolicyDrop)
		e.String(AttrChainType, "filter")
		putBE32(e, AttrChainFlags, 1)
		putBE32(e, AttrChainUse, 1)
	})
}

func rulePayload() []byte {
	expr := func(e *nlsock.AttrEncoder, name string, data func(e *nlsock.AttrEncoder)) {
		e.Nest(AttrListElem|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			e.String(AttrExprName, name)
			e.Nest(AttrExprData|nlsock.AttrNested, data)
		})
	}
	return payload(FamilyIPv4, func(e *nlsock.AttrEncoder) {
		e.String(AttrRuleTable, "filter")
		e.String(AttrRuleChain, "input")
		putBE64(e, AttrRuleHandle, 4)
		e.Nest(AttrRuleExpressions|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			expr(e, "payload", func(e *nlsock.AttrEncoder) {
				putBE32(e, 1, 1)
				putBE32(e, 2, 2)
				putBE32(e, 3, 2)
				putBE32(e, 4, 2)
			})
			expr(e, "cmp", func(e *nlsock.AttrEncoder) {
				putBE32(e, 1, 1)
				putBE32(e, 2, 0)
				e.Nest(3|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { e.Raw(attrDataValue, []byte{0, 22}) })
			})
			expr(e, "counter", func(e *nlsock.AttrEncoder) {
				putBE64(e, 1, 100)
				putBE64(e, 2, 2)
			})
			expr(e, "immediate", func(e *nlsock.AttrEncoder) {
				putBE32(e, 1, 0)
				e.Nest(2|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
					e.Nest(attrDataVerdict|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
						putBE32(e, attrVerdictCode, uint32(0xfffffffd)) // jump
						e.String(attrVerdictChain, "other")
					})
				})
			})
			expr(e, "fancy", func(e *nlsock.AttrEncoder) { e.Raw(1, []byte{9}) })
		})
	})
}

func setPayload() []byte {
	return payload(FamilyIPv4, func(e *nlsock.AttrEncoder) {
		e.String(AttrSetTable, "filter")
		e.String(AttrSetName, "blocked")
		putBE32(e, AttrSetFlags, SetInterval|SetTimeout)
		putBE32(e, AttrSetKeyType, 7<<typeBits|13)
		putBE32(e, AttrSetKeyLen, 8)
		putBE64(e, AttrSetHandle, 5)
		e.Nest(AttrSetDesc|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { putBE32(e, 1, 1024) })
		putBE64(e, AttrSetTimeout, 60000)
	})
}

func TestParseMessage(t *testing.T) {
	tests := []struct {
		name    string
		msg     uint8
		payload []byte
		want    Message
	}{
		{"table", MsgNewTable, tablePayload(), Message{Table: &Table{
			Family: FamilyINet, Name: "filter", Flags: TableDormant, Use: 3, Handle: 42,
			Unknown: []nlsock.Attr{{Type: 99, Data: []byte{1}}}}}},
		{"chain", MsgNewChain, chainPayload(), Message{Chain: &Chain{
			Family: FamilyIPv4, Table: "filter", Name: "input", Handle: 2,
			Hook: &Hook{Num: 1, Priority: -100}, Policy: PolicyDrop, HasPolicy: true,
			Type: "filter", Flags: 1, Use: 1}}},
		{"rule", MsgNewRule, rulePayload(), Message{Rule: &Rule{
			Family: FamilyIPv4, Table: "filter", Chain: "input", Handle: 4,
			Expressions: []Expr{
				{Name: "payload", Attrs: ynl.Attrs{"dreg": uint64(1), "base": "transport", "offset": uint64(2), "len": uint64(2)}},
				{Name: "cmp", Attrs: ynl.Attrs{"sreg": uint64(1), "op": "eq", "data": ynl.Attrs{"value": []byte{0, 22}}}},
				{Name: "counter", Attrs: ynl.Attrs{"bytes": uint64(100), "packets": uint64(2)}},
				{Name: "immediate", Attrs: ynl.Attrs{"dreg": uint64(0), "data": ynl.Attrs{"verdict": ynl.Attrs{"code": "jump", "chain": "other"}}}},
				{Name: "fancy"},
			}}}},
		{"set", MsgNewSet, setPayload(), Message{Set: &Set{
			Family: FamilyIPv4, Table: "filter", Name: "blocked", Flags: SetInterval | SetTimeout,
			KeyType: 7<<typeBits | 13, KeyLen: 8, Handle: 5, Size: 1024, Timeout: 60000}}},
		{"elements", MsgNewSetElem, payload(FamilyIPv4, func(e *nlsock.AttrEncoder) {
			e.String(AttrSetElemListTable, "t")
			e.String(AttrSetElemListSet, "m")
			e.Nest(AttrSetElemListElements|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
				e.Nest(AttrListElem|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
					e.Nest(attrElemKey|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { e.Raw(attrDataValue, []byte{10, 0, 0, 1}) })
					e.Nest(attrElemData|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
						e.Nest(attrDataVerdict|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { putBE32(e, attrVerdictCode, 1) })
					})
					putBE32(e, attrElemFlags, SetElemIntervalEnd)
					putBE64(e, attrElemTimeout, 5000)
				})
			})
		}), Message{Elems: &SetElems{Family: FamilyIPv4, Table: "t", Set: "m", Elements: []SetElem{
			{Key: []byte{10, 0, 0, 1}, Data: "accept", Flags: SetElemIntervalEnd, Timeout: 5000}}}}},
		{"gen", MsgNewGen, payload(0, func(e *nlsock.AttrEncoder) {
			putBE32(e, attrGenID, 9)
			putBE32(e, attrGenProcPID, 100)
			e.String(attrGenProcName, "nft")
		}), Message{Gen: &Gen{ID: 9, PID: 100, ProcName: "nft"}}},
		{"other", MsgNewObj, payload(0, func(e *nlsock.AttrEncoder) { e.String(1, "t") }),
			Message{Attrs: []nlsock.Attr{{Type: 1, Data: []byte("t\x00")}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMessage(Type(tt.msg), tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Type, tt.want.Msg, tt.want.Name = Type(tt.msg), tt.msg, MsgName(Type(tt.msg))
			tt.want.Header = got.Header
			if diff := cmp.Diff(tt.want, got, ignoreOffset, cmpopts.IgnoreFields(Expr{}, "Data")); diff != "" {
				t.Errorf("ParseMessage (-want +got):\n%s", diff)
			}
			if got.Header.ResID != 7 {
				t.Errorf("res_id = %d, want 7", got.Header.ResID)
			}
			if tt.name != "other" && got.Object() != tt.name {
				t.Errorf("Object() = %q", got.Object())
			}
		})
	}
}

func TestParseMessageMalformed(t *testing.T) {
	chain := chainPayload()
	tests := []struct {
		name    string
		typ     uint16
		payload []byte
		wantErr string
	}{
		{"short header", Type(MsgNewTable), []byte{1}, "nfgenmsg needs 4 bytes"},
		{"other subsystem", 1 << 8 /* ctnetlink's message 0 */, tablePayload(), "not nf_tables"},
		{"short handle", Type(MsgNewTable), payload(0, func(e *nlsock.AttrEncoder) { e.Raw(AttrTableHandle, []byte{1}) }),
			"NFTA_TABLE_HANDLE at offset 4: be64 needs 8 bytes"},
		{"truncated chain", Type(MsgNewChain), chain[:len(chain)-2], "exceeds"},
		{"bad cmp op", Type(MsgNewRule), payload(0, func(e *nlsock.AttrEncoder) {
			e.Nest(AttrRuleExpressions, func(e *nlsock.AttrEncoder) {
				e.Nest(AttrListElem, func(e *nlsock.AttrEncoder) {
					e.String(AttrExprName, "cmp")
					e.Nest(AttrExprData, func(e *nlsock.AttrEncoder) { e.Raw(2, []byte{1}) })
				})
			})
		}), "cmp expression op: u32 of 1 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMessage(tt.typ, tt.payload)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestNames(t *testing.T) {
	tests := []struct{ got, want string }{
		{MsgName(Type(MsgNewTable)), "NFT_MSG_NEWTABLE"},
		{MsgName(Type(MsgGetSetElemReset)), "NFT_MSG_GETSETELEM_RESET"},
		{MsgName(MsgBatchBegin), "NFNL_MSG_BATCH_BEGIN"},
		{MsgName(Type(200)), ""},
		{MsgName(1 << 8), "IPCTNL_MSG_CT_NEW"},
		{MsgName(3 << 8), ""},
		{FamilyName(FamilyIPv6), "ip6"},
		{FamilyName(4), "family 4"},
		{HookName(FamilyINet, 5), "ingress"},
		{HookName(FamilyARP, 1), "output"},
		{HookName(FamilyNetdev, 0), "ingress"},
		{HookName(FamilyIPv4, 9), ""},
		{TypeName(7), "ipv4_addr"},
		{TypeName(7<<typeBits | 13), "ipv4_addr . inet_service"},
		{TypeName(63), "type 63"},
		{VerdictName(-5), "return"},
		{VerdictName(77), "verdict 77"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if f, ok := ParseFamily("bridge"); !ok || f != FamilyBridge {
		t.Error("ParseFamily(bridge)")
	}
	if typ, err := ParseMsgName("deltable"); err != nil || typ != Type(MsgDelTable) {
		t.Errorf("ParseMsgName = %v, %v", typ, err)
	}
	if _, err := ParseMsgName("NFT_MSG_NOPE"); err == nil {
		t.Error("ParseMsgName(NOPE) succeeded")
	}
	c := Chain{Flags: 1, HasPolicy: true, Policy: PolicyAccept}
	if c.PolicyName() != "accept" || cmp.Diff([]string{"base"}, c.FlagNames()) != "" {
		t.Errorf("chain names %q %q", c.PolicyName(), c.FlagNames())
	}
	s := Set{Flags: SetMap | 0x1000}
	if diff := cmp.Diff([]string{"map", "0x1000"}, s.FlagNames()); diff != "" {
		t.Error(diff)
	}
}

func TestBatchMessages(t *testing.T) {
	var b Batch
	b.AddTable(FamilyINet, "t", 0)
	pol := PolicyDrop
	b.AddChain(ChainSpec{Family: FamilyINet, Table: "t", Name: "c", Type: "filter", Hook: &Hook{Num: 1, Priority: 0}, Policy: &pol})
	b.DelTable(FamilyINet, "t")
	n := uint32(0)
	msgs, err := b.Messages(func() uint32 { n++; return n })
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 5 || b.Len() != 3 {
		t.Fatalf("%d messages for %d changes", len(msgs), b.Len())
	}
	if msgs[0].Header.Type != MsgBatchBegin || msgs[4].Header.Type != MsgBatchEnd {
		t.Errorf("types %#x .. %#x", msgs[0].Header.Type, msgs[4].Header.Type)
	}
	if h, _, _ := ParseHeader(msgs[0].Payload); h.ResID != uint16(SubsysNFTables) {
		t.Errorf("begin res_id %d", h.ResID)
	}
	for i, m := range msgs {
		if m.Header.Seq != uint32(i+1) {
			t.Errorf("msg %d seq %d", i, m.Header.Seq)
		}
	}
	// The encoded changes decode back to what was asked.
	got, err := ParseMessage(msgs[2].Header.Type, msgs[2].Payload)
	if err != nil {
		t.Fatal(err)
	}
	want := &Chain{Family: FamilyINet, Table: "t", Name: "c", Type: "filter", Hook: &Hook{Num: 1}, HasPolicy: true, Policy: PolicyDrop}
	if diff := cmp.Diff(want, got.Chain); diff != "" {
		t.Errorf("chain (-want +got):\n%s", diff)
	}
	if msgs[1].Header.Flags != nlsock.FlagRequest|nlsock.FlagAck|nlsock.FlagCreate|nlsock.FlagExcl {
		t.Errorf("table flags %#x", msgs[1].Header.Flags)
	}
}

func TestAttrName(t *testing.T) {
	tests := []struct {
		msg  uint8
		typ  uint16
		want string
	}{
		{MsgNewTable, AttrTableName, "NFTA_TABLE_NAME"},
		{MsgDelChain, AttrChainHook, "NFTA_CHAIN_HOOK"},
		{MsgNewRule, AttrRuleExpressions, "NFTA_RULE_EXPRESSIONS"},
		{MsgGetSet, AttrSetKeyType, "NFTA_SET_KEY_TYPE"},
		{MsgNewSetElem, AttrSetElemListElements, "NFTA_SET_ELEM_LIST_ELEMENTS"},
		{MsgNewGen, 3, "NFTA_GEN_PROC_NAME"},
		{MsgNewTable, 99, ""},
		{MsgNewObj, 1, ""},
	}
	for _, tt := range tests {
		if got := AttrName(tt.msg, tt.typ); got != tt.want {
			t.Errorf("AttrName(%d, %d) = %q, want %q", tt.msg, tt.typ, got, tt.want)
		}
	}
}
