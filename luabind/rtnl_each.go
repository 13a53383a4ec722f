package luabind

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// Streaming, filtered and counted dumps: rtnl.each.<kind>(sock [, opts])
// is an iterator over the objects as the kernel sends them, decoding one
// datagram at a time, so a loop over a million routes needs the memory of
// one datagram's objects; rtnl.count.<kind>(sock [, opts]) counts them
// without building an object. opts takes the kernel-side filters of
// rtnl.DumpFilter (family, table, protocol, type, oif; ifindex, master,
// kind) and where, a Lua predicate: an object is kept when where(obj) is
// true.

// dumpKind is one object kind's dump.
type dumpKind struct {
	name  string   // "routes"
	get   uint16   // RTM_GETROUTE
	reply uint16   // RTM_NEWROUTE
	keys  []string // the filter options it takes (where aside)
	// build decodes a reply payload into an object table whose lazy
	// fields are decoded again from a copy kept in lz.
	build func(L *lua.LState, lz *lazyTables, payload []byte) (*lua.LTable, error)
}

// buildWith makes a dumpKind's build from the table function of its
// object type.
func buildWith[T any, P interface {
	*T
	Decode([]byte) error
}](reply uint16, table func(*lua.LState, *lazyTables, P) *lua.LTable) func(*lua.LState, *lazyTables, []byte) (*lua.LTable, error) {
	return func(L *lua.LState, lz *lazyTables, payload []byte) (*lua.LTable, error) {
		var obj T
		if err := P(&obj).Decode(payload); err != nil {
			return nil, err
		}
		t := table(L, nil, &obj)
		lz.attachKept(L, t, reply, lz.store.keep(payload))
		return t, nil
	}
}

var dumpKinds = []*dumpKind{
	{"links", rtnl.RTM_GETLINK, rtnl.RTM_NEWLINK, []string{"master", "kind"},
		buildWith[rtnl.Link](rtnl.RTM_NEWLINK, linkTable)},
	{"addrs", rtnl.RTM_GETADDR, rtnl.RTM_NEWADDR, []string{"family", "ifindex"},
		buildWith[rtnl.Address](rtnl.RTM_NEWADDR, addrTable)},
	{"routes", rtnl.RTM_GETROUTE, rtnl.RTM_NEWROUTE, []string{"family", "table", "protocol", "type", "oif"},
		buildWith[rtnl.Route](rtnl.RTM_NEWROUTE, routeTable)},
	{"neighbours", rtnl.RTM_GETNEIGH, rtnl.RTM_NEWNEIGH, []string{"family", "ifindex", "master"},
		buildWith[rtnl.Neighbour](rtnl.RTM_NEWNEIGH, neighTable)},
	{"rules", rtnl.RTM_GETRULE, rtnl.RTM_NEWRULE, []string{"family"},
		buildWith[rtnl.Rule](rtnl.RTM_NEWRULE, ruleTable)},
}

// openRtnlStreams returns the rtnl.each and rtnl.count tables.
func openRtnlStreams(L *lua.LState) (each, count *lua.LTable) {
	each, count = L.CreateTable(0, 6), L.CreateTable(0, 6)
	for _, k := range dumpKinds {
		each.RawSetString(k.name, L.NewFunction(guard("rtnl.each."+k.name, k.luaEach)))
		count.RawSetString(k.name, L.NewFunction(guard("rtnl.count."+k.name, k.luaCount)))
	}
	each.RawSetString("neighbors", each.RawGetString("neighbours"))
	count.RawSetString("neighbors", count.RawGetString("neighbours"))
	return each, count
}

// dumpQuery is what a dump's options ask for.
type dumpQuery struct {
	filter rtnl.DumpFilter
	where  *lua.LFunction
}

