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

// nlctrl: every level named by genl from its description.
var ctrlSet = &attrSet{name: genl.AttrName}

var (
	ctrlOpsSet      = &attrSet{entry: &attrSet{name: ctrlNames("op-attrs")}}
	ctrlGroupsSet   = &attrSet{entry: &attrSet{name: ctrlNames("mcast-group-attrs")}}
	ctrlOpPolicySet = &attrSet{entry: &attrSet{name: ctrlNames("op-policy-attrs")}}
	// policyAttrSet is what the kernel accepts for one attribute.
	policyAttrSet = &attrSet{name: ctrlNames("policy-attrs")}
)

func ctrlNames(set string) func(uint16) string {
	return func(t uint16) string { return genl.SetAttrName(set, t) }
}

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
