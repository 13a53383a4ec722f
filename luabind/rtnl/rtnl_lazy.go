//go:build linux

package rtnl

import (
	"net"
	"net/netip"
	"strconv"
	"sync"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// lazyTables gives the rtnl object tables of one call (a dump, or one
// message body) their rarely used fields on first access: one shared
// metatable whose __index finds the decoded Go object of the table and
// builds the field (attrs, stats, ...), then caches it in the table. The
// objects stay reachable only through the tables' metatable.
type lazyTables struct {
	objs map[*lua.LTable]lazyRef
	mt   *lua.LTable

	// A dump lists its tables here as it builds them, in blocks that are
	// never copied; objs is made from them on the first lazy access (most
	// dumps never have one), which spares growing a map while the dump
	// streams in. All are of message type pendingType.
	pending     [][]lazyEntry
	pendingType uint16

	store payloadStore // the payloads of a dump's tables
}

type lazyEntry struct {
	t       *lua.LTable
	payload keptPayload
}

const pendingBlock = 512

// lazyRef is an object table's Go side: the decoded object, or the payload
// it is decoded from on first access.
type lazyRef struct {
	obj     any // *rtnl.Link, *rtnl.Address, ...
	msgType uint16
	payload keptPayload
}

func newLazyTables(L *lua.LState, n int) *lazyTables {
	lz := &lazyTables{objs: make(map[*lua.LTable]lazyRef, n)}
	lz.mt = L.CreateTable(0, 2)
	lz.mt.RawSetString("__index", L.NewFunction(luabind.Guard("rtnl object", lz.index)))
	lz.mt.RawSetString("__metatable", lua.LString("nlsh.rtnl"))
	return lz
}

func (lz *lazyTables) attach(L *lua.LState, t *lua.LTable, obj any) {
	lz.setKind(obj)
	lz.objs[t] = lazyRef{obj: obj}
	L.SetMetatable(t, lz.mt)
}

// objectKindKey is the metatable field naming the kind of object its
// tables are (ObjectKind), for the REPL's completion of lazy fields.
const objectKindKey = "__object"

// object is what every rtnl object has: its attributes, those decoded
// and those not (the lazy fields attrs and unknown).
type object interface {
	Attrs() ([]nlsock.Attr, error)
	Unknown() ([]nlsock.Attr, error)
}

// kindOf names the kind of object obj is, a *rtnl.Link, ..., and the
// message type that names its attributes; ok is false for anything else.
func kindOf(obj any) (kind string, msgType uint16, ok bool) {
	switch obj.(type) {
	case *rtnl.Link:
		return "link", rtnl.RTM_NEWLINK, true
	case *rtnl.Address:
		return "address", rtnl.RTM_NEWADDR, true
	case *rtnl.Route:
		return "route", rtnl.RTM_NEWROUTE, true
	case *rtnl.Neighbour:
		return "neighbour", rtnl.RTM_NEWNEIGH, true
	case *rtnl.Rule:
		return "rule", rtnl.RTM_NEWRULE, true
	}
	return "", 0, false
}

// setKind records in the shared metatable what kind of object obj is (one
// lazyTables holds objects of one kind).
func (lz *lazyTables) setKind(obj any) {
	if kind, _, ok := kindOf(obj); ok {
		lz.mt.RawSetString(objectKindKey, lua.LString(kind))
	}
}

// attrsField is the lazy field attrs or unknown of obj, or nil for any
// other key.
func attrsField(L *lua.LState, obj any, key string) lua.LValue {
	o, isObject := obj.(object)
	_, msgType, ok := kindOf(obj)
	if !isObject || !ok {
		return lua.LNil
	}
	switch key {
	case "attrs":
		attrs, _ := o.Attrs()
		return attrList(L, attrs, msgType)
	case "unknown":
		attrs, _ := o.Unknown()
		return attrList(L, attrs, msgType)
	}
	return lua.LNil
}

// attachKept gives t the payload it was built from, already in lz.store;
// the object is decoded again from it when a lazy field is first asked
// for. All payloads of one lazyTables are of the same message type. A
// dump's reading goroutine keeps payloads (lz.store) while its building one
// attaches them (lz.pending): they share no field.
func (lz *lazyTables) attachKept(L *lua.LState, t *lua.LTable, msgType uint16, kept keptPayload) {
	lz.pendingType = msgType
	n := len(lz.pending)
	if n == 0 || len(lz.pending[n-1]) == pendingBlock {
		lz.pending = append(lz.pending, make([]lazyEntry, 0, pendingBlock))
		n++
	}
	lz.pending[n-1] = append(lz.pending[n-1], lazyEntry{t, kept})
	L.SetMetatable(t, lz.mt)
}

// object returns the decoded object of t, decoding it on first use.
func (lz *lazyTables) object(t *lua.LTable) any {
	if lz.pending != nil {
		if len(lz.objs) == 0 {
			lz.objs = make(map[*lua.LTable]lazyRef, len(lz.pending)*pendingBlock)
		}
		for _, block := range lz.pending {
			for _, e := range block {
				lz.objs[e.t] = lazyRef{msgType: lz.pendingType, payload: e.payload}
			}
		}
		lz.pending = nil
	}
	ref, ok := lz.objs[t]
	if !ok || ref.obj != nil {
		return ref.obj
	}
	ref.obj, _ = rtnl.Decode(ref.msgType, ref.payload.bytes())
	lz.objs[t] = lazyRef{obj: ref.obj}
	return ref.obj
}

// index is __index(t, key).
func (lz *lazyTables) index(L *lua.LState) int {
	t, ok := L.Get(1).(*lua.LTable)
	key, isStr := L.Get(2).(lua.LString)
	if !ok || !isStr {
		L.Push(lua.LNil)
		return 1
	}
	var v lua.LValue = lua.LNil
	obj := lz.object(t)
	if lazyMalformed(obj, string(key)) {
		L.Push(v)
		return 1
	}
	switch o := obj.(type) {
	case *rtnl.Link:
		v = linkFields.lazy(L, o, string(key), linkLazy)
	case *rtnl.Address:
		v = addrFields.lazy(L, o, string(key), addrLazy)
	case *rtnl.Route:
		v = routeFields.lazy(L, o, string(key), routeLazy)
	case *rtnl.Neighbour:
		v = neighFields.lazy(L, o, string(key), neighLazy)
	case *rtnl.Rule:
		v = ruleFields.lazy(L, o, string(key), ruleLazy)
	}
	if v == lua.LNil {
		v = attrsField(L, obj, string(key))
	}
	if v != lua.LNil {
		t.RawSetString(string(key), v)
	}
	L.Push(v)
	return 1
}

// interned holds the boxed Lua strings of the names objects use over and
// over (flags, states, kinds), so tables share them instead of boxing each.
// Built on first use, never written after.
var interned = sync.OnceValue(func() map[string]lua.LValue {
	m := map[string]lua.LValue{}
	var names []string
	for _, f := range rtnl.LinkFlagTable() {
		names = append(names, f.Name)
	}
	names = append(names, "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP",
		"veth", "bridge", "dummy", "vlan", "bond", "vxlan", "macvlan", "vrf", "tun",
		"noqueue", "noop", "pfifo_fast", "fq_codel", "mq", "fq",
		"inet", "inet6", "bridge", "link", "unspec", "mpls", "ipmr", "ip6mr",
		"global", "site", "link", "host", "nowhere", "kernel", "boot", "static", "redirect", "ra", "dhcp",
		"unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw",
		"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT",
		"lookup", "goto", "nop", "ether", "loopback", "none", "main", "default",
		"onlink", "linkdown", "dead", "permanent", "secondary", "temporary", "nodad", "noprefixroute")
	for _, n := range names {
		m[n] = lua.LString(n)
	}
	return m
})

// lstr returns s as a Lua string, shared when it is one of the interned names.
func lstr(s string) lua.LValue {
	if v, ok := interned()[s]; ok {
		return v
	}
	return lua.LString(s)
}

// nameList is names as a Lua array, sharing the interned ones.
func nameList(L *lua.LState, names []string) *lua.LTable { return luabind.List(L, names, lstr) }

// macString formats a hardware address like ip ("aa:bb:cc:dd:ee:ff") with
// one allocation.
func macString(a net.HardwareAddr) lua.LValue {
	if len(a) == 0 {
		return lua.LNil
	}
	const hex = "0123456789abcdef"
	var buf [3 * 32]byte
	b := buf[:0]
	if len(a) > 32 {
		b = make([]byte, 0, 3*len(a))
	}
	for i, c := range a {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hex[c>>4], hex[c&15])
	}
	return lua.LString(b)
}