// query reads the options table at argument 2 of fn. A link given by
// name is looked up on s; when that fails it pushes nil, msg, errname and
// returns n > 0.
func (k *dumpKind) query(L *lua.LState, s *socket, fn string) (q dumpQuery, n int) {
	v := L.Get(2)
	if v == lua.LNil {
		return q, 0
	}
	t, ok := v.(*lua.LTable)
	if !ok {
		argError(L, fn, 2, "options table expected, got %s", typeName(v))
	}
	f := &q.filter
	t.ForEach(func(key, val lua.LValue) {
		name, _ := key.(lua.LString)
		if name != "where" && !contains(k.keys, string(name)) {
			argError(L, fn, 2, "unknown option %q (known: %s, where)", key.String(), strings.Join(k.keys, ", "))
		}
		switch name {
		case "where":
			if q.where, ok = val.(*lua.LFunction); !ok {
				argError(L, fn, 2, "option 'where' must be a function, got %s", typeName(val))
			}
		case "family":
			f.Family = optFamily(L, fn, val)
		case "table":
			f.Table, _ = optDumpTable(L, fn, val)
		case "protocol":
			f.Protocol = optNamed(L, fn, t, "protocol", rtnl.ParseProtocol)
		case "type":
			f.Type = optNamed(L, fn, t, "type", rtnl.ParseRouteType)
		case "kind":
			if f.Kind, ok = optString(L, fn, 2, t, "kind"); !ok || f.Kind == "" {
				argError(L, fn, 2, "option 'kind' must be a non-empty string")
			}
		}
	})
	for _, key := range []string{"oif", "ifindex", "master"} {
		if !contains(k.keys, key) {
			continue
		}
		idx, _, n := optLink(L, s, fn, 2, t, key)
		if n > 0 {
			return q, n
		}
		switch key {
		case "oif":
			f.OIF = idx
		case "ifindex":
			f.IfIndex = idx
		case "master":
			f.Master = idx
		}
	}
	return q, 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// request is the dump request for q.
func (k *dumpKind) request(L *lua.LState, fn string, q dumpQuery) nlsock.Message {
	m, err := q.filter.Request(k.get)
	if err != nil {
		argError(L, fn, 2, "%v", err)
	}
	return m
}

// keep calls q.where on t (true without one).
func (q dumpQuery) keep(L *lua.LState, t *lua.LTable) bool {
	if q.where == nil {
		return true
	}
	L.Push(q.where)
	L.Push(t)
	L.Call(1, 1)
	ok := lua.LVAsBool(L.Get(-1))
	L.Pop(1)
	return ok
}

// eachDump is the state of one rtnl.each iterator.
type eachDump struct {
	kind  *dumpKind
	fn    string
	q     dumpQuery
	st    *nlsock.Stream
	buf   []*lua.LTable // the objects of the datagram read last
	pos   int
	index int // messages seen, for error messages
	ended bool
	err   error
}

// rtnl.each.<kind>(sock [, opts]) -> iterator of object tables. A failure
// to start, a kernel error mid-dump and an interrupted dump (NLM_F_DUMP_INTR:
// the objects seen may be inconsistent, "EINTR") raise an error, after the
// objects that arrived before it.
func (k *dumpKind) luaEach(L *lua.LState) int {
	fn := "rtnl.each." + k.name
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		raiseFailure(L, fn, n)
	}
	q, n := k.query(L, s, fn)
	if n > 0 {
		raiseFailure(L, fn, n)
	}
	req := k.request(L, fn, q)
	st, err := s.s.StartDump(ctxOf(L), req)
	if err != nil {
		L.RaiseError("%s: %v (%s)", fn, err, errname(err))
	}
	d := &eachDump{kind: k, fn: fn, q: q, st: st}
	L.Push(L.NewFunction(d.next))
	return 1
}

// raiseFailure turns the nil, msg, errname a helper pushed into an error.
func raiseFailure(L *lua.LState, fn string, n int) {
	msg, name := L.Get(-n+1).String(), L.Get(-n+2).String()
	L.Pop(n)
	L.RaiseError("%s: %s (%s)", fn, msg, name)
}

