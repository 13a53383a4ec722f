package ynl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// newYnlState is a fresh Lua state with the ynl module open, whose specs
// are the kernel's (and no $NLSH_SPECS).
func newYnlState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *luabind.Env) {
	tb.Helper()
	tb.Setenv("NLSH_SPECS", "")
	return luabindtest.NewState(tb, luabind.Options{DefaultNS: ns, SpecDirs: []string{luabindtest.SpecDir(tb)}}, Module)
}

// runLeavingNoSocket runs script and fails if a socket it opened is still
// open after it (when is the message's "after fam:close()").
func runLeavingNoSocket(t *testing.T, L *lua.LState, env *luabind.Env, when, script string) {
	t.Helper()
	luabindtest.MustRun(t, L, script)
	if n := env.Sockets(); n != 0 {
		t.Errorf("%d sockets %s", n, when)
	}
}

func TestYnlNetdev(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, env := newYnlState(t, ns.NetNS())
	L.Options.IncludeGoStackTrace = true
	runLeavingNoSocket(t, L, env, "open after fam:close()", `
		local fam = assert(ynl.family("netdev"))
		assert(fam.name == "netdev" and fam.id > 0x10, tostring(fam))
		local devs = assert(fam:dump("dev-get"))
		assert(#devs == 1 and devs[1].ifindex == 1, #devs)
		assert(type(devs[1]["xdp-features"]) == "table")
		local lo = assert(fam:call("dev-get", {ifindex = 1}))
		assert(lo.ifindex == 1)
		lo = assert(fam["do"](fam, "dev-get", {ifindex = 1}))
		assert(lo.ifindex == 1)
		local x, msg, errname, extack = fam:call("dev-get", {ifindex = 4242})
		assert(x == nil and errname == "ENODEV" and msg == "netdev dev-get: no such device", tostring(msg))
		x, msg, errname, extack = fam:call("dev-get", {})
		assert(x == nil and errname == "EINVAL" and extack.missing == "ifindex", msg)
		assert(msg:find("missing attribute ifindex", 1, true), msg)
		x, msg, errname, extack = fam:call("dev-get", {ifindex = 0})
		assert(x == nil and errname == "ERANGE" and extack.attr == "ifindex", msg)

		assert(fam:join("mgmt"))
		assert(netns.exec(nil, {"ip", "link", "add", "y0", "type", "veth", "peer", "name", "y1"}))
		local ev = assert(fam:recv(5))
		assert(ev.op == "dev-add-ntf" and ev.attrs.ifindex > 1, tostring(ev.op))
		local t0, m3, e3 = fam:recv(0.05)
		while t0 do t0, m3, e3 = fam:recv(0.05) end
		assert(e3 == "timeout", m3)

		local s = fam:socket()
		assert(s:protocol() == netlink.GENERIC)
		local ops = fam:ops()
		assert(ops["dev-get"][1] == "do" and ops["dev-get"][2] == "dump")
		fam:close()
		local c, m4, e4 = fam:dump("dev-get")
		assert(c == nil and e4 == "EBADF", m4)
	`)
}

