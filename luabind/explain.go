//go:build linux

package luabind

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	lua "github.com/yuin/gopher-lua"
)

const explainFn = "netlink.explain"

// luaExplain is netlink.explain(x [, proto [, opts]]) -> text: a dissection
// for teaching (nlsock/explain). x is raw bytes (one or more messages), a
// message table (recv, request, decode, pcap: its header fields and
// payload; its proto field when proto is absent), an array of those (a
// dump), or an extack table (the fourth value of a failed sock:request,
// which carries the request as sent, its errno and proto). opts: request =
// the request as bytes or a message table (names the attribute an ext-ack
// offset points at when the reply does not echo it; needed for an extack
// table that does not carry its request), error = the errno (negative, as
// in message tables) for an extack table without one, families = {[id] = name} to name generic
// netlink families (ids neither given nor learnt are asked of nlctrl; when
// a YNL spec of that name is found where the ynl module looks, their
// commands and attributes are named too), hexdump = false to leave the
// dump out.
func (e *Env) luaExplain(L *lua.LState) int {
	proto := explain.Unknown
	if L.Get(2) != lua.LNil {
		proto = checkProto(L, explainFn, 2, 2)
	}
	o, errno := explainOpts(L)
	e.nameGenlFamilies(&o)
	var text string
	switch v := L.Get(1).(type) {
	case lua.LString:
		text = explain.Bytes([]byte(v), proto, o)
	case *lua.LTable:
		text = explainTable(L, v, proto, errno, o)
	default:
		ArgError(L, explainFn, 1, "bytes, a message table, an array of them or an extack table expected, got %s", TypeName(v))
	}
	L.Push(lua.LString(strings.TrimRight(text, "\n")))
	return 1
}

// explainTable tells the kinds of table apart.
func explainTable(L *lua.LState, t *lua.LTable, proto int, errno int32, o explain.Options) string {
	switch {
	case t.RawGetString("type") != lua.LNil:
		m, p := explainMsg(L, t, 1, proto)
		return explain.Message(m, p, o)
	case t.Len() > 0:
		var b strings.Builder
		for i := 1; i <= t.Len(); i++ {
			if t.Len() > 1 {
				b.WriteString("== message " + lua.LNumber(i).String() + " of " + lua.LNumber(t.Len()).String() + "\n")
			}
			switch el := t.RawGetInt(i).(type) {
			case *lua.LTable:
				m, p := explainMsg(L, el, 1, proto)
				b.WriteString(explain.Message(m, p, o))
			case lua.LString:
				b.WriteString(explain.Bytes([]byte(el), proto, o))
			default:
				ArgError(L, explainFn, 1, "element %d of the array must be a message table or bytes, got %s", i, TypeName(el))
			}
		}
		return b.String()
	}
	x, ok := extackFromTable(L, t)
	if !ok {
		ArgError(L, explainFn, 1, "table has neither 'type' (a message), elements (a dump) nor extack fields (msg, offset, missing_type)")
	}
	// The extack of a failed sock:request carries the request as sent
	// (seq and flags filled in) and its errno: they win over opts, whose
	// request is the table as written; and its protocol.
	if r, ok := t.RawGetString("request").(lua.LString); ok {
		o.Request = []byte(r)
	}
	if n, ok := t.RawGetString("error").(lua.LNumber); ok {
		errno = -int32(IntIn(L, explainFn, 1, "field 'error'", math.Abs(float64(n)), 0, 4095))
	}
	if p, ok := t.RawGetString("proto").(lua.LNumber); ok && proto == explain.Unknown {
		proto = int(IntIn(L, explainFn, 1, "field 'proto'", float64(p), 0, math.MaxInt32))
	}
	var h nlsock.Header
	if o.Request != nil {
		h, _ = nlsock.ParseHeader(o.Request)
	}
	return explain.ExtAck(x, errno, h, proto, o)
}

