//go:build linux

package explain

import (
	"fmt"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/rtnl"
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

// rtnlPrefixed names the rtnl constants with a prefix ("IFLA_INFO_"), from
// rtnl.Constants.
var rtnlPrefixed = sync.OnceValue(func() map[string]map[uint16]string {
	out := map[string]map[uint16]string{}
	for _, c := range rtnl.Constants() {
		for _, prefix := range []string{"IFLA_INFO_"} {
			if strings.HasPrefix(c.Name, prefix) {
				if out[prefix] == nil {
					out[prefix] = map[uint16]string{}
				}
				out[prefix][uint16(c.Value)] = c.Name
			}
		}
	}
	return out
})

// rtnlSet is the top-level attribute set of an rtnetlink message type.
func rtnlSet(msgType uint16) *attrSet {
	return &attrSet{
		name: func(t uint16) string { return rtnl.AttrName(msgType, t) },
		malformed: func(t uint16, n int) string {
			if m, bad := rtnl.CheckAttr(msgType, t, n); bad {
				return fmt.Sprintf("%d bytes, want %s", m.Len, m.Want)
			}
			return ""
		},
	}
}

var linkSet = rtnlSet(rtnl.RTM_NEWLINK)

func linkInfoSet() *attrSet {
	return &attrSet{name: func(t uint16) string { return rtnlPrefixed()["IFLA_INFO_"][t] }}
}

// afSpecSet: IFLA_AF_SPEC holds one nest per address family.
func afSpecSet() *attrSet {
	return &attrSet{name: func(t uint16) string {
		if t > 255 {
			return ""
		}
		if n := rtnl.FamilyName(uint8(t)); n != "" && n != "unspec" {
			return "AF_" + strings.ToUpper(n)
		}
		return ""
	}}
}

func metricsSet() *attrSet { return &attrSet{name: rtnl.MetricName} }

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
	nftExprSet     = &attrSet{name: table("", "NFTA_EXPR_NAME", "NFTA_EXPR_DATA"), byContent: nftExprByName}
)

// extAckSet is NLMSGERR_ATTR_*, the TLVs after an error's echoed request.
var extAckSet = &attrSet{name: table("", "NLMSGERR_ATTR_MSG", "NLMSGERR_ATTR_OFFS",
	"NLMSGERR_ATTR_COOKIE", "NLMSGERR_ATTR_POLICY", "NLMSGERR_ATTR_MISS_TYPE", "NLMSGERR_ATTR_MISS_NEST")}
