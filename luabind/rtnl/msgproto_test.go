package rtnl

import (
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// Every message table that comes from a socket carries its protocol, so
// netlink.explain(msg) decodes it without being told the protocol: dump
// replies (sock:request), events and replies read with sock:recv, and
// netlink.monitor events. The explanation names the family header and the
// attributes, which only happens when the protocol is known.
func TestMessageTablesCarryProto(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("route"))
		local function decoded(m, what)
			assert(m.proto == 0, what .. ": proto = " .. tostring(m.proto))
			local text = netlink.explain(m)
			assert(not text:find("protocol not given", 1, true), what .. ": " .. text)
			assert(text:find("ifinfomsg", 1, true) or text:find("ifaddrmsg", 1, true), what .. ": no family header in\n" .. text)
			assert(text:find("IFLA_IFNAME", 1, true) or text:find("IFA_ADDRESS", 1, true), what .. ": no attribute names in\n" .. text)
		end
		local dump = assert(s:request{type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
		decoded(dump[1], "sock:request")
		assert(netlink.explain(dump):find("IFLA_IFNAME", 1, true), "array of replies")

		s:send{type = rtnl.RTM_GETLINK, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = string.rep("\0", 16)}
		decoded(assert(s:recv(2)), "sock:recv")

		local mon = netlink.monitor{groups = {"link"}}
		local g = assert(netlink.open("generic"))
		assert(g:protocol() == 16)
		local fams = assert(g:request{type = 16, flags = netlink.F_DUMP, payload = string.char(3, 1, 0, 0)})
		assert(fams[1].proto == 16, "generic: proto = " .. tostring(fams[1].proto))
		assert(rtnl.link_add(s, {name = "pv0", kind = "veth", peer = "pv1"}))
		for ev in mon do
			if ev.name == "RTM_NEWLINK" then decoded(ev, "netlink.monitor") break end
		end
		assert(netlink.decode(netlink.encode(dump[1]))[1].proto == nil, "decode without proto must not invent one")
		assert(netlink.decode(netlink.encode(dump[1]), "route")[1].proto == 0, "decode with proto")
	`)
}