// explainMsg reads a message table leniently: any numeric header field as
// given (len too, so a wrong length can be shown; without len, the length
// encoding gives), payload as bytes.
func explainMsg(L *lua.LState, t *lua.LTable, arg, proto int) (nlsock.Message, int) {
	num := func(key string, max float64) float64 {
		switch v := t.RawGetString(key).(type) {
		case lua.LNumber:
			if float64(v) < 0 || float64(v) > max {
				ArgError(L, explainFn, arg, "field '%s' out of range: %v", key, float64(v))
			}
			return float64(v)
		case *lua.LNilType:
			return 0
		default:
			ArgError(L, explainFn, arg, "field '%s' must be a number, got %s", key, TypeName(v))
		}
		return 0
	}
	var m nlsock.Message
	m.Header.Length = uint32(num("len", 0xffffffff))
	m.Header.Type = uint16(num("type", 0xffff))
	m.Header.Flags = uint16(num("flags", 0xffff))
	m.Header.Seq = uint32(num("seq", 0xffffffff))
	m.Header.PortID = uint32(num("pid", 0xffffffff))
	switch p := t.RawGetString("payload").(type) {
	case lua.LString:
		m.Payload = []byte(p)
	case *lua.LNilType:
	default:
		ArgError(L, explainFn, arg, "field 'payload' must be a string, got %s", TypeName(p))
	}
	if t.RawGetString("len") == lua.LNil {
		// as netlink.encode and sock:send compute it; 0 would read as a
		// wrong length ("nlmsg_len 0 (but 16 bytes are here)")
		m.Header.Length = uint32(nlsock.HeaderLen + len(m.Payload))
	}
	if p, ok := t.RawGetString("proto").(lua.LNumber); ok && proto == explain.Unknown {
		proto = int(p)
	}
	return m, proto
}

// extackFromTable reads a table as extackTable builds it.
func extackFromTable(L *lua.LState, t *lua.LTable) (nlsock.ExtAck, bool) {
	var x nlsock.ExtAck
	if s, ok := t.RawGetString("msg").(lua.LString); ok {
		x.Msg = string(s)
	}
	if n, ok := t.RawGetString("offset").(lua.LNumber); ok {
		x.Offset, x.HasOffset = uint32(IntIn(L, explainFn, 1, "field 'offset'", float64(n), 0, 0xffffffff)), true
	}
	if n, ok := t.RawGetString("missing_type").(lua.LNumber); ok {
		x.MissingType, x.HasMissing = uint16(IntIn(L, explainFn, 1, "field 'missing_type'", float64(n), 0, 0xffff)), true
	}
	if n, ok := t.RawGetString("missing_nest").(lua.LNumber); ok {
		x.MissingNest = uint32(IntIn(L, explainFn, 1, "field 'missing_nest'", float64(n), 0, 0xffffffff))
	}
	if s, ok := t.RawGetString("policy").(lua.LString); ok {
		x.Policy = []byte(s)
	}
	if s, ok := t.RawGetString("cookie").(lua.LString); ok {
		x.Cookie = []byte(s)
	}
	return x, !x.IsZero()
}

// explainOpts reads argument 3.
func explainOpts(L *lua.LState) (explain.Options, int32) {
	var o explain.Options
	var errno int32
	switch t := L.Get(3).(type) {
	case *lua.LNilType:
	case *lua.LTable:
		if msg := UnknownField(t, "option", "request", "error", "families", "hexdump"); msg != "" {
			ArgError(L, explainFn, 3, "%s", msg)
		}
		switch r := t.RawGetString("request").(type) {
		case lua.LString:
			o.Request = []byte(r)
		case *lua.LTable:
			m, _ := explainMsg(L, r, 3, explain.Unknown)
			m.Header.Length = 0
			o.Request = nlsock.AppendMessage(nil, m)
		case *lua.LNilType:
		default:
			ArgError(L, explainFn, 3, "field 'request' must be bytes or a message table, got %s", TypeName(r))
		}
		if n, ok := t.RawGetString("error").(lua.LNumber); ok {
			errno = int32(IntIn(L, explainFn, 3, "field 'error'", float64(n), -4095, 4095))
			if errno > 0 {
				errno = -errno
			}
		}
		o.GenlFamilies = explainFamilies(L, t.RawGetString("families"))
		if t.RawGetString("hexdump") == lua.LFalse {
			o.NoHexDump = true
		}
	default:
		ArgError(L, explainFn, 3, "options table expected, got %s", TypeName(t))
	}
	return o, errno
}

