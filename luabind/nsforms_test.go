package luabind_test

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// hasMarker is Lua that dumps IPv4 addresses on a socket and reports whether
// 10.123.45.67 is among them.
const hasMarker = `
	local function has_marker(s)
		local r = assert(s:request{type = 22, flags = netlink.F_DUMP, payload = string.char(2, 0, 0, 0, 0, 0, 0, 0)})
		for _, m in ipairs(r) do
			for _, a in ipairs(assert(netlink.attrs(m.payload:sub(9)))) do
				if a.type == 2 and a.data == string.char(10, 123, 45, 67) then return true end
			end
		end
		return false
	end
`

// netlink.open with {pid=}, {path=}, {name=} and a netns object lands in
// that namespace: a marker address added there is seen, and not from the
// host.
func TestOpenNamespaceForms(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	sleep := exec.Command("sleep", "60")
	if err := ns.NetNS().Start(sleep); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sleep.Process.Kill(); sleep.Wait() })
	name := fmt.Sprintf("nlsh-luabind-%d", os.Getpid())
	if out, err := exec.Command("ip", "netns", "attach", name, fmt.Sprint(sleep.Process.Pid)).CombinedOutput(); err != nil {
		t.Fatalf("ip netns attach: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("ip", "netns", "del", name).Run() })

	L, _ := newState(t, ns.NetNS())
	L.SetGlobal("pid", lua.LNumber(sleep.Process.Pid))
	L.SetGlobal("name", lua.LString(name))
	luabindtest.MustRun(t, L, hasMarker+`
		local s = assert(netlink.open("route"))
		assert(s:request{type = 20, flags = netlink.F_CREATE + netlink.F_EXCL,
			payload = string.char(2, 32, 0, 0, 1, 0, 0, 0) .. netlink.attr(2, string.char(10, 123, 45, 67))})
		assert(has_marker(s), "default namespace")
		for _, ns in ipairs{{pid = pid}, {path = "/proc/" .. pid .. "/ns/net"}, {name = name}} do
			local k, v = next(ns)
			local o = assert(netlink.open("route", ns))
			assert(has_marker(o), "open with " .. k .. "=" .. tostring(v))
			o:close()
		end
		local h = assert(netlink.open("route", "host"))
		assert(not has_marker(h), "the host does not have it")
		h:close()
	`)
}
