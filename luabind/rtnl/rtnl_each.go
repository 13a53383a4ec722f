//go:build linux

package rtnl

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// Streaming, filtered and counted dumps: rtnl.each.<kind>(sock [, opts])
// is an iterator over the objects as the kernel sends them, one datagram at
// a time, while a goroutine reads the next one (rtnl_each_read.go), so a
// loop over a million routes needs the memory of two datagrams' objects and
// the kernel's work overlaps the loop's; rtnl.count.<kind>(sock [, opts]) counts them
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
	// list runs the dump req and pushes the array of the objects match
	// accepts (all with a nil match), or nil, msg, errname.
	list func(L *lua.LState, fn string, req nlsock.Message, match func([]byte) bool) int
}

// compactKinds are the kinds whose lists and streams hold compact tables
// (rtnl_compact.go): those a host may have a million of.
var compactKinds = map[uint16]bool{rtnl.RTM_NEWROUTE: true}

// listWith makes a dumpKind's list: dumpObjects for its object type.
func listWith[T any, P interface {
	*T
	Decode([]byte) error
}](reply uint16, table func(*lua.LState, *lazyTables, P) *lua.LTable) func(*lua.LState, string, nlsock.Message, func([]byte) bool) int {
	return func(L *lua.LState, fn string, req nlsock.Message, match func([]byte) bool) int {
		return dumpObjects[T, P](L, fn, req, reply, match, compactKinds[reply], table)
	}
}

// buildWith makes a dumpKind's build from the table function of its
// object type.
func buildWith[T any, P interface {
	*T
	Decode([]byte) error
}](reply uint16, table func(*lua.LState, *lazyTables, P) *lua.LTable) func(*lua.LState, *lazyTables, []byte) (*lua.LTable, error) {
	// The table keeps nothing of the decoded object, so objects are
	// reused rather than allocated per message.
	var pool sync.Pool
	return func(L *lua.LState, lz *lazyTables, payload []byte) (*lua.LTable, error) {
		obj, _ := pool.Get().(P)
		if obj == nil {
			obj = P(new(T))
		}
		defer pool.Put(obj)
		if err := obj.Decode(payload); err != nil {
			return nil, err
		}
		t := table(L, nil, obj)
		lz.attachKept(L, t, reply, lz.store.keep(payload))
		return t, nil
	}
}

var dumpKinds = []*dumpKind{
	{"links", rtnl.RTM_GETLINK, rtnl.RTM_NEWLINK, []string{"master", "kind"},
		buildWith[rtnl.Link](rtnl.RTM_NEWLINK, linkTable), listWith[rtnl.Link](rtnl.RTM_NEWLINK, linkTable)},
	{"addrs", rtnl.RTM_GETADDR, rtnl.RTM_NEWADDR, []string{"family", "ifindex"},
		buildWith[rtnl.Address](rtnl.RTM_NEWADDR, addrTable), listWith[rtnl.Address](rtnl.RTM_NEWADDR, addrTable)},
	{"routes", rtnl.RTM_GETROUTE, rtnl.RTM_NEWROUTE, []string{"family", "table", "protocol", "type", "ifindex", "oif"},
		buildWith[rtnl.Route](rtnl.RTM_NEWROUTE, routeTable), listWith[rtnl.Route](rtnl.RTM_NEWROUTE, routeTable)},
	{"neighbours", rtnl.RTM_GETNEIGH, rtnl.RTM_NEWNEIGH, []string{"family", "ifindex", "master"},
		buildWith[rtnl.Neighbour](rtnl.RTM_NEWNEIGH, neighTable), listWith[rtnl.Neighbour](rtnl.RTM_NEWNEIGH, neighTable)},
	{"rules", rtnl.RTM_GETRULE, rtnl.RTM_NEWRULE, []string{"family"},
		buildWith[rtnl.Rule](rtnl.RTM_NEWRULE, ruleTable), listWith[rtnl.Rule](rtnl.RTM_NEWRULE, ruleTable)},
}

