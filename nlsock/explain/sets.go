//go:build linux

package explain

import (
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nft"
)

// table names attribute types from a slice indexed by type ("" = unknown).
func table(names ...string) func(uint16) string {
	return func(t uint16) string {
		if int(t) < len(names) {
			return names[t]
		}
		return ""
	}
}

// nlctrl: top level from genl; the nests' members by the genl constants.
var ctrlSet = &attrSet{name: genl.AttrName}

// listOf is a list (CTRL_ATTR_OPS, CTRL_ATTR_MCAST_GROUPS, ...) whose
// entries' members are named by names.
func listOf(names map[uint16]string) *attrSet {
	return &attrSet{entry: &attrSet{name: func(t uint16) string { return names[t] }}}
}

var (
	ctrlOpsSet    = listOf(map[uint16]string{genl.AttrOpID: "CTRL_ATTR_OP_ID", genl.AttrOpFlags: "CTRL_ATTR_OP_FLAGS"})
	ctrlGroupsSet = listOf(map[uint16]string{genl.AttrMcastGrpName: "CTRL_ATTR_MCAST_GRP_NAME",
		genl.AttrMcastGrpID: "CTRL_ATTR_MCAST_GRP_ID"})
	ctrlOpPolicySet = listOf(map[uint16]string{genl.AttrPolicyDo: "CTRL_ATTR_POLICY_DO",
		genl.AttrPolicyDump: "CTRL_ATTR_POLICY_DUMP"})
)

// policyAttrSet is NL_POLICY_TYPE_ATTR_* (include/uapi/linux/netlink.h):
// what the kernel accepts for one attribute.
var policyAttrSet = &attrSet{name: table("", "NL_POLICY_TYPE_ATTR_TYPE",
	"NL_POLICY_TYPE_ATTR_MIN_VALUE_S", "NL_POLICY_TYPE_ATTR_MAX_VALUE_S",
	"NL_POLICY_TYPE_ATTR_MIN_VALUE_U", "NL_POLICY_TYPE_ATTR_MAX_VALUE_U",
	"NL_POLICY_TYPE_ATTR_MIN_LENGTH", "NL_POLICY_TYPE_ATTR_MAX_LENGTH",
	"NL_POLICY_TYPE_ATTR_POLICY_IDX", "NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE",
	"NL_POLICY_TYPE_ATTR_BITFIELD32_MASK", "NL_POLICY_TYPE_ATTR_PAD", "NL_POLICY_TYPE_ATTR_MASK")}

// ctrlPolicySet: CTRL_ATTR_POLICY is policy index -> attribute -> policy.
var ctrlPolicySet = &attrSet{entry: &attrSet{entry: policyAttrSet}}

// nf_tables: top level from nft; nests here.
func nftSet(msg uint8) *attrSet {
	return &attrSet{name: func(t uint16) string { return nft.AttrName(msg, t) }}
}

var (
	nftHookSet     = &attrSet{name: nft.HookAttrName}
	nftCounterSet  = &attrSet{name: table("", "NFTA_COUNTER_BYTES", "NFTA_COUNTER_PACKETS")}
	nftExprListSet = &attrSet{name: table("", "NFTA_LIST_ELEM")}
)

// nftExprSet is one expression: its data laid out by its name (a function:
// the layout is built from the walker's own sets, which name it).
func nftExprSet() *attrSet {
	return &attrSet{name: table("", "NFTA_EXPR_NAME", "NFTA_EXPR_DATA"), byContent: nftExprByName}
}

// extAckSet is NLMSGERR_ATTR_*, the TLVs after an error's echoed request.
var extAckSet = &attrSet{name: table("", "NLMSGERR_ATTR_MSG", "NLMSGERR_ATTR_OFFS",
	"NLMSGERR_ATTR_COOKIE", "NLMSGERR_ATTR_POLICY", "NLMSGERR_ATTR_MISS_TYPE", "NLMSGERR_ATTR_MISS_NEST")}
