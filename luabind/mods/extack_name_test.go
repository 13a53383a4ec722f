package mods

import (
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// A failed sock:request names the attribute its ext-ack offset points at,
// read from the request as sent, for route, netfilter and nlctrl messages.
// The offset itself is cross-checked against the NLMSGERR_ATTR_OFFS bytes
// of the same error received raw (parsed here with string.unpack), and the
// attribute header at that offset of the sent bytes is read by hand.
func TestRequestErrorNamesOffsetAttr(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, leHelpers+`
		-- the NLMSGERR_ATTR_OFFS value of a raw NLMSG_ERROR, by hand
		function raw_offset(m)
			assert(m.type == 2, "want NLMSG_ERROR, got type " .. m.type)
			local pos = 5 + align4(le(m.payload, 5, 4))
			while pos + 4 <= #m.payload do
				local len, typ = le(m.payload, pos, 2), le(m.payload, pos + 2, 2)
				if typ == 2 then return le(m.payload, pos + 4, 4) end
				pos = pos + align4(len)
			end
		end
		-- checks one failing request both ways; want names the attribute
		function check(s, msg, want, wanttype)
			local r, text, errname, x = s:request(msg)
			assert(r == nil and x, "the request should fail: " .. tostring(text))
			assert(text:find("(offset " .. x.offset .. ": " .. want .. ")", 1, true), text)
			assert(x.attr == want, "attr = " .. tostring(x.attr))
			-- the bytes as sent: the attribute header at the offset
			local typ = le(x.request, x.offset + 3, 2) % 0x4000
			assert(typ == wanttype, "type at the offset in the sent bytes: " .. typ)
			-- the same request sent raw: the kernel's own offset bytes agree
			s:send{type = msg.type, flags = netlink.F_REQUEST + netlink.F_ACK + (msg.flags or 0), payload = msg.payload}
			local e = assert(s:recv(2))
			assert(raw_offset(e) == x.offset, "raw offset " .. tostring(raw_offset(e)) .. " vs " .. x.offset)
			return text
		end
		local s = assert(netlink.open("route"))
		check(s, {type = rtnl.RTM_NEWLINK, flags = netlink.F_CREATE + netlink.F_EXCL,
			payload = string.rep("\0", 16) .. netlink.attr(rtnl.IFLA_IFNAME, string.rep("x", 34) .. "\0")}, "IFLA_IFNAME", 3)
		local n = assert(netlink.open("netfilter"))
		check(n, {type = 0x0a01, payload = string.char(1, 0, 0, 0) .. netlink.attr(1, string.rep("t", 300) .. "\0")},
			"NFTA_TABLE_NAME", 1)
		local g = assert(netlink.open("generic"))
		check(g, {type = genl.GENL_ID_CTRL, payload = string.char(genl.CTRL_CMD_GETFAMILY, 1, 0, 0) ..
			netlink.attr(genl.CTRL_ATTR_FAMILY_NAME, string.rep("f", 40) .. "\0")}, "CTRL_ATTR_FAMILY_NAME", 2)
	`)
}

// A generic family learnt by name (genl.request) names its attributes by its
// YNL spec when one is found: netdev's dev-get with ifindex 0 fails policy
// validation at the ifindex attribute.
func TestGenlErrorNamesAttrBySpec(t *testing.T) {
	dir := luabindtest.SpecDir(t)
	ns := nlsocktest.NewNamespace(t)
	L, _ := luabindtest.NewState(t, luabind.Options{DefaultNS: ns.NetNS(), SpecDirs: []string{dir}}, Families...)
	luabindtest.MustRun(t, L, `
		local g = assert(netlink.open("generic"))
		local r, text, errname, x = genl.request(g, "netdev", 1, {{type = 1, u32 = 0}})
		assert(r == nil and errname == "ERANGE", tostring(text))
		assert(text:find("(offset 20: ifindex)", 1, true), text)
		assert(x.attr == "ifindex", tostring(x.attr))
	`)
}

// leHelpers reads little-endian integers (this test's machines are x86 and
// arm64 little-endian; netlink is host-endian) without string.unpack, which
// the runtime adds, not luabind.
const leHelpers = `
	function le(s, pos, n)
		local v = 0
		for i = n - 1, 0, -1 do v = v * 256 + s:byte(pos + i) end
		return v
	end
	function align4(n) return n + (4 - n % 4) % 4 end
`

// netlink.explain of the extack of a failed sock:request shows the request
// as it went out — the seq and the flags sock:request filled in — also when
// the script passes the table it wrote (seq and ACK absent there).
func TestExplainExtackShowsSentBytes(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, leHelpers+`
		local s = assert(netlink.open("route"))
		s:seq(); s:seq(); s:seq() -- so the seq used is not 1
		local req = {type = rtnl.RTM_NEWLINK, flags = netlink.F_CREATE + netlink.F_EXCL,
			payload = string.rep("\0", 16) .. netlink.attr(rtnl.IFLA_IFNAME, string.rep("x", 34) .. "\0")}
		local _, _, _, x = s:request(req)
		local seq = le(x.request, 9, 4)
		assert(seq == 4, "seq as sent: " .. seq)
		for _, text in ipairs{netlink.explain(x), netlink.explain(x, "route", {request = req})} do
			assert(text:find("nlmsg_seq     4\n", 1, true), text)
			assert(text:find("REQUEST|ACK|EXCL|CREATE", 1, true), text)
			assert(text:find("-34 = ERANGE", 1, true), text)
			assert(text:find("IFLA_IFNAME (type 3) len 39", 1, true), text)
			assert(text:find("the ext-ack offset points here", 1, true), text)
		end
	`)
}

// newState is a fresh Lua state with every module open.
func newState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *luabind.Env) {
	return luabindtest.NewState(tb, luabind.Options{DefaultNS: ns}, Families...)
}