// next is the iterator: the next object, or nil at the end.
func (d *eachDump) next(L *lua.LState) int {
	for {
		for d.pos < len(d.buf) {
			t := d.buf[d.pos]
			d.buf[d.pos] = nil
			d.pos++
			if d.q.keep(L, t) {
				L.Push(t)
				return 1
			}
		}
		if d.ended {
			switch {
			case d.err != nil:
				L.RaiseError("%s: %v (%s)", d.fn, d.err, errname(d.err))
			case d.st.Interrupted():
				L.RaiseError("%s: %v (EINTR)", d.fn, rtnl.ErrDumpInterrupted)
			}
			L.Push(lua.LNil)
			return 1
		}
		d.buf, d.pos = d.buf[:0], 0
		// One lazy set per datagram: an object kept by the script keeps
		// only its datagram's payloads alive.
		lz := newLazyTables(L, 0)
		more, err := d.st.Next(ctxOf(L), func(m nlsock.Message) error {
			d.index++
			if m.Header.Type != d.kind.reply || !d.q.filter.Match(d.kind.reply, m.Payload) {
				return nil
			}
			t, err := d.kind.build(L, lz, m.Payload)
			if err != nil {
				return fmt.Errorf("%s message %d: %w", rtnl.MessageTypeName(d.kind.reply), d.index, err)
			}
			d.buf = append(d.buf, t)
			return nil
		})
		if !more {
			d.ended, d.err = true, err
		}
	}
}

// rtnl.count.<kind>(sock [, opts]) -> n, {messages=, datagrams=, bytes=}:
// how many objects match, without building them (unless opts.where needs
// them), and what the kernel sent: messages is what it sent before the
// client-side check, so messages == n shows the kernel filtered. An
// interrupted dump is counted again (rtnl.DumpRetries times).
func (k *dumpKind) luaCount(L *lua.LState) int {
	fn := "rtnl.count." + k.name
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	q, n := k.query(L, s, fn)
	if n > 0 {
		return n
	}
	req := k.request(L, fn, q)
	ctx := ctxOf(L)
	for attempt := 0; ; attempt++ {
		var count, messages, datagrams, bytes int
		st, err := s.s.StartDump(ctx, req)
		if err != nil {
			return ioFailure(L, ctx, fmt.Errorf("%s: %w", fn, err))
		}
		var pending []*lua.LTable // objects for where, one datagram's
		for {
			lz := (*lazyTables)(nil)
			more, err := st.Next(ctx, func(m nlsock.Message) error {
				messages++
				bytes += int(m.Header.Length)
				if m.Header.Type != k.reply || !q.filter.Match(k.reply, m.Payload) {
					return nil
				}
				if q.where == nil {
					count++
					return nil
				}
				if lz == nil {
					lz = newLazyTables(L, 0)
				}
				t, err := k.build(L, lz, m.Payload)
				if err != nil {
					return fmt.Errorf("%s message %d: %w", rtnl.MessageTypeName(k.reply), messages, err)
				}
				pending = append(pending, t)
				return nil
			})
			for i, t := range pending {
				if q.keep(L, t) {
					count++
				}
				pending[i] = nil
			}
			pending = pending[:0]
			if err != nil {
				return ioFailure(L, ctx, fmt.Errorf("%s: %w", fn, err))
			}
			if !more {
				break
			}
			datagrams++
		}
		if st.Interrupted() {
			if attempt < rtnl.DumpRetries {
				continue
			}
			L.Push(lua.LNil)
			L.Push(lua.LString(fn + ": " + rtnl.ErrDumpInterrupted.Error()))
			L.Push(lua.LString("EINTR"))
			return 3
		}
		L.Push(lua.LNumber(count))
		stats := L.CreateTable(0, 3)
		stats.RawSetString("messages", lua.LNumber(messages))
		stats.RawSetString("datagrams", lua.LNumber(datagrams))
		stats.RawSetString("bytes", lua.LNumber(bytes))
		L.Push(stats)
		return 2
	}
}
