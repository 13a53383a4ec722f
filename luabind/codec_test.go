package luabind_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

func TestConstantsAndRequire(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	luabindtest.MustRun(t, L, `
		assert(require("netlink") == netlink, "require netlink")
		assert(require("netns") == netns, "require netns")
		assert(netlink.ROUTE == 0 and netlink.GENERIC == 16 and netlink.NETFILTER == 12)
		assert(netlink.SOCK_DIAG == 4 and netlink.AUDIT == 9 and netlink.XFRM == 6)
		assert(netlink.KOBJECT_UEVENT == 15 and netlink.CONNECTOR == 11)
		assert(netlink.F_REQUEST == 1 and netlink.F_MULTI == 2 and netlink.F_ACK == 4)
		assert(netlink.F_ECHO == 8 and netlink.F_DUMP == 0x300 and netlink.F_ROOT == 0x100)
		assert(netlink.F_MATCH == 0x200 and netlink.F_CREATE == 0x400 and netlink.F_EXCL == 0x200)
		assert(netlink.F_REPLACE == 0x100 and netlink.F_DUMP_INTR == 0x10)
		assert(netlink.NLMSG_ERROR == 2 and netlink.NLMSG_DONE == 3 and netlink.NLMSG_MIN_TYPE == 16)
	`)
}

func TestEncodeDecode(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	luabindtest.MustRun(t, L, `
		local b = netlink.encode{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, seq = 7, pid = 9, payload = "abcde"}
		assert(#b == 24, "padded to 24, got " .. #b)
		assert(b:byte(1) == 21, "len is 16+5")
		local ms = assert(netlink.decode(b, "route"))
		assert(#ms == 1)
		local m = ms[1]
		assert(m.len == 21 and m.type == 18 and m.flags == 0x301 and m.seq == 7 and m.pid == 9, "header")
		assert(m.payload == "abcde", "payload")
		assert(m.name == "RTM_GETLINK", "name " .. tostring(m.name))
		-- the length field in a table is ignored: always computed
		assert(netlink.encode{type = 18, len = 1000} == netlink.encode{type = 18})
		-- batches: an array of messages is one buffer
		local two = netlink.encode{{type = 16, seq = 1}, {type = 17, seq = 2, payload = "x"}}
		local ds = assert(netlink.decode(two))
		assert(#ds == 2 and ds[1].seq == 1 and ds[2].payload == "x" and ds[2].len == 17)
		-- a decoded table encodes back to the same bytes
		assert(netlink.encode(ds[2]) == netlink.encode{type = 17, seq = 2, payload = "x"})
		-- without proto only control types are named
		assert(ds[1].name == nil)
		assert(#assert(netlink.decode("")) == 0)
	`)
}

func TestDecodeErrorMessage(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	// NLMSG_ERROR carrying -ERANGE (34), the request header, and an ext-ack
	// message attribute (NLMSGERR_ATTR_MSG = 1) flagged by NLM_F_ACK_TLVS.
	luabindtest.MustRun(t, L, `
		local function u32(n) return string.char(n % 256, math.floor(n / 256) % 256, math.floor(n / 65536) % 256, math.floor(n / 16777216) % 256) end
		local req = netlink.encode{type = 16, flags = 5, seq = 3}
		local payload = u32(4294967296 - 34) .. req .. netlink.attr(1, "bad thing\0") .. netlink.attr(2, u32(32))
		local b = netlink.encode{type = netlink.NLMSG_ERROR, flags = 0x100 + 0x200, seq = 3, payload = payload}
		local m = assert(netlink.decode(b, "route"))[1]
		assert(m.name == "NLMSG_ERROR")
		assert(m.error == -34, "error " .. tostring(m.error))
		assert(m.errname == "ERANGE", tostring(m.errname))
		assert(m.request.type == 16 and m.request.seq == 3)
		assert(m.extack and m.extack.msg == "bad thing", "extack msg")
		assert(m.extack.offset == 32, "extack offset")
		-- an ACK
		local ack = assert(netlink.decode(netlink.encode{type = 2, flags = 0x100, payload = u32(0) .. req}))[1]
		assert(ack.error == 0 and ack.errname == nil)
		-- DONE with an errno
		local done = assert(netlink.decode(netlink.encode{type = 3, payload = u32(4294967296 - 4)}))[1]
		assert(done.name == "NLMSG_DONE" and done.error == -4)
	`)
}

func TestAttrs(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	luabindtest.MustRun(t, L, `
		local a = netlink.attr(3, "lo\0")
		assert(#a == 8 and a:byte(1) == 7 and a:byte(3) == 3, "attr header and padding")
		local nest = netlink.attr(18 + netlink.NLA_F_NESTED, netlink.attr(1, "veth") .. netlink.attr(2, ""))
		local as = assert(netlink.attrs(a .. nest))
		assert(#as == 2)
		assert(as[1].type == 3 and as[1].data == "lo\0" and as[1].nested == false and as[1].offset == 0)
		assert(as[2].type == 18 and as[2].nested == true and as[2].offset == 8)
		local inner = assert(netlink.attrs(as[2].data))
		assert(#inner == 2 and inner[1].data == "veth" and inner[2].data == "")
		assert(#netlink.attr(1) == 4, "attr without data")
		assert(#assert(netlink.attrs("")) == 0)
	`)
}

