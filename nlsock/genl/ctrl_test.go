package genl

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// NL_POLICY_TYPE_ATTR_* (include/uapi/linux/netlink.h), for the tests
// that build policy replies: an independent copy, so that a description
// that numbers one wrongly fails them.
const (
	policyType          uint16 = 1
	policyMinValueS     uint16 = 2
	policyMaxValueS     uint16 = 3
	policyMinValueU     uint16 = 4
	policyMaxValueU     uint16 = 5
	policyMinLength     uint16 = 6
	policyMaxLength     uint16 = 7
	policyPolicyIdx     uint16 = 8
	policyPolicyMaxType uint16 = 9
	policyPad           uint16 = 11
	policyMask          uint16 = 12
)

// TestConstantsAgreeWithDescription checks the uapi numbers the package
// exports for hand-built requests against the nlctrl description that
// its decoders read.
func TestConstantsAgreeWithDescription(t *testing.T) {
	sets, err := builtin.Sets(CtrlName)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		set, attr string
		num       uint16
	}{
		{"ctrl-attrs", "family-id", AttrFamilyID}, {"ctrl-attrs", "family-name", AttrFamilyName},
		{"ctrl-attrs", "version", AttrVersion}, {"ctrl-attrs", "hdrsize", AttrHdrSize},
		{"ctrl-attrs", "maxattr", AttrMaxAttr}, {"ctrl-attrs", "ops", AttrOps},
		{"ctrl-attrs", "mcast-groups", AttrMcastGroups}, {"ctrl-attrs", "policy", AttrPolicy},
		{"ctrl-attrs", "op-policy", AttrOpPolicy}, {"ctrl-attrs", "op", AttrOp},
		{"op-attrs", "id", AttrOpID}, {"op-attrs", "flags", AttrOpFlags},
		{"mcast-group-attrs", "name", AttrMcastGrpName}, {"mcast-group-attrs", "id", AttrMcastGrpID},
		{"op-policy-attrs", "do", AttrPolicyDo}, {"op-policy-attrs", "dump", AttrPolicyDump},
	} {
		s, err := sets.Set(c.set)
		if err != nil {
			t.Fatal(err)
		}
		if a, err := s.Attr(c.attr); err != nil || a.Value != c.num {
			t.Errorf("%s.%s: the package's %d, the description's %+v (%v)", c.set, c.attr, c.num, a, err)
		}
	}
	for cmd, name := range map[uint8]string{CmdNewFamily: "CTRL_CMD_NEWFAMILY", CmdDelFamily: "CTRL_CMD_DELFAMILY",
		CmdGetFamily: "CTRL_CMD_GETFAMILY", CmdNewOps: "CTRL_CMD_NEWOPS", CmdDelOps: "CTRL_CMD_DELOPS",
		CmdGetOps: "CTRL_CMD_GETOPS", CmdNewMcastGrp: "CTRL_CMD_NEWMCAST_GRP", CmdDelMcastGrp: "CTRL_CMD_DELMCAST_GRP",
		CmdGetMcastGrp: "CTRL_CMD_GETMCAST_GRP", CmdGetPolicy: "CTRL_CMD_GETPOLICY"} {
		if got := CmdName(cmd); got != name {
			t.Errorf("CmdName(%d) = %q, want %q", cmd, got, name)
		}
	}
}
