//go:build linux

package luabind

import (
	"math"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// Protocol numbers luabind itself needs (the rest come from nlsock).
const (
	ProtoRoute     = 0  // NETLINK_ROUTE
	ProtoSockDiag  = 4  // NETLINK_SOCK_DIAG
	ProtoNetfilter = 12 // NETLINK_NETFILTER
	ProtoGeneric   = 16 // NETLINK_GENERIC
)

// maxProto bounds the protocol numbers netlink.open accepts (MAX_LINKS).
const maxProto = 31

var flagConstants = []struct {
	name string
	v    uint16
}{
	{"F_REQUEST", nlsock.FlagRequest}, {"F_MULTI", nlsock.FlagMulti}, {"F_ACK", nlsock.FlagAck},
	{"F_ECHO", nlsock.FlagEcho}, {"F_DUMP_INTR", nlsock.FlagDumpIntr},
	{"F_DUMP_FILTERED", nlsock.FlagDumpFiltered},
	{"F_ROOT", nlsock.FlagRoot}, {"F_MATCH", nlsock.FlagMatch}, {"F_ATOMIC", nlsock.FlagAtomic},
	{"F_DUMP", nlsock.FlagDump},
	{"F_REPLACE", nlsock.FlagReplace}, {"F_EXCL", nlsock.FlagExcl}, {"F_CREATE", nlsock.FlagCreate},
	{"F_APPEND", nlsock.FlagAppend},
	{"F_NONREC", nlsock.FlagNonrec}, {"F_BULK", nlsock.FlagBulk},
	{"F_CAPPED", nlsock.FlagCapped}, {"F_ACK_TLVS", nlsock.FlagAckTLVs},
	{"NLMSG_NOOP", nlsock.TypeNoop}, {"NLMSG_ERROR", nlsock.TypeError},
	{"NLMSG_DONE", nlsock.TypeDone}, {"NLMSG_OVERRUN", nlsock.TypeOverrun},
	{"NLMSG_MIN_TYPE", nlsock.TypeMinFamily},
	{"NLA_F_NESTED", nlsock.AttrNested}, {"NLA_F_NET_BYTEORDER", nlsock.AttrNetByteOrder},
}

// openNetlink builds the netlink module table.
func openNetlink(e *Env, L *lua.LState) *lua.LTable {
	registerBuiltinFamilies(e)
	t := L.CreateTable(0, 64)
	SetFuncs(L, t, []Binding{
		{"netlink.open", e.luaOpen},
		{"netlink.encode", e.luaEncode},
		{"netlink.decode", e.luaDecode},
		{"netlink.attrs", luaAttrs},
		{"netlink.attr", luaAttr},
		{"netlink.pcap", e.luaPcap}, {"netlink.monitor", e.luaMonitor}, // capture.go, monitor.go
		{"netlink.explain", e.luaExplain}, // explain.go
	})
	for p := 0; p <= maxProto; p++ {
		if name := nlsock.ProtocolName(p); name != "" {
			t.RawSetString(strings.ToUpper(name), lua.LNumber(p))
		}
	}
	for _, c := range flagConstants {
		t.RawSetString(c.name, lua.LNumber(c.v))
	}
	t.RawSetString("HDRLEN", lua.LNumber(nlsock.HeaderLen))
	return t
}

// checkProto reads argument n as a protocol number or name.
func checkProto(L *lua.LState, fn string, n, pos int) int {
	switch v := L.Get(n).(type) {
	case lua.LNumber:
		// Unknown numbers go to the kernel, which says EPROTONOSUPPORT.
		return int(IntIn(L, fn, pos, "protocol", float64(v), 0, math.MaxInt32))
	case lua.LString:
		if p, ok := nlsock.ParseProtocol(strings.ToLower(string(v))); ok {
			return p
		}
		ArgError(L, fn, pos, "unknown netlink protocol %q (try %s)", string(v), protocolList())
	default:
		ArgError(L, fn, pos, "protocol number or name expected, got %s", TypeName(v))
	}
	return 0
}

func protocolList() string {
	var names []string
	for p := 0; p <= maxProto; p++ {
		if name := nlsock.ProtocolName(p); name != "" {
			names = append(names, `"`+name+`"`)
		}
	}
	return strings.Join(names, ", ")
}

// ProtoLabel names a protocol for messages ("route", or "protocol 23").
func ProtoLabel(p int) string {
	if name := nlsock.ProtocolName(p); name != "" {
		return name
	}
	return "protocol " + lua.LNumber(p).String()
}

// netlink.encode(msg) -> bytes. msg is a message table or an array of them;
// len is computed, missing fields are 0.
func (e *Env) luaEncode(L *lua.LState) int {
	msgs, _ := tableMsgs(L, 1, MsgSpec{Fn: "netlink.encode", Arg: 1})
	var b []byte
	for _, m := range msgs {
		b = nlsock.AppendMessage(b, m)
	}
	L.Push(lua.LString(b))
	return 1
}

// netlink.decode(bytes [, proto]) -> array of message tables, or nil, msg,
// "EINVAL" for malformed bytes.
func (e *Env) luaDecode(L *lua.LState) int {
	b := checkBytes(L, "netlink.decode", 1, 1, "bytes")
	proto := protoNone
	if L.Get(2) != lua.LNil {
		proto = checkProto(L, "netlink.decode", 2, 2)
	}
	msgs, err := nlsock.ParseMessages(b)
	if err != nil {
		return malformed(L, "decode: "+err.Error())
	}
	t := L.CreateTable(len(msgs), 0)
	for i, m := range msgs {
		t.RawSetInt(i+1, e.MsgTable(L, m, proto))
	}
	L.Push(t)
	return 1
}

// netlink.attrs(bytes) -> array of {type=, nested=, data=, offset=}.
func luaAttrs(L *lua.LState) int {
	b := checkBytes(L, "netlink.attrs", 1, 1, "bytes")
	attrs, err := nlsock.ParseAttrs(b)
	if err != nil {
		return malformed(L, "attrs: "+err.Error())
	}
	t := L.CreateTable(len(attrs), 0)
	for i, a := range attrs {
		at := L.CreateTable(0, 5)
		at.RawSetString("type", lua.LNumber(a.Type))
		at.RawSetString("nested", lua.LBool(a.Nested))
		if a.NetByteOrder {
			at.RawSetString("net_byteorder", lua.LTrue)
		}
		at.RawSetString("data", lua.LString(a.Data))
		at.RawSetString("offset", lua.LNumber(a.Offset))
		t.RawSetInt(i+1, at)
	}
	L.Push(t)
	return 1
}

// netlink.attr(type, data) -> bytes of one attribute, padding included.
func luaAttr(L *lua.LState) int {
	const fn = "netlink.attr"
	typ := CheckInt(L, fn, 1, 1, "attribute type", 0, 0xffff)
	var data []byte
	if L.Get(2) != lua.LNil {
		data = checkBytes(L, fn, 2, 2, "data")
	}
	if len(data) > 0xffff-nlsock.AttrHeaderLen {
		ArgError(L, fn, 2, "%d bytes do not fit in one attribute (at most %d)", len(data), 0xffff-nlsock.AttrHeaderLen)
	}
	L.Push(lua.LString(nlsock.AppendAttr(nil, uint16(typ), data)))
	return 1
}

// checkBytes reads argument n as a string of bytes.
func checkBytes(L *lua.LState, fn string, n, pos int, what string) []byte {
	s, ok := L.Get(n).(lua.LString)
	if !ok {
		ArgError(L, fn, pos, "%s (a string) expected, got %s", what, TypeName(L.Get(n)))
	}
	return []byte(s)
}

// malformed pushes nil, msg, "EINVAL" for bytes that do not parse.
func malformed(L *lua.LState, msg string) int {
	L.Push(lua.LNil)
	L.Push(lua.LString(msg))
	L.Push(lua.LString("EINVAL"))
	return 3
}