func TestYnlOnGivenSocket(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newYnlState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("generic"))
		local fam = assert(ynl.family("nlctrl", s))
		assert(fam:socket() == s)
		local fams = assert(fam:dump("getfamily"))
		local names = {}
		for _, f in ipairs(fams) do names[f["family-name"]] = f["family-id"] end
		assert(names.nlctrl == 16 and names.netdev, "families")
		local me = assert(fam:call("getfamily", {["family-name"] = "nlctrl"}))
		assert(me.ops[1].id == 3 and me["mcast-groups"][1].name == "notify")
		local flags = table.concat(me.ops[1].flags, ",")
		assert(flags == "cmd-cap-do,cmd-cap-dump,cmd-cap-haspol", flags)
		-- replies read with sock:request decode through the family
		local raw = assert(s:request{type = 16, payload = string.char(3, 2, 0, 0) .. netlink.attr(2, "nlctrl\0")})
		local d = assert(fam:decode(raw[1]))
		assert(d.op == "getfamily" and d.attrs["family-name"] == "nlctrl", tostring(d.op))
		fam:close() -- not ours: the socket stays open
		assert(s:seq())

		local mp = assert(ynl.family("mptcp_pm", s))
		local x, msg, errname, extack = mp:call("get-addr", {addr = {family = 2}})
		assert(x == nil and errname == "EINVAL" and extack.attr == "addr", msg)
		x, msg, errname, extack = mp:call("get-addr")
		assert(x == nil and extack.missing == "addr", msg)
	`)
}

func TestYnlSpecsAndCodec(t *testing.T) {
	L, env := newYnlState(t, nlsock.Host())
	runLeavingNoSocket(t, L, env, "left open by failed ynl.family calls", `
		local names, dirs = ynl.specs()
		local have = {}
		for _, n in ipairs(names) do have[n] = true end
		for _, n in ipairs{"netdev", "nfsd", "nftables", "nlctrl", "rt-netconf"} do -- kernel specs and nlsh's own
			assert(have[n], n .. " missing from " .. table.concat(names, " "))
		end
		assert(dirs[#dirs] == "/usr/local/share/ynl/specs", dirs[#dirs])
		assert(ynl.path("rt-link"):find("rt_link.yaml$"))
		local sp = assert(ynl.spec("netdev"))
		assert(sp.protocol == "genetlink" and sp.groups[1] == "mgmt")
		assert(sp.ops["dev-add-ntf"][1] == "notify:mgmt")
		assert(sp.sets.dev[1] == "ifindex")
		local b = ynl.encode("mptcp_pm", "attr", {addr = {family = 2, port = 80, addr4 = 0x0a000001}, token = 5})
		local t = assert(ynl.decode("mptcp_pm", "attr", b))
		assert(t.addr.port == 80 and t.addr.addr4 == 0x0a000001 and t.token == 5)
		b = ynl.encode("netdev", "dev", {["xdp-features"] = {"basic", "redirect"}})
		t = ynl.decode("netdev", "dev", b)
		assert(table.concat(t["xdp-features"], ",") == "basic,redirect")
		t = ynl.decode("netdev", "dev", b .. netlink.attr(99, "zz"))
		assert(t._unknown[1].type == 99 and t._unknown[1].data == "zz")
		local none, msg, errname = ynl.family("no-such-family")
		assert(none == nil and errname == "ENOENT" and msg:find("no spec for family"), msg)
	`)
}

func TestYnlArgumentErrors(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newYnlState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `fam = assert(ynl.family("netdev")); r = assert(netlink.open("route")); g = assert(netlink.open("generic"))`)
	tests := []struct{ code, want string }{
		{`ynl.family(42)`, "bad argument #1 to ynl.family (family name expected, got number)"},
		{`ynl.family("")`, "bad argument #1 to ynl.family (family name expected, got empty string)"},
		{`ynl.spec("")`, "bad argument #1 to ynl.spec (family name expected, got empty string)"},
		{`ynl.path("")`, "bad argument #1 to ynl.path (family name expected, got empty string)"},
		{`ynl.encode("", "dev", {})`, "bad argument #1 to ynl.encode (family name expected, got empty string)"},
		{`ynl.family("netdev", r)`, "bad argument #2 to ynl.family (generic socket expected, got a route socket)"},
		{`ynl.family("rt-link", g)`, "bad argument #2 to ynl.family (route socket expected, got a generic socket)"},
		{`fam:dump("nope")`, `bad argument #1 to fam:dump (ynl: netdev has no operation "nope" (operations: dev-get,`},
		{`fam:call("dev-get", {ifidx = 1})`, `bad argument #2 to fam:call (ynl netdev dev-get: attribute-set dev has no attribute "ifidx" (attributes: ifindex,`},
		{`fam:call("dev-get", {ifindex = "one"})`, `attribute ifindex (u32): want a number, got string "one"`},
		{`fam:call("dev-get", {ifindex = 1.5})`, "1.5 is not an integer"},
		{`fam:call("dev-get", 5)`, "bad argument #2 to fam:call (attribute table expected, got number)"},
		{`fam:call("dev-get", {1, 2})`, "attribute table with names as keys expected, got a list"},
		{`fam:call("dev-get", {ifindex = 1, [3] = 2})`, "mixes a list"},
		{`fam:call("qstats-get")`, "bad argument #1 to fam:call (ynl netdev: operation qstats-get has no do (it has: dump))"},
		{`fam:dump("dev-add-ntf")`, "operation dev-add-ntf has no dump (it has: notification only)"},
		{`fam.dump("dev-get")`, "use fam:dump(...) (colon)"},
		// fam["do"] is fam:call under API.md's name: errors say which was called
		{`fam["do"](fam, "dev-get", 5)`, "bad argument #2 to fam:do (attribute table expected, got number)"},
		{`fam["do"](fam, 7)`, "bad argument #1 to fam:do (operation name expected, got number)"},
		{`fam["do"](fam, "nope")`, `bad argument #1 to fam:do (ynl: netdev has no operation "nope"`},
		{`fam["do"](fam, "dev-get", {ifidx = 1})`, `bad argument #2 to fam:do (ynl netdev dev-get: attribute-set dev has no attribute "ifidx"`},
		{`fam["do"]("dev-get")`, `use fam:call(...) or fam["do"](fam, ...), not fam["do"](...)`},
		{`fam:call("dev-get", {}, 5)`, "bad argument #3 to fam:call (options table expected, got number)"},
		{`fam:call("dev-get", {}, {flag = 1})`, "bad argument #3 to fam:call (unknown option"},
		{`fam:dump("dev-get", {}, {flags = {"create", "crate"}})`, `bad argument #3 to fam:dump (flags[2]: string is not a request flag (append, create, excl, replace))`},
		{`fam:call("dev-get", {}, {flags = true})`, "field 'flags' must be a number or an array of names, got boolean"},
		{`fam:join(7)`, "bad argument #1 to fam:join (group name expected, got number)"},
		// an unknown group is a mistake in the script, as sock:join("bogus") is
		{`fam:join("nope")`, `bad argument #1 to fam:join (netdev has no multicast group "nope"; it has: mgmt, page-pool)`},
		{`ynl.encode("netdev", "dev", {ifindex = {}})`, "attribute ifindex (u32): want a number, got list"},
		{`ynl.decode("netdev", "devs", "")`, `netdev has no attribute-set "devs"`},
	}
	for _, tt := range tests {
		luabindtest.WantError(t, L, tt.code, tt.want)
	}
	// the keyword: fam:do(...) does not parse in Lua 5.1
	if _, err := L.LoadString(`fam:do("dev-get", {ifindex = 1})`); err == nil {
		t.Error("fam:do(...) parsed; the module doc says it does not")
	}
	// a message is one line
	err := L.DoString(`fam:call("dev-get", {ifindex = "one"})`)
	if first := strings.SplitN(err.Error(), "\n", 2)[0]; !strings.Contains(first, "want a number") {
		t.Errorf("error's first line %q", first)
	}
}

