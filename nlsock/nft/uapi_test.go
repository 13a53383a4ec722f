package nft

import (
	"encoding/binary"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	"golang.org/x/sys/unix"
)

// The attribute numbers of include/uapi/linux/netfilter/nf_tables.h that
// the tests build messages with: an independent copy, which
// TestUAPIAgreesWithDescription checks the description against (the
// package itself reads every number from the description).
const (
	AttrTableName   uint16 = 1
	AttrTableFlags  uint16 = 2
	AttrTableUse    uint16 = 3
	AttrTableHandle uint16 = 4

	AttrChainTable  uint16 = 1
	AttrChainHandle uint16 = 2
	AttrChainName   uint16 = 3
	AttrChainHook   uint16 = 4
	AttrChainPolicy uint16 = 5
	AttrChainUse    uint16 = 6
	AttrChainType   uint16 = 7
	AttrChainFlags  uint16 = 10

	AttrHookNum      uint16 = 1
	AttrHookPriority uint16 = 2

	AttrRuleTable       uint16 = 1
	AttrRuleChain       uint16 = 2
	AttrRuleHandle      uint16 = 3
	AttrRuleExpressions uint16 = 4

	AttrSetTable   uint16 = 1
	AttrSetName    uint16 = 2
	AttrSetFlags   uint16 = 3
	AttrSetKeyType uint16 = 4
	AttrSetKeyLen  uint16 = 5
	AttrSetDesc    uint16 = 9
	AttrSetTimeout uint16 = 11
	AttrSetHandle  uint16 = 16

	AttrSetElemListTable    uint16 = 1
	AttrSetElemListSet      uint16 = 2
	AttrSetElemListElements uint16 = 3

	attrElemKey     uint16 = 1
	attrElemData    uint16 = 2
	attrElemFlags   uint16 = 3
	attrElemTimeout uint16 = 4

	attrDataValue    uint16 = 1
	attrDataVerdict  uint16 = 2
	attrVerdictCode  uint16 = 1
	attrVerdictChain uint16 = 2

	attrGenID       uint16 = 1
	attrGenProcPID  uint16 = 2
	attrGenProcName uint16 = 3
)

func putBE32(e *nlsock.AttrEncoder, typ uint16, v uint32) {
	e.Raw(typ, binary.BigEndian.AppendUint32(nil, v))
}

func putBE64(e *nlsock.AttrEncoder, typ uint16, v uint64) {
	e.Raw(typ, binary.BigEndian.AppendUint64(nil, v))
}

// TestUAPIAgreesWithDescription checks the uapi numbers above, and the
// three the package exports for explain, against the description's
// names: a renumbered or renamed attribute in nft.yaml fails here.
func TestUAPIAgreesWithDescription(t *testing.T) {
	for set, attrs := range map[string]map[string]uint16{
		"table-attrs": {"NFTA_TABLE_NAME": AttrTableName, "NFTA_TABLE_FLAGS": AttrTableFlags,
			"NFTA_TABLE_USE": AttrTableUse, "NFTA_TABLE_HANDLE": AttrTableHandle, "NFTA_TABLE_USERDATA": 6, "NFTA_TABLE_OWNER": 7},
		"chain-attrs": {"NFTA_CHAIN_TABLE": AttrChainTable, "NFTA_CHAIN_HANDLE": AttrChainHandle,
			"NFTA_CHAIN_NAME": AttrChainName, "NFTA_CHAIN_HOOK": AttrChainHook, "NFTA_CHAIN_POLICY": AttrChainPolicy,
			"NFTA_CHAIN_USE": AttrChainUse, "NFTA_CHAIN_TYPE": AttrChainType, "NFTA_CHAIN_COUNTERS": 8,
			"NFTA_CHAIN_FLAGS": AttrChainFlags, "NFTA_CHAIN_ID": 11, "NFTA_CHAIN_USERDATA": 12},
		"hook-attrs": {"NFTA_HOOK_HOOKNUM": AttrHookNum, "NFTA_HOOK_PRIORITY": AttrHookPriority,
			"NFTA_HOOK_DEV": 3, "NFTA_HOOK_DEVS": 4},
		"rule-attrs": {"NFTA_RULE_TABLE": AttrRuleTable, "NFTA_RULE_CHAIN": AttrRuleChain,
			"NFTA_RULE_HANDLE": AttrRuleHandle, "NFTA_RULE_EXPRESSIONS": AttrRuleExpressions,
			"NFTA_RULE_POSITION": 6, "NFTA_RULE_USERDATA": 7, "NFTA_RULE_ID": 9},
		"expr-list-attrs": {"NFTA_LIST_ELEM": AttrListElem},
		"expr-attrs":      {"NFTA_EXPR_NAME": AttrExprName, "NFTA_EXPR_DATA": AttrExprData},
		"set-attrs": {"NFTA_SET_TABLE": AttrSetTable, "NFTA_SET_NAME": AttrSetName, "NFTA_SET_FLAGS": AttrSetFlags,
			"NFTA_SET_KEY_TYPE": AttrSetKeyType, "NFTA_SET_KEY_LEN": AttrSetKeyLen, "NFTA_SET_DESC": AttrSetDesc,
			"NFTA_SET_TIMEOUT": AttrSetTimeout, "NFTA_SET_HANDLE": AttrSetHandle, "NFTA_SET_GC_INTERVAL": 12,
			"NFTA_SET_OBJ_TYPE": 15, "NFTA_SET_EXPR": 17, "NFTA_SET_EXPRESSIONS": 18},
		"set-desc-attrs": {"NFTA_SET_DESC_SIZE": 1},
		"setelem-list-attrs": {"NFTA_SET_ELEM_LIST_TABLE": AttrSetElemListTable, "NFTA_SET_ELEM_LIST_SET": AttrSetElemListSet,
			"NFTA_SET_ELEM_LIST_ELEMENTS": AttrSetElemListElements, "NFTA_SET_ELEM_LIST_SET_ID": 4},
		"setelem-attrs": {"NFTA_SET_ELEM_KEY": attrElemKey, "NFTA_SET_ELEM_DATA": attrElemData,
			"NFTA_SET_ELEM_FLAGS": attrElemFlags, "NFTA_SET_ELEM_TIMEOUT": attrElemTimeout, "NFTA_SET_ELEM_EXPIRATION": 5,
			"NFTA_SET_ELEM_OBJREF": 9, "NFTA_SET_ELEM_KEY_END": 10, "NFTA_SET_ELEM_EXPRESSIONS": 11},
		"gen-attrs": {"NFTA_GEN_ID": attrGenID, "NFTA_GEN_PROC_PID": attrGenProcPID, "NFTA_GEN_PROC_NAME": attrGenProcName},
		"obj-attrs": {"NFTA_OBJ_TABLE": 1, "NFTA_OBJ_TYPE": 3, "NFTA_OBJ_DATA": 4, "NFTA_OBJ_HANDLE": 6, "NFTA_OBJ_USERDATA": 8},
		"flowtable-attrs": {"NFTA_FLOWTABLE_TABLE": 1, "NFTA_FLOWTABLE_HOOK": 3, "NFTA_FLOWTABLE_HANDLE": 5,
			"NFTA_FLOWTABLE_FLAGS": 7},
		"ct-helper-attrs": {"NFTA_CT_HELPER_NAME": 1, "NFTA_CT_HELPER_L3PROTO": 2, "NFTA_CT_HELPER_L4PROTO": 3},
	} {
		s := builtin.MustSet(description, set)
		for name, num := range attrs {
			a, ok := s.ByType(num)
			if !ok || s.CName(a) != name {
				t.Errorf("%s: %s is %d in nf_tables.h; the description has %v there", set, name, num, a)
			}
		}
	}
}

