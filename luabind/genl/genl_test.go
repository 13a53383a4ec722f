package genl

import (
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

func TestGenlFamilies(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("generic"))
		local fams = assert(genl.families(s))
		assert(#fams >= 2, "families: " .. #fams)
		local ctrl
		for _, f in ipairs(fams) do if f.name == "nlctrl" then ctrl = f end end
		assert(ctrl, "no nlctrl")
		assert(ctrl.id == genl.GENL_ID_CTRL and ctrl.version == 2, ctrl.id)
		assert(ctrl.groups.notify == 16, tostring(ctrl.groups.notify))
		assert(ctrl.ops[1].id == genl.CTRL_CMD_GETFAMILY)
		local flags = table.concat(ctrl.ops[1].flags, ",")
		assert(flags == "cmd-cap-do,cmd-cap-dump,cmd-cap-haspol", flags)

		local f = assert(genl.family(s, "nlctrl"))
		assert(f.name == "nlctrl" and f.id == 16)
		local none, msg, errname = genl.family(s, "no-such-family")
		assert(none == nil and errname == "ENOENT", tostring(msg))

		local p = assert(genl.policy(s, "nlctrl"))
		local get = p.ops[genl.CTRL_CMD_GETFAMILY]
		local name = p.policies[get["do"]][genl.CTRL_ATTR_FAMILY_NAME]
		assert(name.type == "nul-string" and name.max_len > 0, name.type)

		assert(s:join("nlctrl:notify"))
		s:close()
		local x, m2, e2 = genl.families(s)
		assert(x == nil and e2 == "EBADF", tostring(m2))
	`)
}

func TestGenlRequestAndBody(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("generic"))
		-- by name, long and short attribute forms
		local r = assert(genl.request(s, "nlctrl", genl.CTRL_CMD_GETFAMILY, {{type = genl.CTRL_ATTR_FAMILY_NAME, string = "nlctrl"}}))
		assert(#r == 1, #r)
		local b = r[1].body
		assert(r[1].name == "GENL_ID_CTRL", tostring(r[1].name))
		assert(b.name == "nlctrl" and b.cmd == 1 and b.cmd_name == "CTRL_CMD_NEWFAMILY", b.cmd_name)
		assert(b.groups.notify == 16)
		r = assert(genl.request(s, 16, genl.CTRL_CMD_GETFAMILY, {{genl.CTRL_ATTR_FAMILY_NAME, "nlctrl"}}, {version = 2}))
		assert(r[1].body.name == "nlctrl")
		r = assert(genl.request(s, genl.GENL_ID_CTRL, genl.CTRL_CMD_GETFAMILY, {{type = genl.CTRL_ATTR_FAMILY_ID, u16 = 16}}))
		assert(r[1].body.name == "nlctrl")
		-- dump
		local all = assert(genl.request(s, "nlctrl", genl.CTRL_CMD_GETFAMILY, nil, {dump = true}))
		assert(#all >= 2, #all)
		-- kernel error with errname
		local x, msg, errname = genl.request(s, "nlctrl", genl.CTRL_CMD_GETFAMILY, {{genl.CTRL_ATTR_FAMILY_NAME, "nope"}})
		assert(x == nil and errname == "ENOENT", tostring(msg))
		-- the same decoding through sock:request
		local raw = assert(s:request{type = 16, payload = string.char(3, 2, 0, 0) .. netlink.attr(2, "nlctrl\0")})
		assert(raw[1].body.name == "nlctrl")
	`)
}

func TestGenlArgumentErrors(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t), Module)
	luabindtest.MustRun(t, L, `g = assert(netlink.open("generic")); r = assert(netlink.open("route"))`)
	tests := []struct{ code, want string }{
		{`genl.families(42)`, "bad argument #1 to genl.families (generic socket expected, got number)"},
		{`genl.families(r)`, "generic socket expected, got a route socket"},
		{`genl.family(g)`, "bad argument #2 to genl.family (family name expected, got nil)"},
		{`genl.request(g, "nlctrl", 3, {{type = 2}})`, "attribute 1: a value"},
		{`genl.request(g, "nlctrl", 3, {"x"})`, "attribute 1: table expected, got string"},
		{`genl.request(g, "nlctrl", 300)`, "command must be an integer from 0 to 255"},
		{`genl.request(g, true, 3)`, "family name or id expected, got boolean"},
		{`genl.request(g, "nlctrl", 3, {{type = 1, u16 = 70000}})`, "attribute 1 u16 must be an integer from 0 to 65535"},
		{`genl.request(g, "nlctrl", 3, nil, {dmup = true})`, `unknown option "dmup" (known: dump, flags, version, header, timeout)`},
		{`genl.request(g, "nlctrl", 3, nil, {version = "2"})`, "field 'version' must be a number, got string"},
		{`genl.request(g, "nlctrl", 3, nil, {header = 4})`, "field 'header' must be a string of bytes, got number"},
	}
	for _, tt := range tests {
		luabindtest.WantError(t, L, tt.code, tt.want)
	}
}

// newState is a fresh Lua state with netlink, netns and this package's module open.
func newState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *luabind.Env) {
	return luabindtest.NewState(tb, luabind.Options{DefaultNS: ns}, Module)
}
