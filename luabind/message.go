//go:build linux

package luabind

import (
	"fmt"
	"math"
	"syscall"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// protoNone marks messages whose protocol is not known (netlink.decode
// without proto): only the NLMSG_* types are named.
const protoNone = -1

var controlNames = map[uint16]string{
	nlsock.TypeNoop:    "NLMSG_NOOP",
	nlsock.TypeError:   "NLMSG_ERROR",
	nlsock.TypeDone:    "NLMSG_DONE",
	nlsock.TypeOverrun: "NLMSG_OVERRUN",
}

// TypeName names a message type of protocol proto, or returns "".
func (e *Env) typeName(proto int, typ uint16) string {
	if typ < nlsock.TypeMinFamily {
		return controlNames[typ]
	}
	if fn := e.typeNames[proto]; fn != nil {
		return fn(typ)
	}
	return ""
}

// MsgTable turns m into a message table: the header fields, payload, name,
// proto (the netlink protocol number, as netlink.pcap gives it, when known:
// netlink.explain reads it), error/extack for NLMSG_ERROR (and NLMSG_DONE
// with an errno), group for multicast, and body when a decoder for proto is
// registered.
func (e *Env) MsgTable(L *lua.LState, m nlsock.Message, proto int) *lua.LTable {
	t := L.CreateTable(0, 11)
	h := m.Header
	if proto != protoNone {
		t.RawSetString("proto", lua.LNumber(proto))
	}
	t.RawSetString("len", lua.LNumber(h.Length))
	t.RawSetString("type", lua.LNumber(h.Type))
	t.RawSetString("flags", lua.LNumber(h.Flags))
	t.RawSetString("seq", lua.LNumber(h.Seq))
	t.RawSetString("pid", lua.LNumber(h.PortID))
	t.RawSetString("payload", lua.LString(m.Payload))
	if name := e.typeName(proto, h.Type); name != "" {
		t.RawSetString("name", lua.LString(name))
	}
	if g := m.Source.Group; g != 0 {
		t.RawSetString("group", lua.LNumber(g))
	}
	if h.Type == nlsock.TypeError || (h.Type == nlsock.TypeDone && len(m.Payload) >= 4) {
		setErrorFields(L, t, m)
	}
	if dec := e.bodies[proto]; dec != nil {
		setBody(L, t, dec, m)
	}
	return t
}

// setErrorFields adds error, errname, request and extack to t.
func setErrorFields(L *lua.LState, t *lua.LTable, m nlsock.Message) {
	em, err := nlsock.ParseError(m)
	if err != nil {
		t.RawSetString("malformed", lua.LString(err.Error()))
		return
	}
	t.RawSetString("error", lua.LNumber(em.Errno))
	if em.Errno != 0 {
		t.RawSetString("errname", lua.LString(nlsock.ErrnoName(syscall.Errno(-int64(em.Errno)))))
	}
	if m.Header.Type == nlsock.TypeError {
		t.RawSetString("request", headerTable(em.Request))
	}
	if em.HasExtAck {
		t.RawSetString("extack", extackTable(L, em.ExtAck))
	}
}

// setBody runs a family's body decoder; a decoder that panics leaves
// body_error instead of failing the whole receive.
func setBody(L *lua.LState, t *lua.LTable, dec BodyDecoder, m nlsock.Message) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(*lua.ApiError); ok {
				panic(r)
			}
			t.RawSetString("body_error", lua.LString(fmt.Sprint(r)))
		}
	}()
	if body := dec(L, m); body != nil && body != lua.LNil {
		t.RawSetString("body", body)
	}
}

var headerFields = NewFieldSet("len", "type", "flags", "seq", "pid")

func headerTable(h nlsock.Header) *lua.LTable {
	return headerFields.Table([]lua.LValue{lua.LNumber(h.Length), lua.LNumber(h.Type), lua.LNumber(h.Flags), lua.LNumber(h.Seq), lua.LNumber(h.PortID)})
}

// extackTable is {msg=, offset=, attr=, missing_type=, missing_nest=,
// policy=, cookie=} with only the fields the kernel sent (attr: what offset
// points at in the request, named by nlsh).
func extackTable(L *lua.LState, x nlsock.ExtAck) *lua.LTable {
	t := L.CreateTable(0, 6)
	if x.Msg != "" {
		t.RawSetString("msg", lua.LString(x.Msg))
	}
	if x.HasOffset {
		t.RawSetString("offset", lua.LNumber(x.Offset))
	}
	if x.Attr != "" {
		t.RawSetString("attr", lua.LString(x.Attr))
	}
	if x.HasMissing {
		t.RawSetString("missing_type", lua.LNumber(x.MissingType))
		t.RawSetString("missing_nest", lua.LNumber(x.MissingNest))
	}
	if x.Policy != nil {
		t.RawSetString("policy", lua.LString(x.Policy))
	}
	if x.Cookie != nil {
		t.RawSetString("cookie", lua.LString(x.Cookie))
	}
	return t
}