// The family constants the code names are nft.yaml's values, checked
// against unix's (from the kernel headers): FamilyName spells the
// description's family enum.
func TestFamiliesDescribed(t *testing.T) {
	for _, c := range []struct {
		name        string
		value, unix uint8
	}{
		{"inet", FamilyINet, unix.NFPROTO_INET}, {"ip", FamilyIPv4, unix.NFPROTO_IPV4},
		{"arp", FamilyARP, unix.NFPROTO_ARP}, {"netdev", FamilyNetdev, unix.NFPROTO_NETDEV},
		{"bridge", FamilyBridge, unix.NFPROTO_BRIDGE}, {"ip6", FamilyIPv6, unix.NFPROTO_IPV6},
	} {
		if v, ok := builtin.MustEnum("nft", "family").Lookup(c.name); !ok || v != uint64(c.value) || c.value != c.unix {
			t.Errorf("family %s: nft.yaml %d (%v), constant %d, unix %d", c.name, v, ok, c.value, c.unix)
		}
		if FamilyName(c.value) != c.name {
			t.Errorf("FamilyName(%d) = %q, want %q", c.value, FamilyName(c.value), c.name)
		}
	}
	if FamilyName(FamilyUnspec) != "unspec" || unix.NFPROTO_UNSPEC != FamilyUnspec {
		t.Errorf("FamilyName(0) = %q", FamilyName(FamilyUnspec))
	}
}

// Table, chain and set flags are named by nft.yaml's flags definitions,
// with unix's bits.
func TestFlagsDescribed(t *testing.T) {
	tb := Table{Flags: unix.NFT_TABLE_F_DORMANT | 4 | 0x10}
	if got := tb.FlagNames(); len(got) != 3 || got[0] != "dormant" || got[1] != "persist" || got[2] != "0x10" {
		t.Errorf("table flags %q", got)
	}
	c := Chain{Flags: 4} // NFT_CHAIN_BINDING
	if got := c.FlagNames(); len(got) != 1 || got[0] != "binding" {
		t.Errorf("chain flags %q", got)
	}
	s := Set{Flags: 0x100 | unix.NFT_SET_TIMEOUT} // NFT_SET_EXPR
	if got := s.FlagNames(); len(got) != 2 || got[0] != "timeout" || got[1] != "expr" {
		t.Errorf("set flags %q", got)
	}
}

// Verdicts are named by nft.yaml's verdict-code, with unix's numbers (and
// linux/netfilter.h's NF_*, which unix lacks: 0 drop ... 4 repeat).
func TestVerdictsDescribed(t *testing.T) {
	for code, want := range map[int32]string{0: "drop", 1: "accept", 2: "stolen",
		3: "queue", 4: "repeat", unix.NFT_CONTINUE: "continue", unix.NFT_BREAK: "break",
		unix.NFT_JUMP: "jump", unix.NFT_GOTO: "goto", unix.NFT_RETURN: "return", 7: "verdict 7"} {
		if got := VerdictName(code); got != want {
			t.Errorf("VerdictName(%d) = %q, want %q", code, got, want)
		}
	}
}
