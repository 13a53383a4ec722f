package luabind

import (
	"context"
	"math"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nft"
	lua "github.com/yuin/gopher-lua"
)

// NFNLGRP_* names for sock:join on netfilter sockets.
var nfnlGroups = []string{"none", "conntrack-new", "conntrack-update", "conntrack-destroy",
	"conntrack-exp-new", "conntrack-exp-update", "conntrack-exp-destroy", "nftables",
	"acct-quota", "nftrace"}

// openNfnl builds the nfnl module: nf_tables constants, ruleset dumps,
// table/chain changes through batches, and the body decoder that makes
// NFNLGRP_NFTABLES events and dump replies read as tables.
func openNfnl(e *Env, L *lua.LState) *lua.LTable {
	proto := protoNumber("netfilter")
	t := L.CreateTable(0, 80)
	setFuncs(L, t, []binding{
		{"nfnl.tables", nfnlDump(func(ctx context.Context, s *nlsock.Socket) ([]nft.Message, error) { return dumpAs(ctx, s, nft.Tables) })},
		{"nfnl.chains", nfnlDump(func(ctx context.Context, s *nlsock.Socket) ([]nft.Message, error) { return dumpAs(ctx, s, nft.Chains) })},
		{"nfnl.rules", nfnlDump(func(ctx context.Context, s *nlsock.Socket) ([]nft.Message, error) { return dumpAs(ctx, s, nft.Rules) })},
		{"nfnl.sets", nfnlDump(func(ctx context.Context, s *nlsock.Socket) ([]nft.Message, error) { return dumpAs(ctx, s, nft.Sets) })},
		{"nfnl.add_table", luaNfnlAddTable},
		{"nfnl.del_table", luaNfnlDelTable},
		{"nfnl.add_chain", luaNfnlAddChain},
		{"nfnl.del_chain", luaNfnlDelChain},
		{"nfnl.msgtype", luaNfnlMsgType},
	})
	setNfnlConstants(L, t)
	e.SetBodyDecoder(proto, nfnlBody)
	e.SetTypeNames(proto, nft.MsgName)
	e.SetGroups(proto, Groups{Resolve: resolveNfnlGroup, Name: func(id uint32) string {
		if int(id) < len(nfnlGroups) && id > 0 {
			return nfnlGroups[id]
		}
		return ""
	}})
	return t
}

func setNfnlConstants(L *lua.LState, t *lua.LTable) {
	set := func(k string, v int64) { t.RawSetString(k, lua.LNumber(v)) }
	for i := uint8(0); ; i++ {
		name := nft.MsgName(nft.Type(i))
		if name == "" {
			break
		}
		set(name, int64(i)) // the C value; nfnl.msgtype gives the nlmsg_type
	}
	set("NFNL_SUBSYS_NFTABLES", int64(nft.SubsysNFTables))
	set("NFNL_MSG_BATCH_BEGIN", int64(nft.MsgBatchBegin))
	set("NFNL_MSG_BATCH_END", int64(nft.MsgBatchEnd))
	set("NFNLGRP_NFTABLES", int64(nft.GroupNFTables))
	set("NFNLGRP_NFTRACE", int64(nft.GroupNFTrace))
	for _, f := range []struct {
		n string
		v uint8
	}{{"NFPROTO_UNSPEC", nft.FamilyUnspec}, {"NFPROTO_INET", nft.FamilyINet}, {"NFPROTO_IPV4", nft.FamilyIPv4},
		{"NFPROTO_ARP", nft.FamilyARP}, {"NFPROTO_NETDEV", nft.FamilyNetdev}, {"NFPROTO_BRIDGE", nft.FamilyBridge},
		{"NFPROTO_IPV6", nft.FamilyIPv6}} {
		set(f.n, int64(f.v))
	}
	set("NF_DROP", 0)
	set("NF_ACCEPT", 1)
}

func resolveNfnlGroup(_ context.Context, _ *nlsock.Socket, name string) ([]uint32, error) {
	for i, n := range nfnlGroups {
		if i > 0 && n == name {
			return []uint32{uint32(i)}, nil
		}
	}
	return nil, &UnknownGroupError{Proto: "netfilter", Name: name, Known: "e.g. nftables, nftrace, conntrack-new"}
}

