//go:build linux

package explain

import (
	"strings"
	"sync"
	"unicode"

	"github.com/nlsh/nlsh/nlsock/genl"
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
	big  bool // a vSint the description says is big-endian (a hook's priority)
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
	str, u, s := spec{k: vStr}, spec{k: vUint}, spec{k: vSint}
	addGenl(add, str, u, s)
	addExtAck(add)
	return m
}

func note(fn func(p *printer, v uint64) string) spec { return spec{k: vUint, note: fn} }
func nest(set func() *attrSet) spec                  { return spec{k: vNest, set: set} }

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
