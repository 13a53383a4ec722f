//go:build linux

package nft

// AttrName names a top-level attribute of nf_tables message msg
// (NFT_MSG_*): AttrName(MsgNewTable, 1) is "NFTA_TABLE_NAME". It returns ""
// for attributes and messages it does not know.
func AttrName(msg uint8, typ uint16) string {
	var names []string
	switch msg {
	case MsgNewTable, MsgGetTable, MsgDelTable, MsgDestroyTable:
		names = tableAttrNames
	case MsgNewChain, MsgGetChain, MsgDelChain, MsgDestroyChain:
		names = chainAttrNames
	case MsgNewRule, MsgGetRule, MsgDelRule, MsgDestroyRule, MsgGetRuleReset:
		names = ruleAttrNames
	case MsgNewSet, MsgGetSet, MsgDelSet, MsgDestroySet:
		names = setAttrNames
	case MsgNewSetElem, MsgGetSetElem, MsgDelSetElem, MsgDestroySetElem, MsgGetSetElemReset:
		names = setElemListAttrNames
	case MsgNewGen, MsgGetGen:
		names = []string{"", "NFTA_GEN_ID", "NFTA_GEN_PROC_PID", "NFTA_GEN_PROC_NAME"}
	}
	if int(typ) < len(names) {
		return names[typ]
	}
	return ""
}
