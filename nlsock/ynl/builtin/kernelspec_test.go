package builtin

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// kernelSpecErrors are the places where nlsh's description deliberately
// differs from the kernel's 6.12 spec of the same family, each with the
// reason (the kernel source, not the spec, is the authority). Keyed by
// "family path": a difference not listed here fails the test.
var kernelSpecErrors = map[string]string{
	"rt-link link-attrs.wireless":                    "a wireless extensions event (struct iw_event, net/wireless/wext-core.c), not a string",
	"rt-link link-attrs.protinfo":                    "a nest whose attributes depend on ifi-family (br_port_fill_attrs, inet6_fill_ifla6_attrs), not a string",
	"rt-link ifla6-attrs.conf":                       "an array of s32, one per DEVCONF_* (ipv6_store_devconf); its length grows with the kernel, so a fixed struct goes stale",
	"rt-link ifla6-attrs.stats":                      "u64 counters preceded by their number (snmp6_fill_stats), not a fixed struct",
	"rt-link ifla6-attrs.icmp6-stats":                "u64 counters preceded by their number (snmp6_fill_stats), not a fixed struct",
	"rt-link vfinfo-attrs.vlan-list":                 "a nest of IFLA_VF_VLAN_INFO structs; kept binary here",
	"rt-link linkinfo-bridge-attrs.vlan-protocol":    "a __be16 ethertype (nla_put_be16 of br->vlan_proto in br_fill_info), as the kernel's own vlan protocol attribute says",
	"rt-addr addr-attrs.ifa-target-netnsid":          "an s32 netns id (nla_put_s32 in inet_fill_ifaddr), not binary",
	"rt-route route-attrs.rta-pad":                   "padding (nla_put_64bit's RTA_PAD), not data",
	"rt-route route-attrs.rta-sport":                 "a __be16 port in network byte order (nla_put_be16 in rt_fill_info, nla_get_be16 in inet_rtm_getroute)",
	"rt-route route-attrs.rta-dport":                 "a __be16 port in network byte order, as rta-sport",
	"nlctrl policy-attrs.mask":                       "NL_POLICY_TYPE_ATTR_MASK is 12 and PAD 11 (enum netlink_policy_type_attr, uapi netlink.h); the 6.12 spec lists them the other way round",
	"nlctrl policy-attrs.pad":                        "NL_POLICY_TYPE_ATTR_PAD is 11, as policy-attrs.mask says",
	"rt-route route-attrs.rta-cacheinfo/rta-expires": "__s32 in struct rta_cacheinfo (include/uapi/linux/rtnetlink.h): a route that expired is negative",
	// nft: the kernel's nftables.yaml (6.12) against include/uapi/linux/netfilter/nf_tables.h
	// and nf_tables_api.c. Several of its sets omit the pad attribute, which shifts the
	// attributes after it down by one; the rest of each entry follows from that shift.
	"nft operation batch-begin":         "nfnetlink answers a batch with acks, never with an NFNL_MSG_BATCH_BEGIN reply",
	"nft table-attrs.pad":               "NFTA_TABLE_PAD is 5: the spec omits it, so its userdata (5) is NFTA_TABLE_PAD",
	"nft table-attrs.userdata":          "NFTA_TABLE_USERDATA is 6, after the pad the spec omits",
	"nft hook-attrs.num":                "named hooknum after NFTA_HOOK_HOOKNUM, so that the uapi name (CName) comes out right",
	"nft counter-attrs.bytes":           "NFTA_COUNTER_BYTES is be64 (nla_put_be64 in nft_counter_do_dump); the spec gives host order",
	"nft counter-attrs.packets":         "NFTA_COUNTER_PACKETS is be64, as bytes",
	"nft chain-attrs.pad":               "NFTA_CHAIN_PAD is 9: the spec omits it, so its flags (9) is NFTA_CHAIN_PAD",
	"nft chain-attrs.flags":             "NFTA_CHAIN_FLAGS is 10, after the pad the spec omits",
	"nft chain-attrs.id":                "NFTA_CHAIN_ID is 11, after the pad the spec omits",
	"nft chain-attrs.userdata":          "NFTA_CHAIN_USERDATA is 12, after the pad the spec omits",
	"nft verdict-attrs.chain-id":        "NFTA_VERDICT_CHAIN_ID is big-endian (nft_chain_lookup_byid reads ntohl(nla_get_be32))",
	"nft lookup-attrs.set id":           "NFTA_LOOKUP_SET_ID is 4: the spec lists it second, which shifts sreg, dreg and flags down by one",
	"nft lookup-attrs.sreg":             "NFTA_LOOKUP_SREG is 2, as set id's entry says",
	"nft lookup-attrs.dreg":             "NFTA_LOOKUP_DREG is 3, as set id's entry says",
	"nft rule-compat-attrs.proto":       "NFTA_RULE_COMPAT_PROTO is a be32 (nft_parse_compat); the spec leaves it binary",
	"nft rule-compat-attrs.flags":       "NFTA_RULE_COMPAT_FLAGS is a be32, as proto",
	"nft rule-attrs.pad":                "NFTA_RULE_PAD is 8: the spec omits it, so its id (8) is NFTA_RULE_PAD",
	"nft rule-attrs.id":                 "NFTA_RULE_ID is 9 and big-endian (nft_rule_lookup_byid reads ntohl)",
	"nft rule-attrs.position-id":        "NFTA_RULE_POSITION_ID is 10 and big-endian",
	"nft rule-attrs.chain-id":           "NFTA_RULE_CHAIN_ID is 11, after the pad the spec omits",
	"nft set-attrs.id":                  "NFTA_SET_ID is big-endian (nft_set_lookup_byid reads ntohl)",
	"nft set-attrs.timeout":             "NFTA_SET_TIMEOUT is be64 (nla_put_be64 in nf_tables_fill_set)",
	"nft set-attrs.gc-interval":         "NFTA_SET_GC_INTERVAL is be32 (nla_put_be32 in nf_tables_fill_set)",
	"nft setelem-list-attrs.set-id":     "NFTA_SET_ELEM_LIST_SET_ID is big-endian, as NFTA_SET_ID",
	"nft setelem-attrs.flags":           "NFTA_SET_ELEM_FLAGS is a be32 of nft_set_elem_flags (nla_put_be32); the spec leaves it binary",
	"nft setelem-attrs.timeout":         "NFTA_SET_ELEM_TIMEOUT is be64 (nla_put_be64 in nf_tables_fill_setelem)",
	"nft setelem-attrs.expiration":      "NFTA_SET_ELEM_EXPIRATION is be64, as timeout",
	"nft setelem-attrs.pad":             "NFTA_SET_ELEM_PAD is 8: the spec omits it, so its objref (8) is NFTA_SET_ELEM_PAD",
	"nft setelem-attrs.objref":          "NFTA_SET_ELEM_OBJREF is 9, after the pad the spec omits",
	"nft setelem-attrs.key-end":         "NFTA_SET_ELEM_KEY_END is 10, after the pad the spec omits",
	"nft setelem-attrs.expressions":     "NFTA_SET_ELEM_EXPRESSIONS is 11, after the pad the spec omits",
	"nft data-attrs.elem":               "the spec's expressions (10) meet nlsh's key-end (10) through the missing pad: the spec's list against nft_data",
	"nft data-attrs.value":              "as data-attrs.elem: a consequence of the missing NFTA_SET_ELEM_PAD",
	"nft enum fib-result oif":           "NFT_FIB_RESULT_OIF is 1 after NFT_FIB_RESULT_UNSPEC, which the spec omits",
	"nft enum fib-result oifname":       "NFT_FIB_RESULT_OIFNAME is 2, as fib-result oif",
	"nft flowtable-hook-attrs.priority": "a hook priority is signed (int in struct nft_flowtable; the spec's own chain hook says s32)",
}

