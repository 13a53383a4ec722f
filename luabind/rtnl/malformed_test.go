package rtnl

import (
	"slices"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// An attribute of the wrong length, in hand-made bytes, leaves its fields
// absent (eager and lazy) and is listed in the object's malformed array;
// netlink.explain shows it as malformed, as hex, never as a number.
func TestMalformedAttrTables(t *testing.T) {
	L, _ := newState(t, nlsock.NetNS{})
	luabindtest.MustRun(t, L, `
		local function body(typ, payload)
			local bytes = netlink.encode{type = typ, flags = 0, seq = 1, payload = payload}
			return netlink.decode(bytes, "route")[1].body, netlink.explain(bytes, "route", {hexdump = false})
		end
		local link, text = body(rtnl.RTM_NEWLINK, string.rep("\0", 16) .. netlink.attr(rtnl.IFLA_IFNAME, "v0\0") ..
			netlink.attr(rtnl.IFLA_MTU, "\5\0") .. netlink.attr(rtnl.IFLA_TXQLEN, "\1\0\0\0\0\0\0\0") ..
			netlink.attr(rtnl.IFLA_GROUP, "\7\0\0\0"))
		assert(link.name == "v0" and link.mtu == nil, "mtu " .. tostring(link.mtu))
		assert(link.txqlen == nil and link.group == 7, "lazy fields")
		assert(#link.malformed == 2 and link.malformed[1] == "IFLA_MTU: 2 bytes, want 4"
			and link.malformed[2] == "IFLA_TXQLEN: 8 bytes, want 4", link.malformed[1])
		assert(text:find("IFLA_MTU (type 4) len 6, malformed (2 bytes, want 4): 05 00", 1, true), text)
		assert(not text:find("IFLA_MTU (type 4) len 6: 5", 1, true), text)

		local addr, text = body(rtnl.RTM_NEWADDR, string.char(2, 24, 0, 0, 1, 0, 0, 0) ..
			netlink.attr(rtnl.IFA_LOCAL, "\10\0\0"))
		assert(addr.address == nil and addr["local"] == nil and addr.malformed[1] == "IFA_LOCAL: 3 bytes, want 4 or 16")
		assert(text:find("malformed (3 bytes, want 4 or 16)", 1, true), text)

		local route = body(rtnl.RTM_NEWROUTE, string.char(2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0) ..
			netlink.attr(rtnl.RTA_DST, "\10\0\0") .. netlink.attr(rtnl.RTA_OIF, "\3\0") .. netlink.attr(rtnl.RTA_TABLE, "\1"))
		assert(route.dst == nil and route.ifindex == nil and route.oif == nil, "route dst " .. tostring(route.dst))
		assert(route.table == nil and route.table_name == nil, "table from the header instead of RTA_TABLE")
		assert(#route.malformed == 3)

		local rule = body(rtnl.RTM_NEWRULE, string.char(2, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0) ..
			netlink.attr(rtnl.FRA_PRIORITY, "\1\0"))
		assert(rule.priority == nil and rule.malformed[1] == "FRA_PRIORITY: 2 bytes, want 4")

		local neigh = body(rtnl.RTM_NEWNEIGH, string.char(2, 0, 0, 0, 1, 0, 0, 0, 0x80, 0, 0, 0) ..
			netlink.attr(rtnl.NDA_DST, "\10\0\0\0\1"))
		assert(neigh.dst == nil and neigh.ifindex == 1 and neigh.malformed[1] == "NDA_DST: 5 bytes, want 4 or 16")

		local good = body(rtnl.RTM_NEWLINK, string.rep("\0", 16) .. netlink.attr(rtnl.IFLA_MTU, "\220\5\0\0"))
		assert(good.mtu == 1500 and good.malformed == nil)
	`)
}

// TestMalformedFieldsCoverTheBindings: for every field that nlsock/rtnl
// binds to an attribute, a malformed copy of that attribute clears the
// field (and its older name), so the hand-kept list of the fields whose
// name is not their attribute's cannot fall behind a renamed field.
func TestMalformedFieldsCoverTheBindings(t *testing.T) {
	checkMalformedFields(t, "link", "IFLA_", rtnl.LinkFields())
	checkMalformedFields(t, "address", "", rtnl.AddrFields())
	checkMalformedFields(t, "route", "", rtnl.RouteFields())
	checkMalformedFields(t, "neighbour", "NDA_", rtnl.NeighFields())
	checkMalformedFields(t, "rule", "FRA_", rtnl.RuleFields())
}

// checkMalformedFields checks fields whose attributes' uapi names are
// prefix and the description's name in upper case, '-' made '_'.
func checkMalformedFields[T any](t *testing.T, kind, prefix string, fields []rtnl.Field[T]) {
	t.Helper()
	for _, f := range fields {
		if f.Attr == "" {
			continue
		}
		name := prefix + strings.ToUpper(strings.ReplaceAll(f.Attr, "-", "_"))
		cleared := malformedFields(rtnl.Malformed{Name: name})
		for _, field := range []string{f.Name, f.Alias} {
			if field != "" && !slices.Contains(cleared, field) {
				t.Errorf("%s field %s: a malformed %s clears %v, not the field", kind, field, name, cleared)
			}
		}
	}
}
