//go:build linux

package explain

import (
	"strings"
	"sync"
	"unicode"

	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// vkind is how an attribute's value is shown.
type vkind uint8

const (
	vHex    vkind = iota // bytes as hex (unknown attributes)
	vStr                 // NUL-terminated string
	vUint                // native-endian unsigned of 1, 2, 4 or 8 bytes
	vSint                // native-endian signed
	vBE                  // big-endian unsigned (network byte order)
	vIP                  // IPv4 or IPv6 address
	vMAC                 // link-layer address
	vFlag                // no data: present or not
	vNest                // nested attributes of a known set
	vMaybe               // nested attributes of unknown types, if the bytes parse as such; else hex
	vCustom              // a struct, decoded by text
)

// spec says how to show one attribute type. The names come from the family
// packages (rtnl, genl, nft, diag); spec only adds the value's shape.
type spec struct {
	k    vkind
	note func(p *printer, v uint64) string // a name for an integer value
	set  func() *attrSet                   // for vNest
	text func(p *printer, d []byte) []string
}

// specFor returns the spec of an attribute by its name; unknown names are
// shown as hex.
func specFor(name string) spec {
	specCache.once.Do(func() { specCache.m = buildSpecs() })
	return specCache.m[name]
}

// specCache is built on first use and never changed after.
var specCache struct {
	once sync.Once
	m    map[string]spec
}

func buildSpecs() map[string]spec {
	m := map[string]spec{}
	add := func(sp spec, names ...string) {
		for _, n := range names {
			m[n] = sp
		}
	}
	str, u, s, be := spec{k: vStr}, spec{k: vUint}, spec{k: vSint}, spec{k: vBE}
	ip, mac, maybe := spec{k: vIP}, spec{k: vMAC}, spec{k: vMaybe}
	addRoute(m, add, str, u, s, be, ip, mac, maybe)
	addGenl(add, str, u, s)
	addNft(add, str, be, maybe)
	addDiag(add, str, u)
	addExtAck(add)
	return m
}

func note(fn func(p *printer, v uint64) string) spec { return spec{k: vUint, note: fn} }
func nest(set func() *attrSet) spec                  { return spec{k: vNest, set: set} }

func addRoute(m map[string]spec, add func(spec, ...string), str, u, s, be, ip, mac, maybe spec) {
	add(str, "IFLA_IFNAME", "IFLA_QDISC", "IFLA_IFALIAS", "IFLA_PHYS_PORT_NAME", "IFLA_ALT_IFNAME",
		"IFLA_PARENT_DEV_NAME", "IFLA_PARENT_DEV_BUS_NAME", "IFLA_INFO_KIND", "IFLA_INFO_SLAVE_KIND",
		"IFA_LABEL", "FRA_IIFNAME", "FRA_OIFNAME", "RTAX_CC_ALGO")
	add(mac, "IFLA_ADDRESS", "IFLA_BROADCAST", "IFLA_PERM_ADDRESS", "NDA_LLADDR")
	add(ip, "IFA_ADDRESS", "IFA_LOCAL", "IFA_BROADCAST", "IFA_ANYCAST", "IFA_MULTICAST",
		"RTA_DST", "RTA_SRC", "RTA_GATEWAY", "RTA_PREFSRC", "NDA_DST", "FRA_DST", "FRA_SRC")
	add(u, "IFLA_MTU", "IFLA_LINK", "IFLA_COST", "IFLA_PRIORITY", "IFLA_MASTER", "IFLA_TXQLEN",
		"IFLA_WEIGHT", "IFLA_NET_NS_PID", "IFLA_NUM_VF", "IFLA_GROUP", "IFLA_EXT_MASK",
		"IFLA_PROMISCUITY", "IFLA_NUM_TX_QUEUES", "IFLA_NUM_RX_QUEUES", "IFLA_CARRIER",
		"IFLA_CARRIER_CHANGES", "IFLA_PROTO_DOWN", "IFLA_GSO_MAX_SEGS", "IFLA_GSO_MAX_SIZE",
		"IFLA_EVENT", "IFLA_CARRIER_UP_COUNT", "IFLA_CARRIER_DOWN_COUNT", "IFLA_MIN_MTU",
		"IFLA_MAX_MTU", "IFLA_GRO_MAX_SIZE", "IFLA_TSO_MAX_SIZE", "IFLA_TSO_MAX_SEGS", "IFLA_ALLMULTI",
		"IFLA_GSO_IPV4_MAX_SIZE", "IFLA_GRO_IPV4_MAX_SIZE", "IFLA_NETNS_IMMUTABLE", "IFLA_HEADROOM",
		"IFLA_TAILROOM", "IFLA_MAX_PACING_OFFLOAD_HORIZON", "IFA_RT_PRIORITY", "IFA_PROTO",
		"RTA_IIF", "RTA_OIF", "RTA_PRIORITY", "RTA_FLOW", "RTA_MARK", "RTA_ENCAP_TYPE", "RTA_EXPIRES",
		"RTA_UID", "RTA_TTL_PROPAGATE", "RTA_IP_PROTO", "RTA_NH_ID",
		"NDA_PROBES", "NDA_VLAN", "NDA_VNI", "NDA_IFINDEX", "NDA_MASTER", "NDA_SRC_VNI", "NDA_NH_ID",
		"NDA_FLAGS_EXT", "NDA_NDM_STATE_MASK", "NDA_NDM_FLAGS_MASK",
		"FRA_GOTO", "FRA_PRIORITY", "FRA_FWMARK", "FRA_FLOW", "FRA_SUPPRESS_IFGROUP",
		"FRA_SUPPRESS_PREFIXLEN", "FRA_FWMASK", "FRA_L3MDEV", "FRA_IP_PROTO", "FRA_DSCP")
	add(s, "IFLA_NET_NS_FD", "IFLA_LINK_NETNSID", "IFLA_NEW_NETNSID", "IFLA_IF_NETNSID",
		"IFLA_NEW_IFINDEX", "IFA_TARGET_NETNSID", "NDA_LINK_NETNSID")
	add(be, "RTA_SPORT", "RTA_DPORT", "RTA_FLOWLABEL", "NDA_PORT", "FRA_TUN_ID")
	add(maybe, "IFLA_INFO_DATA", "IFLA_INFO_SLAVE_DATA", "IFLA_XDP", "IFLA_PROTINFO",
		"IFLA_VFINFO_LIST", "IFLA_DEVLINK_PORT", "IFLA_DPLL_PIN", "IFLA_PROTO_DOWN_REASON", "RTA_ENCAP",
		"AF_INET", "AF_INET6", "AF_BRIDGE", "AF_MPLS", "AF_LINK")
	add(note(func(_ *printer, v uint64) string { return rtnl.OperStateName(uint8(v)) }), "IFLA_OPERSTATE")
	add(note(func(_ *printer, v uint64) string { return rtnl.LinkModeName(uint8(v)) }), "IFLA_LINKMODE")
	add(note(func(p *printer, v uint64) string {
		return strings.Join(rtnl.AddrFlagNames(nil, p.family, uint32(v)), "|")
	}), "IFA_FLAGS")
	add(note(func(_ *printer, v uint64) string { return rtnl.TableName(uint32(v)) }), "RTA_TABLE", "FRA_TABLE")
	add(note(func(_ *printer, v uint64) string { return rtnl.RoutePrefName(uint8(v)) }), "RTA_PREF")
	add(note(func(_ *printer, v uint64) string { return rtnl.ProtocolName(uint8(v)) }), "NDA_PROTOCOL", "FRA_PROTOCOL")
	add(nest(linkInfoSet), "IFLA_LINKINFO")
	add(nest(func() *attrSet { return linkSet }), "IFLA_PROP_LIST")
	add(nest(afSpecSet), "IFLA_AF_SPEC")
	add(nest(metricsSet), "RTA_METRICS")
	for i := range uint16(32) {
		if n := rtnl.MetricName(i); n != "" && m[n].k == vHex {
			m[n] = u
		}
	}
	add(spec{k: vCustom, text: stats64}, "IFLA_STATS64")
	add(spec{k: vCustom, text: stats32}, "IFLA_STATS")
	add(spec{k: vCustom, text: u32s("ifa_prefered", "ifa_valid", "cstamp", "tstamp")}, "IFA_CACHEINFO")
	add(spec{k: vCustom, text: u32s("rta_clntref", "rta_lastuse", "rta_expires", "rta_error",
		"rta_used", "rta_id", "rta_ts", "rta_tsage")}, "RTA_CACHEINFO")
	add(spec{k: vCustom, text: u32s("ndm_confirmed", "ndm_used", "ndm_updated", "ndm_refcnt")}, "NDA_CACHEINFO")
	add(spec{k: vCustom, text: u32s("start", "end")}, "FRA_UID_RANGE")
	add(spec{k: vCustom, text: u16s("start", "end")}, "FRA_SPORT_RANGE", "FRA_DPORT_RANGE")
	add(spec{k: vCustom, text: rtaVia}, "RTA_VIA")
	add(spec{k: vCustom, text: multipath}, "RTA_MULTIPATH")
}

func addGenl(add func(spec, ...string), str, u, s spec) {
	add(str, "CTRL_ATTR_FAMILY_NAME", "CTRL_ATTR_MCAST_GRP_NAME")
	add(u, "CTRL_ATTR_FAMILY_ID", "CTRL_ATTR_VERSION", "CTRL_ATTR_HDRSIZE", "CTRL_ATTR_MAXATTR",
		"CTRL_ATTR_OP", "CTRL_ATTR_OP_ID", "CTRL_ATTR_MCAST_GRP_ID", "CTRL_ATTR_POLICY_DO",
		"CTRL_ATTR_POLICY_DUMP", "NL_POLICY_TYPE_ATTR_MIN_VALUE_U", "NL_POLICY_TYPE_ATTR_MAX_VALUE_U",
		"NL_POLICY_TYPE_ATTR_MIN_LENGTH", "NL_POLICY_TYPE_ATTR_MAX_LENGTH", "NL_POLICY_TYPE_ATTR_POLICY_IDX",
		"NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE", "NL_POLICY_TYPE_ATTR_BITFIELD32_MASK", "NL_POLICY_TYPE_ATTR_MASK")
	add(s, "NL_POLICY_TYPE_ATTR_MIN_VALUE_S", "NL_POLICY_TYPE_ATTR_MAX_VALUE_S")
	add(note(func(_ *printer, v uint64) string { return genl.OpFlags(v).String() }), "CTRL_ATTR_OP_FLAGS")
	add(note(func(_ *printer, v uint64) string { return genl.AttrType(v).String() }), "NL_POLICY_TYPE_ATTR_TYPE")
	add(nest(func() *attrSet { return ctrlOpsSet }), "CTRL_ATTR_OPS")
	add(nest(func() *attrSet { return ctrlGroupsSet }), "CTRL_ATTR_MCAST_GROUPS")
	add(nest(func() *attrSet { return ctrlPolicySet }), "CTRL_ATTR_POLICY")
	add(nest(func() *attrSet { return ctrlOpPolicySet }), "CTRL_ATTR_OP_POLICY")
	add(nest(func() *attrSet { return policyAttrSet }), "NLMSGERR_ATTR_POLICY")
}

func addNft(add func(spec, ...string), str, be, maybe spec) {
	add(str, "NFTA_TABLE_NAME", "NFTA_CHAIN_TABLE", "NFTA_CHAIN_NAME", "NFTA_CHAIN_TYPE",
		"NFTA_RULE_TABLE", "NFTA_RULE_CHAIN", "NFTA_SET_TABLE", "NFTA_SET_NAME", "NFTA_GEN_PROC_NAME",
		"NFTA_HOOK_DEV", "NFTA_EXPR_NAME", "NFTA_SET_ELEM_LIST_TABLE", "NFTA_SET_ELEM_LIST_SET")
	add(be, "NFTA_TABLE_FLAGS", "NFTA_TABLE_USE", "NFTA_TABLE_HANDLE", "NFTA_TABLE_OWNER",
		"NFTA_CHAIN_HANDLE", "NFTA_CHAIN_USE", "NFTA_CHAIN_FLAGS", "NFTA_CHAIN_ID",
		"NFTA_RULE_HANDLE", "NFTA_RULE_POSITION", "NFTA_RULE_ID", "NFTA_RULE_POSITION_ID", "NFTA_RULE_CHAIN_ID",
		"NFTA_SET_FLAGS", "NFTA_SET_KEY_TYPE", "NFTA_SET_KEY_LEN", "NFTA_SET_DATA_TYPE", "NFTA_SET_DATA_LEN",
		"NFTA_SET_POLICY", "NFTA_SET_ID", "NFTA_SET_TIMEOUT", "NFTA_SET_GC_INTERVAL", "NFTA_SET_OBJ_TYPE",
		"NFTA_SET_HANDLE", "NFTA_SET_ELEM_LIST_SET_ID", "NFTA_GEN_ID", "NFTA_GEN_PROC_PID",
		"NFTA_HOOK_HOOKNUM", "NFTA_COUNTER_BYTES", "NFTA_COUNTER_PACKETS")
	add(spec{k: vBE, note: func(_ *printer, v uint64) string {
		return "priority " + itoa(int64(int32(uint32(v))))
	}}, "NFTA_HOOK_PRIORITY")
	add(spec{k: vBE, note: func(_ *printer, v uint64) string {
		return map[uint64]string{0: "drop", 1: "accept"}[v]
	}}, "NFTA_CHAIN_POLICY")
	add(maybe, "NFTA_SET_DESC", "NFTA_SET_EXPR", "NFTA_SET_EXPRESSIONS", "NFTA_EXPR_DATA",
		"NFTA_HOOK_DEVS", "NFTA_SET_ELEM_LIST_ELEMENTS")
	add(nest(func() *attrSet { return nftHookSet }), "NFTA_CHAIN_HOOK")
	add(nest(func() *attrSet { return nftCounterSet }), "NFTA_CHAIN_COUNTERS")
	add(nest(func() *attrSet { return nftExprListSet }), "NFTA_RULE_EXPRESSIONS")
	add(nest(func() *attrSet { return nftExprSet }), "NFTA_LIST_ELEM")
}

func addDiag(add func(spec, ...string), str, u spec) {
	add(str, "INET_DIAG_CONG")
	add(u, "INET_DIAG_TOS", "INET_DIAG_TCLASS", "INET_DIAG_SHUTDOWN", "INET_DIAG_PROTOCOL",
		"INET_DIAG_SKV6ONLY", "INET_DIAG_MARK", "INET_DIAG_CLASS_ID", "INET_DIAG_CGROUP_ID",
		"UNIX_DIAG_PEER", "UNIX_DIAG_SHUTDOWN", "UNIX_DIAG_UID")
	add(spec{k: vCustom, text: u32s("rmem", "wmem", "fmem", "tmem")}, "INET_DIAG_MEMINFO")
	add(spec{k: vCustom, text: u32s("rmem_alloc", "rcvbuf", "wmem_alloc", "sndbuf", "fwd_alloc",
		"wmem_queued", "optmem", "backlog", "drops")}, "INET_DIAG_SKMEMINFO", "UNIX_DIAG_MEMINFO")
	add(spec{k: vCustom, text: u32s("ino", "dev")}, "UNIX_DIAG_VFS")
	add(spec{k: vCustom, text: u32s("rqueue", "wqueue")}, "UNIX_DIAG_RQLEN")
	add(spec{k: vCustom, text: unixName}, "UNIX_DIAG_NAME")
	add(spec{k: vCustom, text: u32list}, "UNIX_DIAG_ICONS")
}

// ext-ack attributes: the offsets are explained against the request.
func addExtAck(add func(spec, ...string)) {
	add(spec{k: vStr}, "NLMSGERR_ATTR_MSG")
	add(spec{k: vUint, note: func(p *printer, v uint64) string { return "→ " + cutNum(p.pointAt(uint32(v))) }},
		"NLMSGERR_ATTR_OFFS", "NLMSGERR_ATTR_MISS_NEST")
	add(spec{k: vUint, note: func(p *printer, v uint64) string { return p.missing(uint16(v)) }}, "NLMSGERR_ATTR_MISS_TYPE")
}

// cutNum drops the leading offset and arrow of a pointAt text.
func cutNum(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsDigit)
	return strings.TrimPrefix(strings.TrimPrefix(s, " "), "→ ")
}