func setNum(t *lua.LTable, k string, v uint64) { t.RawSetString(k, lua.LNumber(v)) }

func setAddr(t *lua.LTable, k string, a netip.Addr) {
	if a.IsValid() {
		t.RawSetString(k, lua.LString(a.String()))
	}
}

func addrValue(a netip.Addr) lua.LValue {
	if !a.IsValid() {
		return lua.LNil
	}
	return lua.LString(a.String())
}

// numName is a name from fn, or the number when fn has none.
func numName(name string, v uint64) lua.LValue {
	if name == "" {
		return lua.LNumber(v)
	}
	return lstr(name)
}

// attrList is the lazily built `attrs` / `unknown` field: every attribute
// as {type=, name=, nested=, data=}.
func attrList(L *lua.LState, attrs []nlsock.Attr, msgType uint16) lua.LValue {
	t := L.CreateTable(len(attrs), 0)
	for _, a := range attrs {
		at := L.CreateTable(0, 4)
		at.RawSetString("type", lua.LNumber(a.Type))
		if n := rtnl.AttrName(msgType, a.Type); n != "" {
			at.RawSetString("name", lua.LString(n))
		}
		at.RawSetString("nested", lua.LBool(a.Nested))
		at.RawSetString("data", lua.LString(a.Data))
		t.Append(at)
	}
	return t
}

// nestedList is a raw nest (IFLA_INFO_DATA) as {type=, nested=, data=}.
func nestedList(L *lua.LState, b []byte) lua.LValue {
	if b == nil {
		return lua.LNil
	}
	attrs, _ := nlsock.ParseAttrs(b)
	return luabind.RawAttrs(L, attrs)
}

func itoa(v int) string { return strconv.Itoa(v) }

// ObjectKind names the rtnl object a table returned by rtnl is ("link",
// "address", "route", "neighbour", "rule": the reference's object
// sections), or "" for any other value. Its lazy fields are those the
// reference marks (lazy) for that object.
func ObjectKind(v lua.LValue) string {
	t, ok := v.(*lua.LTable)
	if !ok {
		return ""
	}
	mt, ok := t.Metatable.(*lua.LTable)
	if !ok {
		return ""
	}
	kind, _ := mt.RawGetString(objectKindKey).(lua.LString)
	return string(kind)
}
