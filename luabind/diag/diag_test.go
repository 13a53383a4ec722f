package diag

import (
	"bufio"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

func TestDiagSockets(t *testing.T) {
	py := nlsocktest.LookPath(t, "python3", "python3")
	ns := nlsocktest.NewNamespace(t)
	if err := ns.NetNS().Run(exec.Command("ip", "link", "set", "lo", "up")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "l.sock")
	cmd := exec.Command(py, "-c", `
import socket, sys
l = socket.socket(); l.bind(("127.0.0.1", 7000)); l.listen(5)
c = socket.create_connection(("127.0.0.1", 7000)); a, _ = l.accept()
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(("::1", 7001))
x = socket.socket(socket.AF_UNIX); x.bind(sys.argv[1]); x.listen(1)
print("ready", flush=True); sys.stdin.read()`, path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := ns.NetNS().Start(cmd); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "ready\n" {
		t.Fatalf("helper: %q", line)
	}
	L, _ := newState(t, ns.NetNS())
	L.SetGlobal("path", lua.LString(path))
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("sock_diag"))
		local all = assert(diag.sockets(s))
		assert(#all == 5, #all)
		local listen = assert(diag.sockets(s, {family = "inet", protocol = "tcp", states = {"LISTEN"}}))
		assert(#listen == 1)
		local l = listen[1]
		assert(l.netid == "tcp" and l.state == "LISTEN" and l.src == "127.0.0.1" and l.sport == 7000 and l.wqueue == 5, l.state)
		assert(l.dst == "0.0.0.0" and l.dport == 0 and l.inode > 0 and l.uid == 0)
		local est = assert(diag.sockets(s, {family = "inet", states = {"ESTAB"}}))
		assert(#est == 2 and est[1].protocol == "tcp")
		local udp = assert(diag.sockets(s, {family = "inet6", protocol = "udp"}))
		assert(#udp == 1 and udp[1].src == "::1" and udp[1].sport == 7001 and udp[1].state == "UNCONN")
		local ux = assert(diag.sockets(s, {family = "unix"}))
		assert(#ux == 1 and ux[1].path == path and ux[1].type == "stream" and ux[1].netid == "u_str" and ux[1].state == "LISTEN")

		-- sock:request replies carry the same body
		local req = string.char(diag.AF_INET, diag.IPPROTO_TCP, 0, 0, 255, 255, 255, 255) .. string.rep("\0", 40) .. string.rep("\255", 8)
		local replies = assert(s:request{type = diag.SOCK_DIAG_BY_FAMILY, flags = netlink.F_DUMP, payload = req})
		assert(#replies == 3 and replies[1].name == "SOCK_DIAG_BY_FAMILY" and replies[1].body.family == "inet")
		assert(replies[1].body.protocol == nil and replies[1].body.sport > 0 and replies[1].body.state ~= nil)
	`)
}

func TestDiagArgumentErrors(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t), Module)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("sock_diag"))`)
	tests := []struct{ code, want string }{
		{`diag.sockets(s, {family = "ipx"})`, `unknown family "ipx"`},
		{`diag.sockets(s, {protocol = "sctp"})`, `unknown protocol "sctp"`},
		{`diag.sockets(s, {states = {"NOPE"}})`, `unknown state "NOPE"`},
		{`diag.sockets(s, 5)`, "filter table expected, got number"},
		{`diag.sockets(nil)`, "sock_diag socket expected, got nil"},
	}
	for _, tt := range tests {
		luabindtest.WantError(t, L, tt.code, tt.want)
	}
}

// newState is a fresh Lua state with netlink, netns and this package's module open.
func newState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *luabind.Env) {
	return luabindtest.NewState(tb, luabind.Options{DefaultNS: ns}, Module)
}
