//go:build linux

package diag

// AttrName names an attribute of a SOCK_DIAG_BY_FAMILY reply of the given
// family ("INET_DIAG_INFO", "UNIX_DIAG_NAME"), or "".
func AttrName(family uint8, typ uint16) string {
	set := inetTable().Set()
	if family == FamilyUnix {
		set = unixTable().Set()
	}
	if a, ok := set.ByType(typ); ok {
		return set.CName(a)
	}
	return ""
}

// HeaderLen is the size of the fixed struct that starts a sock_diag
// message of the family: inet_diag_req_v2 (56) or inet_diag_msg (72),
// unix_diag_req (24) or unix_diag_msg (16). Attributes follow it.
func HeaderLen(family uint8, request bool) int {
	switch {
	case family == FamilyUnix && request:
		return unixReqLen
	case family == FamilyUnix:
		return unixMsgLen
	case request:
		return inetReqLen
	}
	return inetMsgLen
}
