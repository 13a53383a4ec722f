package luabind_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// TestExplainNamesGenericThroughSpec: a real netdev dev-get reply, read
// on a plain generic socket, is explained with its family, command and
// attributes named through the netdev spec, without opts.families: nlsh
// asks nlctrl for the id's name and loads that family's spec.
func TestExplainNamesGenericThroughSpec(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	t.Setenv("NLSH_SPECS", "")
	L, _ := luabindtest.NewState(t, luabind.Options{DefaultNS: ns.NetNS(), SpecDirs: []string{luabindtest.SpecDir(t)}})
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("generic"))
		-- the netdev family's id, read from nlctrl's reply by hand so that
		-- nothing in nlsh learns the name before explain
		local r = assert(s:request{type = 16, flags = netlink.F_REQUEST,
			payload = string.char(3, 1, 0, 0) .. netlink.attr(2, "netdev\0")})
		local id
		for _, a in ipairs(netlink.attrs(r[1].payload:sub(5))) do
			if a.type == 1 then id = a.data:byte(1) + 256 * a.data:byte(2) end -- host order: little-endian here
		end
		assert(id, "no family id in nlctrl's reply")
		local dump = assert(s:request{type = id, flags = netlink.F_REQUEST + netlink.F_DUMP,
			payload = string.char(1, 1, 0, 0)})
		explained = netlink.explain(dump[1], nil, {hexdump = false})
	`)
	got := lua.LVAsString(L.GetGlobal("explained"))
	for _, w := range []string{`generic netlink family "netdev"`, "= dev-get (netdev spec)", "ifindex (type 1) len 8: 1", "xdp-features (type 3)"} {
		if !strings.Contains(got, w) {
			t.Errorf("no %q in\n%s", w, got)
		}
	}
}
