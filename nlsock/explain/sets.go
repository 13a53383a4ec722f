//go:build linux

package explain

import (
	"github.com/nlsh/nlsh/nlsock/genl"
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

// extAckSet is NLMSGERR_ATTR_*, the TLVs after an error's echoed request.
var extAckSet = &attrSet{name: table("", "NLMSGERR_ATTR_MSG", "NLMSGERR_ATTR_OFFS",
	"NLMSGERR_ATTR_COOKIE", "NLMSGERR_ATTR_POLICY", "NLMSGERR_ATTR_MISS_TYPE", "NLMSGERR_ATTR_MISS_NEST")}