// explainFamilies reads opts.families, {[id] = "name"}.
func explainFamilies(L *lua.LState, v lua.LValue) map[uint16]string {
	t, ok := v.(*lua.LTable)
	if !ok {
		if v != lua.LNil {
			ArgError(L, explainFn, 3, "field 'families' must be a table {[id] = name}, got %s", TypeName(v))
		}
		return nil
	}
	out := map[uint16]string{}
	t.ForEach(func(k, name lua.LValue) {
		id, ok := k.(lua.LNumber)
		if !ok {
			ArgError(L, explainFn, 3, "field 'families': key %s is not a family id", k.String())
		}
		n := IntIn(L, explainFn, 3, "field 'families': a family id", float64(id), 0, math.MaxUint16)
		s, ok := name.(lua.LString)
		if !ok {
			ArgError(L, explainFn, 3, "field 'families': name of family %d must be a string, got %s", n, TypeName(name))
		}
		out[uint16(n)] = string(s)
	})
	return out
}

// nameGenlFamilies lets explain name generic families and, through their
// YNL specs, their commands and attributes: by opts.families first, then
// the names this Env learnt (genl.family, ynl.family), then by asking the
// kernel's nlctrl once per call for an id still unknown.
func (e *Env) nameGenlFamilies(o *explain.Options) {
	known := e.genlFamilies()
	for id, name := range o.GenlFamilies {
		known[id] = name
	}
	asked := false
	o.GenlFamilies = known
	o.GenlFamily = func(id uint16) string {
		if !asked {
			asked = true
			for fid, name := range e.kernelGenlFamilies() {
				if known[fid] == "" {
					known[fid] = name
				}
			}
		}
		return known[id]
	}
	o.GenlSpec = e.explainSpecs(o.GenlFamily)
}

// kernelGenlFamilies asks nlctrl, in the default namespace, for the
// generic families (ids are global, the same in every namespace) and
// remembers them; a failure leaves the ids numbered, as before.
func (e *Env) kernelGenlFamilies() map[uint16]string {
	s, err := e.open(ProtoGeneric, e.opts.DefaultNS, nlsock.Config{})
	if err != nil {
		return nil
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	fams, err := genl.Families(ctx, s)
	if err != nil {
		return nil
	}
	out := make(map[uint16]string, len(fams))
	for _, f := range fams {
		out[f.ID] = f.Name
		e.LearnGenlFamily(f.ID, f.Name)
	}
	return out
}

// explainSpecs loads, on first need within one call, the YNL spec of each
// named generic family; families without a spec stay numbered.
func (e *Env) explainSpecs(family func(uint16) string) func(uint16) *ynl.Spec {
	loaded := map[uint16]*ynl.Spec{}
	return func(id uint16) *ynl.Spec {
		if s, ok := loaded[id]; ok {
			return s
		}
		var spec *ynl.Spec
		if name := family(id); name != "" {
			if s, err := builtin.LoadFamily(name, e.SpecDirs()); err == nil && s.IsGeneric() {
				spec = s
			}
		}
		loaded[id] = spec
		return spec
	}
}

// SpecDirs is where ynl looks for specs: Options.SpecDirs (nlsh --specs),
// $NLSH_SPECS, the system directories.
func (e *Env) SpecDirs() []string { return ynl.SearchPath(e.opts.SpecDirs...) }