// dumpAs runs one of the nft dump helpers and wraps each object as a
// decoded message, so one converter serves dumps and events.
func dumpAs[T any](ctx context.Context, s *nlsock.Socket, dump func(context.Context, *nlsock.Socket) ([]*T, error)) ([]nft.Message, error) {
	objs, err := dump(ctx, s)
	out := make([]nft.Message, len(objs))
	for i, o := range objs {
		switch v := any(o).(type) {
		case *nft.Table:
			out[i].Table = v
		case *nft.Chain:
			out[i].Chain = v
		case *nft.Rule:
			out[i].Rule = v
		case *nft.Set:
			out[i].Set = v
		}
	}
	return out, err
}

// nfnlDump makes nfnl.tables/chains/rules/sets(sock): an array of object
// tables, as the body decoder shows them.
func nfnlDump(dump func(context.Context, *nlsock.Socket) ([]nft.Message, error)) lua.LGFunction {
	return func(L *lua.LState) int {
		s, n := familySocket(L, "nfnl dump", 1, protoNumber("netfilter"))
		if s == nil {
			return n
		}
		msgs, err := dump(ctxOf(L), s.s)
		if err != nil {
			return ioFailure(L, ctxOf(L), err)
		}
		t := L.CreateTable(len(msgs), 0)
		for i := range msgs {
			t.RawSetInt(i+1, nftObject(L, &msgs[i]))
		}
		L.Push(t)
		return 1
	}
}

// nfnl.add_table(sock, family, name) -> true, or nil, msg, errname.
func luaNfnlAddTable(L *lua.LState) int {
	return nfnlBatch(L, "nfnl.add_table", func(b *nft.Batch, fam uint8) {
		b.AddTable(fam, checkName(L, "nfnl.add_table", 3, "table name"), 0)
	})
}

// nfnl.del_table(sock, family, name) -> true, or nil, msg, errname.
func luaNfnlDelTable(L *lua.LState) int {
	return nfnlBatch(L, "nfnl.del_table", func(b *nft.Batch, fam uint8) {
		b.DelTable(fam, checkName(L, "nfnl.del_table", 3, "table name"))
	})
}

// nfnl.del_chain(sock, family, table, name) -> true, or nil, msg, errname.
func luaNfnlDelChain(L *lua.LState) int {
	const fn = "nfnl.del_chain"
	return nfnlBatch(L, fn, func(b *nft.Batch, fam uint8) {
		b.DelChain(fam, checkName(L, fn, 3, "table name"), checkName(L, fn, 4, "chain name"))
	})
}

// nfnl.add_chain(sock, family, {table=, name=, type=, hook=, prio=,
// policy=, device=}) -> true, or nil, msg, errname. hook is a name
// ("input") or number; policy "accept"/"drop".
func luaNfnlAddChain(L *lua.LState) int {
	const fn = "nfnl.add_chain"
	return nfnlBatch(L, fn, func(b *nft.Batch, fam uint8) {
		spec, ok := L.Get(3).(*lua.LTable)
		if !ok {
			argError(L, fn, 3, "chain table expected, got %s", typeName(L.Get(3)))
		}
		c := nft.ChainSpec{Family: fam, Table: fieldString(L, fn, spec, "table", true), Name: fieldString(L, fn, spec, "name", true),
			Type: fieldString(L, fn, spec, "type", false)}
		if hv := spec.RawGetString("hook"); hv != lua.LNil {
			c.Hook = &nft.Hook{Num: hookNum(L, fn, fam, hv), Device: fieldString(L, fn, spec, "device", false)}
			if p, ok := spec.RawGetString("prio").(lua.LNumber); ok {
				c.Hook.Priority = int32(intIn(L, fn, 3, "prio", float64(p), math.MinInt32, math.MaxInt32))
			}
			if c.Type == "" {
				c.Type = "filter"
			}
		}
		switch pv := fieldString(L, fn, spec, "policy", false); pv {
		case "":
		case "accept", "drop":
			pol := nft.PolicyAccept
			if pv == "drop" {
				pol = nft.PolicyDrop
			}
			c.Policy = &pol
		default:
			argError(L, fn, 3, `policy must be "accept" or "drop", got %q`, pv)
		}
		b.AddChain(c)
	})
}

