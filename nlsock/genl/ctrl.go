//go:build linux

package genl

// The nlctrl family: fixed id, its commands and attributes
// (include/uapi/linux/genetlink.h).
const (
	CtrlID      uint16 = 0x10 // GENL_ID_CTRL
	CtrlName           = "nlctrl"
	CtrlVersion uint8  = 2
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

var cmdNames = [...]string{
	CmdNewFamily:   "CTRL_CMD_NEWFAMILY",
	CmdDelFamily:   "CTRL_CMD_DELFAMILY",
	CmdGetFamily:   "CTRL_CMD_GETFAMILY",
	CmdNewOps:      "CTRL_CMD_NEWOPS",
	CmdDelOps:      "CTRL_CMD_DELOPS",
	CmdGetOps:      "CTRL_CMD_GETOPS",
	CmdNewMcastGrp: "CTRL_CMD_NEWMCAST_GRP",
	CmdDelMcastGrp: "CTRL_CMD_DELMCAST_GRP",
	CmdGetMcastGrp: "CTRL_CMD_GETMCAST_GRP",
	CmdGetPolicy:   "CTRL_CMD_GETPOLICY",
}

// CmdName names an nlctrl command ("CTRL_CMD_GETFAMILY"), or "" if unknown.
func CmdName(cmd uint8) string { return nameIn(cmdNames[:], int(cmd)) }

var attrNames = [...]string{
	AttrFamilyID:    "CTRL_ATTR_FAMILY_ID",
	AttrFamilyName:  "CTRL_ATTR_FAMILY_NAME",
	AttrVersion:     "CTRL_ATTR_VERSION",
	AttrHdrSize:     "CTRL_ATTR_HDRSIZE",
	AttrMaxAttr:     "CTRL_ATTR_MAXATTR",
	AttrOps:         "CTRL_ATTR_OPS",
	AttrMcastGroups: "CTRL_ATTR_MCAST_GROUPS",
	AttrPolicy:      "CTRL_ATTR_POLICY",
	AttrOpPolicy:    "CTRL_ATTR_OP_POLICY",
	AttrOp:          "CTRL_ATTR_OP",
}

// AttrName names a top-level nlctrl attribute ("CTRL_ATTR_FAMILY_ID"), or ""
// if unknown.
func AttrName(typ uint16) string { return nameIn(attrNames[:], int(typ)) }

// nameIn is names[i], or "" past the end of the table.
func nameIn(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return ""
}