// MsgSpec says how TableMsg fills fields a script left out.
type MsgSpec struct {
	Fn           string // function name for errors ("sock:send")
	Arg          int    // argument position for errors
	DefaultFlags uint16
	NoControl    bool // refuse types below NLMSG_MIN_TYPE
}

// TableMsg reads a message table written by a script. len is ignored (the
// length is always computed); name, error, body and other decoded fields are
// ignored too, so a received table can be sent back. It reports whether seq
// was given.
func TableMsg(L *lua.LState, t *lua.LTable, sp MsgSpec) (nlsock.Message, bool) {
	var m nlsock.Message
	typ, ok := MsgField(L, t, sp, "type", 0, math.MaxUint16)
	if !ok {
		ArgError(L, sp.Fn, sp.Arg, "message table needs a numeric 'type' field")
	}
	m.Header.Type = uint16(typ)
	if sp.NoControl && m.Header.Type < nlsock.TypeMinFamily {
		ArgError(L, sp.Fn, sp.Arg, "type %d is a netlink control type (NOOP/ERROR/DONE/OVERRUN/reserved); families start at 16", typ)
	}
	m.Header.Flags = sp.DefaultFlags
	if f, ok := MsgField(L, t, sp, "flags", 0, math.MaxUint16); ok {
		m.Header.Flags = uint16(f)
	}
	seq, hasSeq := MsgField(L, t, sp, "seq", 0, math.MaxUint32)
	m.Header.Seq = uint32(seq)
	pid, _ := MsgField(L, t, sp, "pid", 0, math.MaxUint32)
	m.Header.PortID = uint32(pid)
	switch p := t.RawGetString("payload").(type) {
	case lua.LString:
		m.Payload = []byte(p)
	case *lua.LNilType:
		// body is what decoding shows; it is never encoded. Without a
		// payload the message would silently go out empty.
		if t.RawGetString("body") != lua.LNil {
			ArgError(L, sp.Fn, sp.Arg, "field 'body' is not encoded (it is what decoding shows); give the bytes after the header in 'payload' (string.pack, netlink.attr)")
		}
	default:
		ArgError(L, sp.Fn, sp.Arg, "field 'payload' must be a string, got %s", TypeName(p))
	}
	return m, hasSeq
}

// MsgField reads an optional integer field within [lo, hi].
func MsgField(L *lua.LState, t *lua.LTable, sp MsgSpec, key string, lo, hi int64) (int64, bool) {
	switch v := t.RawGetString(key).(type) {
	case *lua.LNilType:
		return 0, false
	case lua.LNumber:
		return IntIn(L, sp.Fn, sp.Arg, "field '"+key+"'", float64(v), lo, hi), true
	default:
		ArgError(L, sp.Fn, sp.Arg, "field '%s' must be a number, got %s", key, TypeName(v))
		return 0, false
	}
}

// tableMsgs reads argument sp.arg (Lua stack index n) as one message table
// or an array of message tables (a batch sent as one datagram). hasSeq[i]
// reports whether message i named its seq.
func tableMsgs(L *lua.LState, n int, sp MsgSpec) (msgs []nlsock.Message, hasSeq []bool) {
	t, ok := L.Get(n).(*lua.LTable)
	if !ok {
		ArgError(L, sp.Fn, sp.Arg, "message table expected, got %s", TypeName(L.Get(n)))
	}
	if t.RawGetString("type") != lua.LNil || t.Len() == 0 {
		m, has := TableMsg(L, t, sp)
		return []nlsock.Message{m}, []bool{has}
	}
	for i := 1; i <= t.Len(); i++ {
		mt, ok := t.RawGetInt(i).(*lua.LTable)
		if !ok {
			ArgError(L, sp.Fn, sp.Arg, "element %d of the message array must be a table, got %s", i, TypeName(t.RawGetInt(i)))
		}
		m, has := TableMsg(L, mt, sp)
		msgs, hasSeq = append(msgs, m), append(hasSeq, has)
	}
	return msgs, hasSeq
}
