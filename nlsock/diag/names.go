//go:build linux

package diag

var inetAttrNames = []string{"INET_DIAG_NONE", "INET_DIAG_MEMINFO", "INET_DIAG_INFO",
	"INET_DIAG_VEGASINFO", "INET_DIAG_CONG", "INET_DIAG_TOS", "INET_DIAG_TCLASS",
	"INET_DIAG_SKMEMINFO", "INET_DIAG_SHUTDOWN", "INET_DIAG_DCTCPINFO", "INET_DIAG_PROTOCOL",
	"INET_DIAG_SKV6ONLY", "INET_DIAG_LOCALS", "INET_DIAG_PEERS", "INET_DIAG_PAD",
	"INET_DIAG_MARK", "INET_DIAG_BBRINFO", "INET_DIAG_CLASS_ID", "INET_DIAG_MD5SIG",
	"INET_DIAG_ULP_INFO", "INET_DIAG_SK_BPF_STORAGES", "INET_DIAG_CGROUP_ID", "INET_DIAG_SOCKOPT"}

var unixAttrNames = []string{"UNIX_DIAG_NAME", "UNIX_DIAG_VFS", "UNIX_DIAG_PEER",
	"UNIX_DIAG_ICONS", "UNIX_DIAG_RQLEN", "UNIX_DIAG_MEMINFO", "UNIX_DIAG_SHUTDOWN", "UNIX_DIAG_UID"}

// AttrName names an attribute of a SOCK_DIAG_BY_FAMILY reply of the given
// family ("INET_DIAG_INFO", "UNIX_DIAG_NAME"), or "".
func AttrName(family uint8, typ uint16) string {
	names := inetAttrNames
	if family == FamilyUnix {
		names = unixAttrNames
	}
	if int(typ) < len(names) {
		return names[typ]
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