// openRtnlStreams returns the rtnl.each and rtnl.count tables.
func openRtnlStreams(L *lua.LState) (each, count *lua.LTable) {
	each, count = L.CreateTable(0, 6), L.CreateTable(0, 6)
	for _, k := range dumpKinds {
		each.RawSetString(k.name, L.NewFunction(luabind.Guard("rtnl.each."+k.name, k.luaEach)))
		count.RawSetString(k.name, L.NewFunction(luabind.Guard("rtnl.count."+k.name, k.luaCount)))
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
func (k *dumpKind) query(L *lua.LState, s *luabind.Socket, fn string) (q dumpQuery, n int) {
	v := L.Get(2)
	if v == lua.LNil {
		return q, 0
	}
	t, ok := v.(*lua.LTable)
	if !ok {
		luabind.ArgError(L, fn, 2, "options table expected, got %s", luabind.TypeName(v))
	}
	f := &q.filter
	t.ForEach(func(key, val lua.LValue) {
		name, _ := key.(lua.LString)
		if name == "family" && k.name == "links" {
			luabind.ArgError(L, fn, 2, "option 'family' does not apply to links: a link belongs to no address family, and the kernel answers a family with another listing (bridge ports, IPv6 settings)")
		}
		if name != "where" && !contains(k.keys, string(name)) {
			luabind.ArgError(L, fn, 2, "unknown option %q (known: %s, where)", key.String(), strings.Join(k.keys, ", "))
		}
		switch name {
		case "where":
			if q.where, ok = val.(*lua.LFunction); !ok {
				luabind.ArgError(L, fn, 2, "option 'where' must be a function, got %s", luabind.TypeName(val))
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
			if f.Kind, ok = luabind.OptString(L, fn, 2, t, "kind"); !ok || f.Kind == "" {
				luabind.ArgError(L, fn, 2, "option 'kind' must be a non-empty string")
			}
		}
	})
	for _, key := range []string{"oif", "ifindex", "master"} {
		if !contains(k.keys, key) {
			continue
		}
		idx, given, n := optLink(L, s, fn, 2, t, key)
		if n > 0 {
			return q, n
		}
		if !given {
			continue // an absent key must not clear what another set
		}
		switch key {
		case "oif":
			f.OIF = idx
		case "ifindex": // a route's is its output link (README, "Naming")
			if k.name != "routes" {
				f.IfIndex = idx
			} else if f.OIF != 0 && f.OIF != idx {
				luabind.ArgError(L, fn, 2, "options 'oif' and 'ifindex' name the same thing, a route's output link, and differ (%d, %d)", f.OIF, idx)
			} else {
				f.OIF = idx
			}
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

// prepare reads fn's socket (argument 1) and options (argument 2) and
// builds the dump request. When the socket or a link named in the options
// cannot be used it pushes nil, msg, errname and returns n > 0.
func (k *dumpKind) prepare(L *lua.LState, fn string) (s *luabind.Socket, q dumpQuery, req nlsock.Message, n int) {
	if s, n = routeSocket(L, fn, 1); s == nil {
		return nil, q, req, n
	}
	if q, n = k.query(L, s, fn); n > 0 {
		return nil, q, req, n
	}
	return s, q, k.request(L, fn, q), 0
}

// request is the dump request for q.
func (k *dumpKind) request(L *lua.LState, fn string, q dumpQuery) nlsock.Message {
	m, err := q.filter.Request(k.get)
	if err != nil {
		luabind.ArgError(L, fn, 2, "%v", err)
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
	kind   *dumpKind
	fn     string
	q      dumpQuery
	reader *eachReader   // reads the dump ahead (rtnl_each_read.go)
	batch  *eachBatch    // the batch of buf
	buf    []*lua.LTable // the objects of the datagram read last
	pos    int
	ended  bool
	err    error
	intr   bool // the dump was interrupted (NLM_F_DUMP_INTR)

	// Routes: the compact set of the datagram read last, whose route
	// handed out last is batch.routes[pos-1], where the compact set reads
	// its fields from.
	cs *compactSet
}

// rtnl.each.<kind>(sock [, opts]) -> iterator of object tables. A failure
// to start, a kernel error mid-dump and an interrupted dump (NLM_F_DUMP_INTR:
// the objects seen may be inconsistent, "EINTR") raise an error, after the
// objects that arrived before it.
//
// The dump runs on a private socket in sock's namespace, closed at the
// end of the dump, or, when the loop breaks, once the iterator is garbage
// (or nlsh exits). The kernel sends the rest of a dump before it accepts
// another on the same socket, and reading out what a break left costs
// what the whole dump costs (about 0.5-0.9 ms per thousand routes here),
// against some 0.2 ms to open and close a socket: so sock is never held
// up by an abandoned loop.
func (k *dumpKind) luaEach(L *lua.LState) int {
	fn := "rtnl.each." + k.name
	s, q, req, n := k.prepare(L, fn)
	if n > 0 {
		raiseFailure(L, fn, n)
	}
	priv, err := s.Env.OpenTracked(fn, luabind.ProtoRoute, s.Sock.NetNS())
	if err != nil {
		L.RaiseError("%s: %v (%s)", fn, err, luabind.ErrName(err))
	}
	st, err := priv.Sock.StartDump(luabind.Context(L), req)
	if err != nil {
		priv.Close()
		L.RaiseError("%s: %v (%s)", fn, err, luabind.ErrName(err))
	}
	d := &eachDump{kind: k, fn: fn, q: q, reader: startEachReader(st, priv, k.reply, q.filter)}
	runtime.AddCleanup(d, (*eachReader).end, d.reader)
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
			if d.cs != nil {
				d.cs.yielded, d.cs.yieldedRoute = t, &d.batch.routes[d.pos]
			}
			d.pos++
			if d.q.keep(L, t) {
				L.Push(t)
				return 1
			}
		}
		if d.ended {
			switch {
			case d.err != nil:
				L.RaiseError("%s: %v (%s)", d.fn, d.err, luabind.ErrName(d.err))
			case d.intr:
				L.RaiseError("%s: %v (EINTR)", d.fn, rtnl.ErrDumpInterrupted)
			}
			L.Push(lua.LNil)
			return 1
		}
		d.nextBatch(L)
	}
}

// nextBatch takes the reader's next batch and makes its tables.
func (d *eachDump) nextBatch(L *lua.LState) {
	if d.cs != nil {
		// the route handed out last is in the batch about to be
		// reused: it is answered from its payload again
		d.cs.yielded, d.cs.yieldedRoute = nil, nil
	}
	if d.batch != nil {
		d.reader.recycle(d.batch)
	}
	d.buf, d.pos, d.batch, d.cs = d.buf[:0], 0, nil, nil
	b, err := d.reader.take(luabind.Context(L))
	if err != nil {
		d.finish(err)
		return
	}
	d.batch = b
	// One lazy set per datagram: an object kept by the script keeps
	// only its datagram's payloads alive. Routes come as compact
	// tables, whose r.dst costs one field, not a table.
	lz := newLazyTables(L, 0)
	if d.kind.reply == rtnl.RTM_NEWROUTE && len(b.payloads) > 0 {
		d.cs = newCompactSet(L, lz, d.kind.reply, fullTable[rtnl.Route](L, routeTable))
	}
	for i, p := range b.payloads {
		if d.cs != nil {
			d.buf = append(d.buf, d.cs.add(p))
			continue
		}
		t, err := d.kind.build(L, lz, p)
		if err != nil {
			d.finish(fmt.Errorf("%s message %d: %w", rtnl.MessageTypeName(d.kind.reply), b.numbers[i], err))
			return
		}
		d.buf = append(d.buf, t)
	}
	if b.last {
		d.intr = b.interrupted
		d.finish(b.err)
	}
}

// finish ends the loop with err (nil at the end of the dump): the objects
// already made are still handed out.
func (d *eachDump) finish(err error) {
	d.ended, d.err = true, err
	d.reader.end()
}

// dumpStats is what the kernel sent for a dump.
type dumpStats struct{ messages, datagrams, bytes int }

// drain reads st to its end. Each message of k's kind that q's filter
// accepts is counted in *n, or, with use, decoded into a table that q.where
// (called between datagrams, never while the socket is read) keeps or drops
// before use gets it; without where, counting builds nothing.
func (k *dumpKind) drain(L *lua.LState, st *nlsock.Stream, q dumpQuery, n *int, use func(*lua.LTable)) (dumpStats, error) {
	var (
		stats   dumpStats
		pending []*lua.LTable // one datagram's objects
	)
	build := use != nil || q.where != nil
	for {
		var lz *lazyTables
		more, err := st.Next(luabind.Context(L), func(m nlsock.Message) error {
			stats.messages++
			stats.bytes += int(m.Header.Length)
			if m.Header.Type != k.reply || !q.filter.Match(k.reply, m.Payload) {
				return nil
			}
			if !build {
				*n++
				return nil
			}
			if lz == nil {
				lz = newLazyTables(L, 0)
			}
			t, err := k.build(L, lz, m.Payload)
			if err != nil {
				return fmt.Errorf("%s message %d: %w", rtnl.MessageTypeName(k.reply), stats.messages, err)
			}
			pending = append(pending, t)
			return nil
		})
		for i, t := range pending {
			if q.keep(L, t) {
				*n++
				if use != nil {
					use(t)
				}
			}
			pending[i] = nil
		}
		pending = pending[:0]
		if !more || err != nil {
			return stats, err
		}
		stats.datagrams++
	}
}

// run repeats a dump while the kernel marks it interrupted (retryDump);
// each attempt calls start (to reset what the last one gathered) and
// drains the dump. It pushes nil, msg, errname and returns n > 0 on a
// failure.
func (k *dumpKind) run(L *lua.LState, s *luabind.Socket, fn string, req nlsock.Message, q dumpQuery, start func() (*int, func(*lua.LTable))) (dumpStats, int) {
	var stats dumpStats
	n := retryDump(L, fn, func() (bool, error) {
		count, use := start()
		st, err := s.Sock.StartDump(luabind.Context(L), req)
		if err != nil {
			return false, err
		}
		stats, err = k.drain(L, st, q, count, use)
		return st.Interrupted(), err
	})
	return stats, n
}

// luaList is rtnl.<kind>(sock [, opts]): the array of the objects opts
// selects. Without where it is dumpObjects (which builds the tables while
// the next datagram is read); with where, the predicate runs on each
// datagram's objects before the next is read.
func (k *dumpKind) luaList(L *lua.LState) int {
	fn := "rtnl." + k.name
	s, q, req, n := k.prepare(L, fn)
	if n > 0 {
		return n
	}
	if q.where == nil {
		var match func([]byte) bool
		if f := q.filter; !f.IsZero() {
			match = func(p []byte) bool { return f.Match(k.reply, p) }
		}
		return k.list(L, fn, req, match)
	}
	var out *lua.LTable
	_, n = k.run(L, s, fn, req, q, func() (*int, func(*lua.LTable)) {
		out = L.CreateTable(256, 0)
		return new(int), func(t *lua.LTable) { out.Append(t) }
	})
	if n > 0 {
		return n
	}
	L.Push(out)
	return 1
}

// rtnl.count.<kind>(sock [, opts]) -> n, {messages=, datagrams=, bytes=}:
// how many objects match, without building them (unless opts.where needs
// them), and what the kernel sent: messages is what it sent before the
// client-side check, so messages == n shows the kernel filtered. An
// interrupted dump is counted again (rtnl.DumpRetries times).
func (k *dumpKind) luaCount(L *lua.LState) int {
	fn := "rtnl.count." + k.name
	s, q, req, n := k.prepare(L, fn)
	if n > 0 {
		return n
	}
	var count int
	stats, n := k.run(L, s, fn, req, q, func() (*int, func(*lua.LTable)) {
		count = 0
		return &count, nil
	})
	if n > 0 {
		return n
	}
	L.Push(lua.LNumber(count))
	t := L.CreateTable(0, 3)
	t.RawSetString("messages", lua.LNumber(stats.messages))
	t.RawSetString("datagrams", lua.LNumber(stats.datagrams))
	t.RawSetString("bytes", lua.LNumber(stats.bytes))
	L.Push(t)
	return 2
}
