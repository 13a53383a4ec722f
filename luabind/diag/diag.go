//go:build linux

package diag

import (
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/diag"
	lua "github.com/yuin/gopher-lua"
)

// Module is the diag module, for luabind.Open.
var Module = luabind.Module{Name: "diag", Open: openDiag}

// openDiag builds the diag module: socket dumps as ss shows them and the
// body decoder of NETLINK_SOCK_DIAG messages.
func openDiag(e *luabind.Env, L *lua.LState) *lua.LTable {
	t := L.CreateTable(0, 24)
	luabind.SetFuncs(L, t, []luabind.Binding{{"diag.sockets", luaDiagSockets}})
	for k, v := range map[string]int{
		"SOCK_DIAG_BY_FAMILY": int(diag.SockDiagByFamily),
		"AF_UNIX":             int(diag.FamilyUnix), "AF_INET": int(diag.FamilyINet), "AF_INET6": int(diag.FamilyINet6),
		"IPPROTO_TCP": int(diag.ProtoTCP), "IPPROTO_UDP": int(diag.ProtoUDP),
	} {
		t.RawSetString(k, lua.LNumber(v))
	}
	states := L.NewTable()
	for s := uint8(1); s <= diag.StateBoundInactive; s++ {
		states.RawSetInt(int(s), lua.LString(diag.StateName(s)))
	}
	t.RawSetString("states", states)
	e.SetBodyDecoder(luabind.ProtoSockDiag, diagBody)
	e.SetTypeNames(luabind.ProtoSockDiag, diag.MsgTypeName)
	return t
}

// diag.sockets(sock [, {family=, protocol=, states=}]) -> array of socket
// tables. family is "inet", "inet6" or "unix"; protocol "tcp" or "udp"
// (inet only); states an array of state names ("LISTEN", "ESTAB"). A
// missing family means all three, a missing protocol tcp and udp: what
// `ss -tuanx` lists.
func luaDiagSockets(L *lua.LState) int {
	const fn = "diag.sockets"
	s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoSockDiag)
	if s == nil {
		return n
	}
	filters := diagFilters(L, fn, 2)
	out := L.NewTable()
	ctx := luabind.Context(L)
	for _, f := range filters {
		socks, err := diag.Sockets(ctx, s.Sock, f)
		if err != nil {
			return luabind.IOFailure(L, ctx, err)
		}
		for i := range socks {
			out.Append(diagSocket(L, &socks[i]))
		}
	}
	L.Push(out)
	return 1
}

func diagFilters(L *lua.LState, fn string, pos int) []diag.Filter {
	var fams, protos []uint8
	var states uint32
	switch t := L.Get(pos).(type) {
	case *lua.LNilType:
	case *lua.LTable:
		if msg := luabind.UnknownField(t, "filter field", "family", "protocol", "states"); msg != "" {
			luabind.ArgError(L, fn, pos, "%s", msg)
		}
		fams = diagChoice(L, fn, pos, t, "family", map[string]uint8{"inet": diag.FamilyINet, "inet6": diag.FamilyINet6, "unix": diag.FamilyUnix})
		protos = diagChoice(L, fn, pos, t, "protocol", map[string]uint8{"tcp": diag.ProtoTCP, "udp": diag.ProtoUDP})
		states = diagStates(L, fn, pos, t.RawGetString("states"))
	default:
		luabind.ArgError(L, fn, pos, "filter table expected, got %s", luabind.TypeName(t))
	}
	if fams == nil {
		fams = []uint8{diag.FamilyINet, diag.FamilyINet6, diag.FamilyUnix}
	}
	if protos == nil {
		protos = []uint8{diag.ProtoTCP, diag.ProtoUDP}
	}
	var fs []diag.Filter
	for _, f := range fams {
		if f == diag.FamilyUnix {
			fs = append(fs, diag.Filter{Family: f, States: states})
			continue
		}
		for _, p := range protos {
			fs = append(fs, diag.Filter{Family: f, Protocol: p, States: states})
		}
	}
	return fs
}

