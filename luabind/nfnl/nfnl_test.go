package nfnl

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

func TestNfnlTablesAndEvents(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		ev = assert(netlink.open("netfilter"))
		assert(ev:join("nftables"))
		s = assert(netlink.open("netfilter"))
		assert(nfnl.add_table(s, "inet", "luatest"))
		assert(nfnl.add_chain(s, "inet", {table = "luatest", name = "input", hook = "input", prio = -10, policy = "drop"}))
		assert(nfnl.add_chain(s, "inet", {table = "luatest", name = "sub"}))
		local x, msg, errname = nfnl.add_table(s, "inet", "luatest")
		assert(x == nil and errname == "EEXIST", tostring(msg))
		assert(msg:find("NFT_MSG_NEWTABLE"), msg)

		local tables = assert(nfnl.tables(s))
		assert(#tables == 1 and tables[1].object == "table" and tables[1].name == "luatest" and tables[1].family == "inet")
		local chains = assert(nfnl.chains(s))
		assert(#chains == 2, #chains)
		local input = chains[1].name == "input" and chains[1] or chains[2]
		assert(input.hook == "input" and input.prio == -10 and input.policy == "drop" and input.type == "filter", input.hook)

		-- events read as tables
		local seen = {}
		for i = 1, 4 do
			local m = assert(ev:recv(2))
			assert(m.group == nfnl.NFNLGRP_NFTABLES)
			seen[#seen + 1] = m.name .. " " .. (m.body.name or m.body.proc or "")
			if m.name == "NFT_MSG_NEWTABLE" then
				assert(m.body.object == "table" and m.body.family == "inet" and m.type == nfnl.msgtype("NFT_MSG_NEWTABLE"))
			end
		end
		-- one batch per call: each commit ends with its NEWGEN
		local got = table.concat(seen, "; ")
		assert(got == "NFT_MSG_NEWTABLE luatest; NFT_MSG_NEWGEN nfnl.test; NFT_MSG_NEWCHAIN input; NFT_MSG_NEWGEN nfnl.test", got)

		assert(nfnl.del_chain(s, "inet", "luatest", "sub"))
		assert(nfnl.del_table(s, "inet", "luatest"))
		assert(#assert(nfnl.tables(s)) == 0)
	`)
}

func TestNfnlRulesFromNft(t *testing.T) {
	nftPath := nlsocktest.LookPath(t, "nft", "nftables")
	ns := nlsocktest.NewNamespace(t)
	cmd := exec.Command(nftPath, "-f", "-")
	cmd.Stdin = strings.NewReader(`table ip f {
		set blocked { type ipv4_addr; flags interval; elements = { 10.1.0.0/16 } }
		chain c { type filter hook input priority 0; tcp dport 22 counter accept; }
	}`)
	if err := ns.NetNS().Run(cmd); err != nil {
		t.Fatal(err)
	}
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("netfilter"))
		local rules = assert(nfnl.rules(s))
		assert(#rules == 1, #rules)
		local r = rules[1]
		assert(r.table == "f" and r.chain == "c" and r.family == "ip" and r.handle > 0)
		local names = {}
		for _, x in ipairs(r.exprs) do names[#names + 1] = x.name end
		assert(table.concat(names, ",") == "meta,cmp,payload,cmp,counter,immediate", table.concat(names, ","))
		assert(r.exprs[3].base == "transport" and r.exprs[3].offset == 2 and r.exprs[3].len == 2)
		assert(r.exprs[4].op == "eq" and r.exprs[4].attrs.data.value == "\0\22" and r.exprs[4].data == "\0\22")
		assert(r.exprs[6].attrs.data.verdict.code == "accept" and r.exprs[6].data == "accept")
		assert(r.exprs[6].attrs.dreg == 0 and r.exprs[6].line == "[ immediate reg 0 accept ]", r.exprs[6].line)
		local sets = assert(nfnl.sets(s))
		assert(sets[1].name == "blocked" and sets[1].key_type == "ipv4_addr" and sets[1].key_len == 4)
		assert(table.concat(sets[1].flags, ",") == "interval", table.concat(sets[1].flags, ","))
		local elems = assert(nfnl.elements(s, "ip", "f", "blocked"))
		-- an interval set stores 10.1.0.0/16 as its start and an end
		-- element flagged 1 (NFT_SET_ELEM_INTERVAL_END), maybe after an
		-- end marker at 0.0.0.0
		local keys = {}
		for _, e in ipairs(elems) do
			local a, b, c, d = e.key:byte(1, 4)
			keys[#keys + 1] = string.format("%d.%d.%d.%d/%d", a, b, c, d, e.flags or 0)
		end
		table.sort(keys)
		local got = table.concat(keys, " ")
		assert(got == "10.1.0.0/0 10.2.0.0/1" or got == "0.0.0.0/1 10.1.0.0/0 10.2.0.0/1", got)
		local x, msg, errname = nfnl.elements(s, "ip", "f", "nope")
		assert(x == nil and errname == "ENOENT", tostring(msg))

		-- a raw dump through sock:request decodes the same
		local replies = assert(s:request{type = nfnl.msgtype("getrule"), flags = netlink.F_DUMP, payload = "\0\0\0\0"})
		assert(replies[1].name == "NFT_MSG_NEWRULE" and replies[1].body.chain == "c")
	`)
}

func TestNfnlBatch(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("netfilter"))
		assert(s:join("nftables")) -- events must survive the batch
		assert(nfnl.batch(s, {
			{"add_table", "ip", "a"},
			{"add_chain", "ip", {table = "a", name = "in", hook = "input", prio = 0, policy = "accept"}},
			{"add_table", "ip6", "b"},
		}))
		local x, msg, errname = nfnl.batch(s, {
			{"add_table", "ip", "c"},
			{"del_table", "ip", "missing"},
		})
		assert(x == nil and errname == "ENOENT", tostring(msg))
		assert(msg:find("NFT_MSG_DELTABLE %(change 2 of the batch%)"), msg)
		local names = {}
		for _, t in ipairs(assert(nfnl.tables(s))) do names[#names + 1] = t.family .. " " .. t.name end
		table.sort(names)
		assert(table.concat(names, ",") == "ip a,ip6 b", table.concat(names, ","))
		local m = assert(s:recv(2))
		assert(m.name == "NFT_MSG_NEWTABLE" and m.body.name == "a", m.name)
		assert(nfnl.batch(s, {{"del_table", "ip", "a"}, {"del_table", "ip6", "b"}}))
		assert(#assert(nfnl.tables(s)) == 0)
		assert(nfnl.batch(s, {}))
	`)
}

func TestNfnlArgumentErrors(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t), Module)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("netfilter"))`)
	tests := []struct{ code, want string }{
		{`nfnl.add_table(s, "ipx", "t")`, `unknown family "ipx"`},
		{`nfnl.add_table(s, "ip")`, "bad argument #3 to nfnl.add_table (table name expected, got nil)"},
		{`nfnl.add_chain(s, "ip", {name = "c"})`, "field table (a string) is required"},
		{`nfnl.add_chain(s, "ip", {table = "t", name = "c", hook = "nope"})`, `no hook "nope" in family ip`},
		{`nfnl.add_chain(s, "ip", {table = "t", name = "c", policy = "maybe"})`, `policy must be "accept" or "drop"`},
		{`nfnl.msgtype("nope")`, `unknown nf_tables message "nope"`},
		{`nfnl.batch(s, {{"add_set"}})`, `bad argument #2 to nfnl.batch (change 1: unknown change "add_set"`},
		{`nfnl.batch(s, {{"add_table", "ip", "t"}, {"add_table", "ip"}})`, `bad argument #2 to nfnl.batch (change 2: table name expected, got nil)`},
		{`nfnl.batch(s, "x")`, `array of changes expected, got string`},
		{`nfnl.del_chain(s, "ip", "t")`, `bad argument #4 to nfnl.del_chain (chain name expected, got nil)`},
		{`s:join("nope")`, `unknown netfilter group "nope"`},
	}
	for _, tt := range tests {
		luabindtest.WantError(t, L, tt.code, tt.want)
	}
}

// newState is a fresh Lua state with netlink, netns and this package's module open.
func newState(tb testing.TB, ns nlsock.NetNS) (*lua.LState, *luabind.Env) {
	return luabindtest.NewState(tb, luabind.Options{DefaultNS: ns}, Module)
}