// TestYnlRawFamily drives rt-link (netlink-raw: route socket, ifinfomsg
// fixed header, message types as commands) by spec.
func TestYnlRawFamily(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, env := newYnlState(t, ns.NetNS())
	runLeavingNoSocket(t, L, env, "open after fam:close()", `
		local fam = assert(ynl.family("rt-link"))
		assert(fam:socket():protocol() == netlink.ROUTE and fam.id == 0 and fam.version == nil)
		local links = assert(fam:dump("getlink"))
		assert(#links == 1 and links[1].ifname == "lo" and links[1]["ifi-index"] == 1, #links)
		assert(fam:join("rtnlgrp-link"))
		local ok, msg = pcall(fam.join, fam, "link")
		assert(not ok and msg:find('bad argument #1 to fam:join (rt-link has no multicast group "link"; it has: rtnlgrp-link, rtnlgrp-stats', 1, true), msg)
		assert(netns.exec(nil, {"ip", "link", "add", "y0", "type", "veth", "peer", "name", "y1"}))
		local seen
		repeat
			local ev = assert(fam:recv(5))
			-- 6.12's rt-link declares no notification: RTM_NEWLINK is getlink's reply
			seen = ev.op == "getlink" and ev.attrs.ifname == "y0"
		until seen
		local one = assert(fam:call("getlink", {ifname = "y0"}))
		assert(one.linkinfo.kind == "veth", tostring(one.linkinfo.kind))
		local none, m2, e2 = fam:call("getlink", {ifname = "nope0"})
		assert(none == nil and e2 == "ENODEV", m2)
		fam:close()
	`)
}

// TestYnlCreateFlags: rt-link's newlink creates a link only with
// NLM_F_CREATE, which {flags = {"create"}} (or the number) adds; without it
// the kernel looks for an existing link.
func TestYnlCreateFlags(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newYnlState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local fam = assert(ynl.family("rt-link"))
		local veth = {ifname = "c0", linkinfo = {kind = "veth"}}
		local none, msg, errname = fam:call("newlink", veth)
		assert(none == nil and errname == "ENODEV", "without create: " .. tostring(msg))
		assert(fam:call("newlink", veth, {flags = {"create", "excl"}}))
		none, msg, errname = fam:call("newlink", veth, {flags = netlink.F_CREATE + netlink.F_EXCL})
		assert(none == nil and errname == "EEXIST", "excl as a number: " .. tostring(msg))
		local ok, out = netns.exec(nil, {"ip", "-o", "link", "show", "c0"})
		assert(ok and out:find("c0", 1, true), out)
		fam:close()
	`)
}

// TestYnlJoinGroupKernelLacks: a group the spec lists but the running
// kernel does not offer is a failure, not an argument error.
func TestYnlJoinGroupKernelLacks(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newYnlState(t, ns.NetNS())
	b, err := os.ReadFile(filepath.Join(luabindtest.SpecDir(t), "netdev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "mcast-groups:\n  list:\n", "mcast-groups:\n  list:\n    -\n      name: not-in-kernel\n", 1)
	p := filepath.Join(t.TempDir(), "netdev.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	L.SetGlobal("path", lua.LString(p))
	luabindtest.MustRun(t, L, `
		local fam = assert(ynl.family(path))
		local x, msg, errname = fam:join("not-in-kernel")
		assert(x == nil and errname == "ENOENT" and msg:find("(groups: mgmt, page-pool)", 1, true), msg)
		assert(fam:join("mgmt"))
	`)
}