func diagChoice(L *lua.LState, fn string, pos int, t *lua.LTable, key string, names map[string]uint8) []uint8 {
	v := t.RawGetString(key)
	if v == lua.LNil {
		return nil
	}
	if n, ok := names[lua.LVAsString(v)]; ok {
		return []uint8{n}
	}
	luabind.ArgError(L, fn, pos, "unknown %s %q", key, lua.LVAsString(v))
	return nil
}

func diagStates(L *lua.LState, fn string, pos int, v lua.LValue) uint32 {
	t, ok := v.(*lua.LTable)
	if !ok {
		if v != lua.LNil {
			luabind.ArgError(L, fn, pos, "states must be an array of state names")
		}
		return 0
	}
	var mask uint32
	for i := 1; i <= t.Len(); i++ {
		name := lua.LVAsString(t.RawGetInt(i))
		found := false
		for s := uint8(1); s <= diag.StateBoundInactive; s++ {
			if diag.StateName(s) == name {
				mask |= 1 << s
				found = true
			}
		}
		if !found {
			luabind.ArgError(L, fn, pos, "unknown state %q (ESTAB, LISTEN, UNCONN, TIME-WAIT, ...)", name)
		}
	}
	return mask
}

// diagSocket is {netid=, family=, state=, inode=, rqueue=, wqueue=, ...}
// with src/sport/dst/dport/interface/uid for inet and type/path/peer for
// unix sockets.
func diagSocket(L *lua.LState, s *diag.Socket) *lua.LTable {
	t := L.CreateTable(0, 14)
	if s.Family == diag.FamilyUnix || s.Protocol != 0 {
		t.RawSetString("netid", lua.LString(s.NetID()))
	}
	t.RawSetString("family", lua.LString(diag.FamilyName(s.Family)))
	t.RawSetString("state", lua.LString(s.StateName()))
	t.RawSetString("inode", lua.LNumber(s.Inode))
	t.RawSetString("cookie", luabind.ExactUint(L, s.Cookie))
	if s.HasQueues {
		t.RawSetString("rqueue", lua.LNumber(s.RQueue))
		t.RawSetString("wqueue", lua.LNumber(s.WQueue))
	}
	if s.HasUID {
		t.RawSetString("uid", lua.LNumber(s.UID))
	}
	if s.Family == diag.FamilyUnix {
		t.RawSetString("type", lua.LString(diag.UnixTypeName(s.Type)))
		if s.Path != "" {
			t.RawSetString("path", lua.LString(s.Path))
		}
		if s.HasPeer {
			t.RawSetString("peer", lua.LNumber(s.Peer))
		}
		return t
	}
	switch p := s.NetID(); {
	case s.Protocol == 0:
		// a reply read without its request: inet_diag_msg does not say
	case p == "tcp" || p == "udp":
		t.RawSetString("protocol", lua.LString(p))
	default:
		t.RawSetString("protocol", lua.LNumber(s.Protocol))
	}
	t.RawSetString("src", lua.LString(s.Src.Addr().String()))
	t.RawSetString("sport", lua.LNumber(s.Src.Port()))
	t.RawSetString("dst", lua.LString(s.Dst.Addr().String()))
	t.RawSetString("dport", lua.LNumber(s.Dst.Port()))
	if s.Interface != 0 {
		t.RawSetString("interface", lua.LNumber(s.Interface))
	}
	return t
}

// diagBody decodes SOCK_DIAG_BY_FAMILY replies (a request, which carries
// NLM_F_REQUEST, shows its family, protocol and states instead).
func diagBody(L *lua.LState, m nlsock.Message) lua.LValue {
	if m.Header.Type != diag.SockDiagByFamily || len(m.Payload) < 2 {
		return lua.LNil
	}
	if m.Header.Flags&nlsock.FlagRequest != 0 {
		t := L.CreateTable(0, 2)
		t.RawSetString("family", lua.LString(diag.FamilyName(m.Payload[0])))
		if m.Payload[0] != diag.FamilyUnix {
			t.RawSetString("protocol", lua.LNumber(m.Payload[1]))
		}
		return t
	}
	s, err := diag.Parse(m.Payload[0], 0, m.Payload)
	t := diagSocket(L, &s)
	if err != nil {
		t.RawSetString("error", lua.LString(err.Error()))
	}
	return t
}
