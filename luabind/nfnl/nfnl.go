//go:build linux

package nfnl

import (
	"context"
	"math"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nft"
	lua "github.com/yuin/gopher-lua"
)

// NFNLGRP_* names for sock:join on netfilter sockets.
var nfnlGroups = []string{"none", "conntrack-new", "conntrack-update", "conntrack-destroy",
	"conntrack-exp-new", "conntrack-exp-update", "conntrack-exp-destroy", "nftables",
	"acct-quota", "nftrace"}

// Module is the nfnl module, for luabind.Open.
var Module = luabind.Module{Name: "nfnl", Open: openNfnl}

// openNfnl builds the nfnl module: nf_tables constants, ruleset dumps,
// table/chain changes through batches, and the body decoder that makes
// NFNLGRP_NFTABLES events and dump replies read as tables.
func openNfnl(e *luabind.Env, L *lua.LState) *lua.LTable {
	t := L.CreateTable(0, 80)
	luabind.SetFuncs(L, t, []luabind.Binding{
		{"nfnl.tables", nfnlDump("nfnl.tables", func(ctx context.Context, s *nlsock.Socket) ([]nft.Message, error) { return dumpAs(ctx, s, nft.Tables) })},
		{"nfnl.chains", nfnlDump("nfnl.chains", func(ctx context.Context, s *nlsock.Socket) ([]nft.Message, error) { return dumpAs(ctx, s, nft.Chains) })},
		{"nfnl.rules", nfnlDump("nfnl.rules", func(ctx context.Context, s *nlsock.Socket) ([]nft.Message, error) { return dumpAs(ctx, s, nft.Rules) })},
		{"nfnl.sets", nfnlDump("nfnl.sets", func(ctx context.Context, s *nlsock.Socket) ([]nft.Message, error) { return dumpAs(ctx, s, nft.Sets) })},
		{"nfnl.add_table", nfnlChangeFunc("nfnl.add_table", "add_table")},
		{"nfnl.del_table", nfnlChangeFunc("nfnl.del_table", "del_table")},
		{"nfnl.add_chain", nfnlChangeFunc("nfnl.add_chain", "add_chain")},
		{"nfnl.del_chain", nfnlChangeFunc("nfnl.del_chain", "del_chain")},
		{"nfnl.rule_lines", luaNfnlRuleLines},
		{"nfnl.rule_add", luaNfnlRuleAdd},
		{"nfnl.batch", luaNfnlBatch},
		{"nfnl.elements", luaNfnlElements},
		{"nfnl.msgtype", luaNfnlMsgType},
		{"nfnl.conntrack", luaNfnlConntrack}, {"nfnl.conntrack_flush", luaNfnlConntrackFlush},
	})
	setNfnlConstants(L, t)
	e.SetBodyDecoder(luabind.ProtoNetfilter, nfnlBody)
	e.SetTypeNames(luabind.ProtoNetfilter, nft.MsgName)
	e.SetGroups(luabind.ProtoNetfilter, luabind.Groups{Resolve: resolveNfnlGroup, Name: func(id uint32) string {
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
	return nil, &luabind.UnknownGroupError{Proto: "netfilter", Name: name, Known: "e.g. nftables, nftrace, conntrack-new"}
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
func nfnlDump(fn string, dump func(context.Context, *nlsock.Socket) ([]nft.Message, error)) lua.LGFunction {
	return func(L *lua.LState) int {
		s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoNetfilter)
		if s == nil {
			return n
		}
		msgs, err := dump(luabind.Context(L), s.Sock)
		if err != nil {
			return luabind.IOFailure(L, luabind.Context(L), err)
		}
		t := L.CreateTable(len(msgs), 0)
		for i := range msgs {
			t.RawSetInt(i+1, nftObject(L, &msgs[i]))
		}
		L.Push(t)
		return 1
	}
}

// nfnl.msgtype(name_or_number) -> the nlmsg_type of an nf_tables message
// ("NFT_MSG_NEWTABLE", "newtable" or the C value 0).
func luaNfnlMsgType(L *lua.LState) int {
	const fn = "nfnl.msgtype"
	switch v := L.Get(1).(type) {
	case lua.LNumber:
		L.Push(lua.LNumber(nft.Type(uint8(luabind.IntIn(L, fn, 1, "message", float64(v), 0, math.MaxUint8)))))
	case lua.LString:
		typ, err := nft.ParseMsgName(string(v))
		if err != nil {
			luabind.ArgError(L, fn, 1, "%v", err)
		}
		L.Push(lua.LNumber(typ))
	default:
		luabind.ArgError(L, fn, 1, "message name or number expected, got %s", luabind.TypeName(v))
	}
	return 1
}

// nfnlBody decodes nf_tables messages; other netfilter subsystems get nil.
func nfnlBody(L *lua.LState, m nlsock.Message) lua.LValue {
	if subsys, _ := nft.Split(m.Header.Type); subsys != nft.SubsysNFTables {
		return conntrackBody(L, m) // nil for the other subsystems
	}
	d, err := nft.ParseMessage(m.Header.Type, m.Payload)
	t := nftObject(L, &d)
	t.RawSetString("version", lua.LNumber(d.Header.Version))
	t.RawSetString("res_id", lua.LNumber(d.Header.ResID))
	if d.Object() == "" {
		t.RawSetString("family", lua.LString(nft.FamilyName(d.Header.Family)))
		t.RawSetString("attrs", luabind.RawAttrs(L, d.Attrs))
	}
	if err != nil {
		t.RawSetString("error", lua.LString(err.Error()))
	}
	return t
}

// nfnl.elements(sock, family, table, set) -> array of elements
// {key=bytes, data=bytes or verdict, ...}.
func luaNfnlElements(L *lua.LState) int {
	const fn = "nfnl.elements"
	s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoNetfilter)
	if s == nil {
		return n
	}
	a := changeArgs{L: L, fn: fn, vals: []lua.LValue{L.Get(2), L.Get(3), L.Get(4)}, pos: func(i int) int { return i + 2 }}
	fam := a.family()
	elems, err := nft.SetElements(luabind.Context(L), s.Sock, fam, a.name(1, "table name"), a.name(2, "set name"))
	if err != nil {
		return luabind.IOFailure(L, luabind.Context(L), err)
	}
	L.Push(elemList(L, elems))
	return 1
}