// TestAgreesWithKernelSpecs compares each built-in description with the
// kernel tree's spec of the same family (Linux 6.12: rt_link.yaml,
// rt_addr.yaml, rt_route.yaml, nftables.yaml), attribute by attribute from the
// operations' attribute sets down through nests and sub-messages: the
// same name, number and type for every attribute both describe, and the
// same operation numbers and fixed headers, and the same value for every
// enum and flags entry both name. What only one side describes
// is listed, not failed (the kernel adds attributes after 6.12; nlsh
// covers link kinds the 6.12 spec lacks), but for nft, which describes
// everything of nf_tables: what the kernel's spec has and nft lacks fails.
func TestAgreesWithKernelSpecs(t *testing.T) {
	used := map[string]bool{}
	defer func() {
		// a documented difference that no longer occurs is stale
		for k := range kernelSpecErrors {
			if !used[k] && !t.Failed() {
				t.Errorf("kernelSpecErrors[%q] documents a difference that no longer occurs", k)
			}
		}
	}()
	for fam, kernelName := range map[string]string{"rt-link": "rt-link", "rt-addr": "rt-addr", "rt-route": "rt-route", "nft": "nftables", "nlctrl": "nlctrl"} {
		t.Run(fam, func(t *testing.T) {
			ours := MustSpec(fam)
			kernel := loadKernelSpec(t, kernelName)
			c := &specCompare{t: t, fam: fam, seen: map[string]bool{}, used: used}
			c.ops(ours, kernel)
			c.enums(ours, kernel)
			sort.Strings(c.kernelOnly)
			sort.Strings(c.oursOnly)
			sort.Strings(c.kernelOnlyEnums)
			t.Logf("%s: %d attributes compared; only in the kernel's 6.12 spec: %s", fam, c.compared, list(c.kernelOnly))
			t.Logf("%s: only in nlsh's: %s", fam, list(c.oursOnly))
			t.Logf("%s: enums and entries only in the kernel's 6.12 spec: %s", fam, list(c.kernelOnlyEnums))
			if fam == "nft" && len(c.kernelOnly) > 0 {
				t.Errorf("nft lacks what the kernel's nftables.yaml describes: %s", list(c.kernelOnly))
			}
			if c.compared < 10 {
				t.Errorf("only %d attributes compared: the walk did not reach the sets", c.compared)
			}
		})
	}
}

