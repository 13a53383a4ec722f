//go:build linux

package explain

import (
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/diag"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// What a description leaves to the reader: names for the values of
// members and attributes it types as plain integers (a table id, an
// operational state, IFF_* flags), and the two rtnetlink attributes whose
// layout YNL cannot express (rta-multipath, rta-via). Keyed by the
// description and the member or attribute name; the names and shapes of
// everything else come from the description itself.

func joinFlags(names []string) string { return strings.Join(names, "|") }

var extraNotes = map[string]func(uint64) string{
	"rt-link/ifi-type": func(v uint64) string {
		if v == 0 {
			return "" // ARPHRD_NETROM in theory; in practice "not set" (requests)
		}
		return rtnl.LinkTypeName(uint16(v))
	},
	"rt-link/ifi-flags":        func(v uint64) string { return joinFlags(rtnl.LinkFlagNames(nil, uint32(v))) },
	"rt-link/ifi-change":       func(v uint64) string { return joinFlags(rtnl.LinkFlagNames(nil, uint32(v))) },
	"rt-link/operstate":        func(v uint64) string { return rtnl.OperStateName(uint8(v)) },
	"rt-link/linkmode":         func(v uint64) string { return rtnl.LinkModeName(uint8(v)) },
	"rt-route/rtm-table":       func(v uint64) string { return rtnl.TableName(uint32(v)) },
	"rt-route/rta-table":       func(v uint64) string { return rtnl.TableName(uint32(v)) },
	"rt-route/rtm-flags":       func(v uint64) string { return joinFlags(rtnl.RouteFlagNames(nil, uint32(v))) },
	"rt-route/rta-pref":        func(v uint64) string { return rtnl.RoutePrefName(uint8(v)) },
	"rt-neigh/ndm-type":        func(v uint64) string { return rtnl.RouteTypeName(uint8(v)) },
	"rt-neigh/protocol":        func(v uint64) string { return rtnl.ProtocolName(uint8(v)) },
	"rt-rule/frh-table":        func(v uint64) string { return rtnl.TableName(uint32(v)) },
	"rt-rule/table":            func(v uint64) string { return rtnl.TableName(uint32(v)) },
	"rt-rule/protocol":         func(v uint64) string { return rtnl.ProtocolName(uint8(v)) },
	"sock-diag/sdiag-family":   diagFamily,
	"sock-diag/idiag-family":   diagFamily,
	"sock-diag/udiag-family":   diagFamily,
	"sock-diag/ndiag-family":   diagFamily,
	"sock-diag/idiag-state":    diagState,
	"sock-diag/udiag-state":    diagState,
	"sock-diag/ndiag-state":    diagState,
	"sock-diag/ndiag-protocol": func(v uint64) string { return nlsock.ProtocolName(int(v)) },
	"sock-diag/idiag-states":   stateBits,
	"sock-diag/udiag-states":   stateBits,
	"sock-diag/udiag-show":     showBits("NAME", "VFS", "PEER", "ICONS", "RQLEN", "MEMINFO", "UID"),
	"sock-diag/ndiag-show":     showBits("MEMINFO", "GROUPS", "RING_CFG", "FLAGS"),
	"sock-diag/udiag-type": func(v uint64) string {
		if name := diag.UnixTypeName(uint8(v)); name != "" {
			return "SOCK_" + strings.ToUpper(name)
		}
		return ""
	},
}

// extraTexts show struct members YNL types as plain bytes: an
// inet_diag_sockid address, read by the header's family, and cookies.
var extraTexts = map[string]func(b, hdr []byte) string{
	"sock-diag/src":          sockAddr,
	"sock-diag/dst":          sockAddr,
	"sock-diag/cookie":       cookie,
	"sock-diag/udiag-cookie": cookie,
	"sock-diag/ndiag-cookie": cookie,
}

// extraText shows member name of s, or is nil.
func extraText(s *ynl.Spec, name string) func(b, hdr []byte) string {
	return extraTexts[s.Name+"/"+name]
}

// extraNote names the values of member or attribute name of s, or nil.
func extraNote(s *ynl.Spec, name string) func(uint64) string {
	return extraNotes[s.Name+"/"+name]
}

// extraSpec is the shape of an attribute YNL cannot lay out, or of one
// explain shows more of than the description says (an nf_tables
// expression's name, followed by its `nft --debug=netlink` line); sc is
// the attribute and its siblings.
func extraSpec(s *ynl.Spec, sc *scope, name string) (spec, bool) {
	switch s.Name + "/" + name {
	case "nft/name":
		if sc.set.Name == "expr-attrs" {
			return spec{k: vCustom, text: func(_ *printer, d []byte) []string { return nftExprName(d, sc.b) }}, true
		}
	case "rt-route/rta-multipath":
		return spec{k: vCustom, text: func(p *printer, d []byte) []string { return multipath(p, s, d) }}, true
	case "rt-route/rta-via":
		return spec{k: vCustom, text: rtaVia}, true
	case "sock-diag/skmeminfo":
		return spec{k: vCustom, text: skMeminfo}, true
	case "sock-diag/meminfo":
		if sc.set.Name != "inet-diag-attrs" { // the inet one is a struct of the description
			return spec{k: vCustom, text: skMeminfo}, true
		}
	case "sock-diag/icons":
		return spec{k: vCustom, text: u32list}, true
	case "sock-diag/name":
		if sc.set.Name == "unix-diag-attrs" {
			return spec{k: vCustom, text: unixName}, true
		}
	}
	return spec{}, false
}