func TestMalformedBytes(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"short header", `return netlink.decode("abc")`, "offset 0"},
		{"nlmsg_len too small", `return netlink.decode("\8\0\0\0" .. string.rep("\0", 12))`, "nlmsg_len 8 < 16"},
		{"nlmsg_len past end", `return netlink.decode("\200\0\0\0" .. string.rep("\0", 12))`, "exceeds"},
		{"second message bad", `return netlink.decode(netlink.encode{type=16} .. "\1\2")`, "offset 16"},
		{"nla_len too small", `return netlink.attrs("\3\0\1\0")`, "nla_len 3 < 4"},
		{"nla_len zero", `return netlink.attrs("\0\0\1\0")`, "nla_len 0"},
		{"nla_len past end", `return netlink.attrs("\200\0\1\0abcd")`, "exceeds"},
		{"attr trailing", `return netlink.attrs(netlink.attr(1, "abcd") .. "\1")`, "offset 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			L, _ := newState(t, nlsock.Host())
			if err := L.DoString(tt.code); err != nil {
				t.Fatalf("raised %v; want nil, msg", err)
			}
			if L.Get(1) != lua.LNil {
				t.Fatalf("first value %v, want nil", L.Get(1))
			}
			msg, name := L.Get(2).String(), L.Get(3).String()
			if !strings.Contains(msg, tt.want) || name != "EINVAL" {
				t.Fatalf("got %q, %q; want a message containing %q and EINVAL", msg, name, tt.want)
			}
		})
	}
}

func TestArgumentErrors(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"open table", `netlink.open({})`, "bad argument #1 to netlink.open (protocol number or name expected, got table)"},
		{"open negative", `netlink.open(-1)`, "bad argument #1 to netlink.open (protocol must be an integer"},
		{"open fraction", `netlink.open(1.5)`, "protocol must be an integer"},
		{"open unknown name", `netlink.open("nosuch")`, `unknown netlink protocol "nosuch"`},
		{"open ns string", `netlink.open("route", "myns")`, `bad argument #2 to netlink.open (namespace must be nil, "host"`},
		{"open ns number", `netlink.open("route", 3)`, "bad argument #2 to netlink.open (namespace"},
		{"open ns bad key", `netlink.open("route", {netns = "x"})`, `unknown namespace field "netns"`},
		{"open ns two keys", `netlink.open("route", {name = "x", pid = 1})`, "exactly one of pid, path, name"},
		{"open ns pid string", `netlink.open("route", {pid = "1"})`, "field 'pid' must be a number"},
		{"open ns empty path", `netlink.open("route", {path = ""})`, "field 'path' must be a non-empty string"},
		{"encode nil", `netlink.encode()`, "bad argument #1 to netlink.encode (message table expected, got nil)"},
		{"encode no type", `netlink.encode{}`, "needs a numeric 'type' field"},
		{"encode type range", `netlink.encode{type = 70000}`, "field 'type' must be an integer from 0 to 65535"},
		{"encode flags type", `netlink.encode{type = 16, flags = "ack"}`, "field 'flags' must be a number, got string"},
		{"encode seq negative", `netlink.encode{type = 16, seq = -1}`, "field 'seq' must be an integer"},
		{"encode payload", `netlink.encode{type = 16, payload = 5}`, "field 'payload' must be a string, got number"},
		{"encode batch element", `netlink.encode{{type = 16}, 5}`, "element 2 of the message array must be a table"},
		{"decode number", `netlink.decode(5)`, "bad argument #1 to netlink.decode (bytes (a string) expected, got number)"},
		{"decode proto", `netlink.decode("", {})`, "bad argument #2 to netlink.decode"},
		{"attrs nil", `netlink.attrs()`, "bad argument #1 to netlink.attrs"},
		{"attr type", `netlink.attr("x", "")`, "bad argument #1 to netlink.attr (attribute type expected, got string)"},
		{"attr range", `netlink.attr(65536, "")`, "attribute type must be an integer from 0 to 65535"},
		{"attr data", `netlink.attr(1, {})`, "bad argument #2 to netlink.attr"},
		{"attr too long", `netlink.attr(1, string.rep("a", 70000))`, "do not fit in one attribute"},
		{"exec argv", `netns.exec(nil, {})`, "bad argument #2 to netns.exec (argv"},
		{"exec argv element", `netns.exec(nil, {"ip", {}})`, "argv[2] must be a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			L, _ := newState(t, nlsock.Host())
			luabindtest.WantError(t, L, tt.code, tt.want)
		})
	}
}

func TestGuardTurnsPanicsIntoLuaErrors(t *testing.T) {
	L, _ := newState(t, nlsock.Host())
	L.SetGlobal("boom", L.NewFunction(luabind.Guard("netlink.boom", func(L *lua.LState) int {
		var m map[string]int
		//lint:ignore SA5000 the panic is what the guard must turn into a Lua error
		m["x"] = 1
		return 0
	})))
	luabindtest.WantError(t, L, `boom()`, "internal error in netlink.boom: assignment to entry in nil map")
	luabindtest.MustRun(t, L, `
		local ok, err = pcall(boom)
		assert(not ok and err:find("internal error in netlink.boom", 1, true))
	`)
	// Lua errors raised on purpose pass through unchanged.
	L.SetGlobal("argfail", L.NewFunction(luabind.Guard("netlink.argfail", func(L *lua.LState) int {
		luabind.ArgError(L, "netlink.argfail", 1, "nope")
		return 0
	})))
	luabindtest.WantError(t, L, `argfail()`, "bad argument #1 to netlink.argfail (nope)")
}

func TestOpenWithoutPackageLib(t *testing.T) {
	L := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer L.Close()
	lua.OpenBase(L)
	env := luabind.Open(L, luabind.Options{}, nil)
	defer env.Close()
	luabindtest.MustRun(t, L, `assert(netlink.F_ACK == 4 and netns.new ~= nil)`)
}

// newState is a fresh Lua state with only netlink and netns open.
func newState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *luabind.Env) {
	return luabindtest.NewState(tb, luabind.Options{DefaultNS: ns})
}