func list(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

type specCompare struct {
	t                    *testing.T
	fam                  string
	seen                 map[string]bool // set pairs already compared
	used                 map[string]bool // the kernelSpecErrors keys met
	compared             int
	kernelOnly, oursOnly []string
	kernelOnlyEnums      []string // enums and entries
}

func (c *specCompare) differ(path, format string, args ...any) {
	c.used[c.fam+" "+path] = true
	if reason, ok := kernelSpecErrors[c.fam+" "+path]; ok {
		c.t.Logf("%s %s: %s (documented: %s)", c.fam, path, fmt.Sprintf(format, args...), reason)
		return
	}
	c.t.Errorf("%s %s: %s", c.fam, path, fmt.Sprintf(format, args...))
}

// enums compares the enums and flags both specs define, entry by entry:
// rtnl names route types, scopes and flags by nlsh's. What only the
// kernel's names is listed, not failed, for nft too: nlsh's nft decoders
// name operators and keys in their own tables.
func (c *specCompare) enums(ours, kernel *ynl.Spec) {
	for name, ke := range kernel.Enums {
		e, ok := ours.Enums[name]
		if !ok {
			c.kernelOnlyEnums = append(c.kernelOnlyEnums, name)
			continue
		}
		if e.Flags != ke.Flags {
			c.differ("enum "+name, "flags %v, the kernel's %v", e.Flags, ke.Flags)
		}
		for _, ken := range ke.Entries {
			v, ok := e.Lookup(ken.Name)
			if !ok {
				c.kernelOnlyEnums = append(c.kernelOnlyEnums, name+" "+ken.Name)
			} else if v != ken.Value {
				c.differ("enum "+name+" "+ken.Name, "value %d, the kernel's %d", v, ken.Value)
			}
			c.compared++
		}
	}
}

func (c *specCompare) ops(ours, kernel *ynl.Spec) {
	for _, kop := range kernel.Ops {
		op, err := ours.Op(kop.Name)
		if err != nil {
			c.kernelOnly = append(c.kernelOnly, "operation "+kop.Name)
			continue
		}
		if op.ReqValue != kop.ReqValue || op.RspValue != kop.RspValue {
			c.differ("operation "+kop.Name, "request/reply %d/%d, the kernel's %d/%d", op.ReqValue, op.RspValue, kop.ReqValue, kop.RspValue)
		}
		if kop.FixedHeader != nil {
			if op.FixedHeader == nil {
				c.differ("operation "+kop.Name, "no fixed header, the kernel's has %s", kop.FixedHeader.Name)
			} else {
				c.structs(op.FixedHeader.Name, op.FixedHeader, kop.FixedHeader)
			}
		}
		if op.Set != nil && kop.Set != nil {
			c.sets(ours, kernel, op.Set, kop.Set)
		}
	}
}

// sets compares two attribute sets describing the same nest, matching
// attributes by number.
func (c *specCompare) sets(ours, kernel *ynl.Spec, os, ks *ynl.AttrSet) {
	key := os.Name + "|" + ks.Name
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	for _, ka := range ks.Attrs {
		path := os.Name + "." + ka.Name
		oa, ok := os.ByType(ka.Value)
		if !ok {
			if ka.Type != "unused" {
				c.kernelOnly = append(c.kernelOnly, fmt.Sprintf("%s (%d)", path, ka.Value))
			}
			continue
		}
		c.compared++
		if oa.Name != ka.Name {
			c.differ(path, "attribute %d is %q here", ka.Value, oa.Name)
		}
		if oa.Type != ka.Type || oa.Type == "indexed-array" && oa.SubType != ka.SubType {
			c.differ(os.Name+"."+oa.Name, "type %s%s, the kernel's %s%s", oa.Type, sub(oa), ka.Type, sub(ka))
			continue
		}
		if oa.BigEndian != ka.BigEndian {
			c.differ(os.Name+"."+oa.Name, "big-endian %v, the kernel's %v", oa.BigEndian, ka.BigEndian)
		}
		switch {
		case oa.Struct != nil && ka.Struct != nil:
			c.structs(path, oa.Struct, ka.Struct)
		case oa.Struct == nil && ka.Struct != nil:
			c.differ(path, "no struct layout, the kernel's %s", ka.Struct.Name)
		case oa.Nested != nil && ka.Nested != nil:
			c.sets(ours, kernel, oa.Nested, ka.Nested)
		case oa.Type == "sub-message":
			c.subMessages(ours, kernel, oa, ka, path)
		}
	}
	for _, oa := range os.Attrs {
		if _, ok := ks.ByType(oa.Value); !ok && oa.Type != "unused" {
			c.oursOnly = append(c.oursOnly, fmt.Sprintf("%s.%s (%d)", os.Name, oa.Name, oa.Value))
		}
	}
}

func sub(a *ynl.Attr) string {
	if a.SubType != "" {
		return " of " + a.SubType
	}
	return ""
}

// subMessages compares the formats both describe, by selector value.
func (c *specCompare) subMessages(ours, kernel *ynl.Spec, oa, ka *ynl.Attr, path string) {
	if oa.Selector != ka.Selector {
		c.differ(path, "selected by %s, the kernel's by %s", oa.Selector, ka.Selector)
	}
	of, kf := ours.SubMessages[oa.SubMessage], kernel.SubMessages[ka.SubMessage]
	for value, k := range kf {
		o, ok := of[value]
		if !ok {
			c.kernelOnly = append(c.kernelOnly, fmt.Sprintf("%s[%s]", path, value))
			continue
		}
		switch {
		case o.Set != nil && k.Set != nil:
			c.sets(ours, kernel, o.Set, k.Set)
		case (o.Set == nil) != (k.Set == nil):
			c.differ(path+"["+value+"]", "attribute-set %v, the kernel's %v", o.Set != nil, k.Set != nil)
		}
	}
	for value := range of {
		if _, ok := kf[value]; !ok {
			c.oursOnly = append(c.oursOnly, fmt.Sprintf("%s[%s]", path, value))
		}
	}
}

// structs compares members in order, up to the shorter struct (the
// kernel's structs grow at their end).
func (c *specCompare) structs(path string, os, ks *ynl.Struct) {
	n := min(len(os.Members), len(ks.Members))
	for i := range n {
		om, km := os.Members[i], ks.Members[i]
		c.compared++
		if om.Name != km.Name || om.Type != km.Type || om.Len != km.Len || om.BigEndian != km.BigEndian {
			c.differ(path+"/"+km.Name, "member %d is %s %s (%d bytes), the kernel's %s %s (%d bytes)",
				i, om.Name, om.Type, om.Len, km.Name, km.Type, km.Len)
		}
	}
	if len(os.Members) != len(ks.Members) {
		c.t.Logf("%s %s: %d members here, %d in the kernel's %s", c.fam, path, len(os.Members), len(ks.Members), ks.Name)
	}
}
