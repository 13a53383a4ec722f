//go:build linux

package genl

import (
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// The nlctrl family is described by nlsh's built-in description nlctrl
// (nlsock/ynl/builtin/descriptions/nlctrl.yaml): the decoders bind its
// attribute names to fields and name commands, attributes, flags and
// types from it. The constants below are the uapi numbers for callers
// that build requests by hand; TestConstantsAgreeWithDescription keeps
// them equal to the description's.

// The nlctrl family: fixed id, name and interface version.
const (
	CtrlID      = nlsock.GenlCtrlID // GENL_ID_CTRL
	CtrlName    = "nlctrl"
	CtrlVersion = nlsock.GenlCtrlVersion
)

// nlctrl commands (CTRL_CMD_*).
const (
	CmdNewFamily   uint8 = 1
	CmdDelFamily   uint8 = 2
	CmdGetFamily   uint8 = 3
	CmdNewOps      uint8 = 4
	CmdDelOps      uint8 = 5
	CmdGetOps      uint8 = 6
	CmdNewMcastGrp uint8 = 7
	CmdDelMcastGrp uint8 = 8
	CmdGetMcastGrp uint8 = 9
	CmdGetPolicy   uint8 = 10
)

// nlctrl attributes (CTRL_ATTR_*).
const (
	AttrFamilyID    uint16 = 1
	AttrFamilyName  uint16 = 2
	AttrVersion     uint16 = 3
	AttrHdrSize     uint16 = 4
	AttrMaxAttr     uint16 = 5
	AttrOps         uint16 = 6
	AttrMcastGroups uint16 = 7
	AttrPolicy      uint16 = 8
	AttrOpPolicy    uint16 = 9
	AttrOp          uint16 = 10
)

// Attributes inside one entry of AttrOps (CTRL_ATTR_OP_*).
const (
	AttrOpID    uint16 = 1
	AttrOpFlags uint16 = 2
)

// Attributes inside one entry of AttrMcastGroups (CTRL_ATTR_MCAST_GRP_*).
const (
	AttrMcastGrpName uint16 = 1
	AttrMcastGrpID   uint16 = 2
)

// Attributes inside one operation of AttrOpPolicy (CTRL_ATTR_POLICY_*).
const (
	AttrPolicyDo   uint16 = 1
	AttrPolicyDump uint16 = 2
)

// description is the nlctrl description in full, for names; decoding
// reads only its compiled attribute-sets.
var description = builtin.LazySpec(CtrlName)

// cmdPrefix is the uapi prefix of nlctrl's commands (the description's
// operations name-prefix, ctrl-cmd-).
const cmdPrefix = "CTRL_CMD_"

// cmdNames names each command: requests by their operation, and the
// numbers only the kernel sends (CTRL_CMD_NEWFAMILY, the reply to
// getfamily) by the event that carries them.
var cmdNames = sync.OnceValue(func() map[uint8]string {
	names := map[uint8]string{}
	for _, op := range description().Ops {
		num, sent := op.ReqValue, op.Do != nil || op.Dump != nil
		if op.Event != nil {
			num, sent = op.RspValue, true
		}
		if sent {
			names[uint8(num)] = cmdPrefix + strings.ToUpper(strings.ReplaceAll(op.Name, "-", "_"))
		}
	}
	return names
})

// CmdName names an nlctrl command ("CTRL_CMD_GETFAMILY"), or "" if unknown.
func CmdName(cmd uint8) string { return cmdNames()[cmd] }

// AttrName names a top-level nlctrl attribute ("CTRL_ATTR_FAMILY_ID"), or ""
// if unknown.
func AttrName(typ uint16) string { return SetAttrName("ctrl-attrs", typ) }

// SetAttrName names attribute typ of the nlctrl description's
// attribute-set set ("op-attrs" 1 is "CTRL_ATTR_OP_ID", "policy-attrs" 12
// "NL_POLICY_TYPE_ATTR_MASK"), or "" if it has none.
func SetAttrName(set string, typ uint16) string {
	c, err := builtin.Sets(CtrlName)
	if err != nil {
		return ""
	}
	s, err := c.Set(set)
	if err != nil {
		return ""
	}
	if a, ok := s.ByType(typ); ok {
		return s.CName(a)
	}
	return ""
}