func fieldString(L *lua.LState, fn string, t *lua.LTable, key string, required bool) string {
	switch v := t.RawGetString(key).(type) {
	case lua.LString:
		return string(v)
	case *lua.LNilType:
		if required {
			argError(L, fn, 3, "field %s (a string) is required", key)
		}
		return ""
	default:
		argError(L, fn, 3, "field %s must be a string, got %s", key, typeName(v))
		return ""
	}
}

func hookNum(L *lua.LState, fn string, fam uint8, v lua.LValue) uint32 {
	if n, ok := v.(lua.LNumber); ok {
		return uint32(intIn(L, fn, 3, "hook", float64(n), 0, 16))
	}
	name := lua.LVAsString(v)
	for i := uint32(0); nft.HookName(fam, i) != ""; i++ {
		if nft.HookName(fam, i) == name {
			return i
		}
	}
	argError(L, fn, 3, "no hook %q in family %s", name, nft.FamilyName(fam))
	return 0
}

// nfnlBatch checks the socket and family (arguments 1 and 2), lets add
// fill a batch, and applies it.
func nfnlBatch(L *lua.LState, fn string, add func(*nft.Batch, uint8)) int {
	s, n := familySocket(L, fn, 1, protoNumber("netfilter"))
	if s == nil {
		return n
	}
	fam := checkNftFamily(L, fn, 2)
	var b nft.Batch
	add(&b, fam)
	ctx := ctxOf(L)
	if err := nft.Apply(ctx, s.s, &b); err != nil {
		return ioFailure(L, ctx, err)
	}
	L.Push(lua.LTrue)
	return 1
}

func checkNftFamily(L *lua.LState, fn string, pos int) uint8 {
	switch v := L.Get(pos).(type) {
	case lua.LString:
		if f, ok := nft.ParseFamily(string(v)); ok {
			return f
		}
		argError(L, fn, pos, `unknown family %q (ip, ip6, inet, arp, bridge, netdev)`, string(v))
	case lua.LNumber:
		return uint8(intIn(L, fn, pos, "family", float64(v), 0, math.MaxUint8))
	default:
		argError(L, fn, pos, "family name expected, got %s", typeName(v))
	}
	return 0
}

// nfnl.msgtype(name_or_number) -> the nlmsg_type of an nf_tables message
// ("NFT_MSG_NEWTABLE", "newtable" or the C value 0).
func luaNfnlMsgType(L *lua.LState) int {
	const fn = "nfnl.msgtype"
	switch v := L.Get(1).(type) {
	case lua.LNumber:
		L.Push(lua.LNumber(nft.Type(uint8(intIn(L, fn, 1, "message", float64(v), 0, math.MaxUint8)))))
	case lua.LString:
		typ, err := nft.ParseMsgName(string(v))
		if err != nil {
			argError(L, fn, 1, "%v", err)
		}
		L.Push(lua.LNumber(typ))
	default:
		argError(L, fn, 1, "message name or number expected, got %s", typeName(v))
	}
	return 1
}

// nfnlBody decodes nf_tables messages; other netfilter subsystems get nil.
func nfnlBody(L *lua.LState, m nlsock.Message) lua.LValue {
	if subsys, _ := nft.Split(m.Header.Type); subsys != nft.SubsysNFTables {
		return lua.LNil
	}
	d, err := nft.ParseMessage(m.Header.Type, m.Payload)
	t := nftObject(L, &d)
	t.RawSetString("version", lua.LNumber(d.Header.Version))
	t.RawSetString("res_id", lua.LNumber(d.Header.ResID))
	if d.Object() == "" {
		t.RawSetString("family", lua.LString(nft.FamilyName(d.Header.Family)))
		t.RawSetString("attrs", rawAttrs(L, d.Attrs))
	}
	if err != nil {
		t.RawSetString("error", lua.LString(err.Error()))
	}
	return t
}
