//go:build linux

package nfnl

import (
	"strings"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/nft"
	lua "github.com/yuin/gopher-lua"
)

// nfnl.rule_lines(rule) -> the rule's expressions as `nft --debug=netlink`
// prints them, one string per "[ ... ]" line. rule is a table from
// nfnl.rules (or an event body); each expression is read from its name and
// raw bytes, so a table edited by hand prints what its bytes say.
func luaNfnlRuleLines(L *lua.LState) int {
	const fn = "nfnl.rule_lines"
	rule, ok := L.Get(1).(*lua.LTable)
	if !ok {
		luabind.ArgError(L, fn, 1, "rule table expected, got %s", luabind.TypeName(L.Get(1)))
	}
	exprs, ok := rule.RawGetString("exprs").(*lua.LTable)
	if !ok {
		luabind.ArgError(L, fn, 1, "rule table with exprs expected (from nfnl.rules), got exprs = %s", luabind.TypeName(rule.RawGetString("exprs")))
	}
	out := L.CreateTable(exprs.Len(), 0)
	for i := 1; i <= exprs.Len(); i++ {
		x, ok := exprs.RawGetInt(i).(*lua.LTable)
		name, nameOK := x.RawGetString("name").(lua.LString)
		raw, rawOK := x.RawGetString("raw").(lua.LString)
		if !ok || !nameOK || !rawOK {
			luabind.ArgError(L, fn, 1, "exprs[%d]: {name=string, raw=string} expected", i)
		}
		e, err := nft.DecodeExpr(string(name), []byte(raw))
		if err != nil {
			luabind.ArgError(L, fn, 1, "exprs[%d]: %v", i, err)
		}
		out.RawSetInt(i, lua.LString(nft.ExprLine(e)))
	}
	L.Push(out)
	return 1
}

// nfnl.rule_add(sock, {family=, table=, chain=, expr=LINES}) appends a
// rule assembled from bracket lines (an array of strings, or one string
// of lines). Returns true, or nil, msg, errname when the kernel refuses.
func luaNfnlRuleAdd(L *lua.LState) int {
	const fn = "nfnl.rule_add"
	s, n := luabind.FamilySocket(L, fn, 1, luabind.ProtoNetfilter)
	if s == nil {
		return n
	}
	var b nft.Batch
	addRule(changeArgs{L: L, fn: fn, vals: []lua.LValue{L.Get(2)}, pos: func(int) int { return 2 }}, &b)
	return applyBatch(L, s, &b)
}

// addRule reads {family=, table=, chain=, expr=} (nfnl.rule_add, and
// {"add_rule", {...}} in nfnl.batch).
func addRule(a changeArgs, b *nft.Batch) {
	spec, ok := a.get(0).(*lua.LTable)
	if !ok {
		a.fail(0, "rule table {family=, table=, chain=, expr=} expected, got %s", luabind.TypeName(a.get(0)))
	}
	if msg := luabind.UnknownField(spec, "rule field", "family", "table", "chain", "expr"); msg != "" {
		a.fail(0, "%s", msg)
	}
	field := func(key string) string {
		v, ok := spec.RawGetString(key).(lua.LString)
		if !ok {
			a.fail(0, "field %s (a string) is required, got %s", key, luabind.TypeName(spec.RawGetString(key)))
		}
		return string(v)
	}
	fam, ok := nft.ParseFamily(field("family"))
	if !ok {
		a.fail(0, "unknown family %q (ip, ip6, inet, arp, bridge, netdev)", field("family"))
	}
	var lines []string
	switch v := spec.RawGetString("expr").(type) {
	case lua.LString:
		lines = strings.Split(string(v), "\n")
	case *lua.LTable:
		for i := 1; i <= v.Len(); i++ {
			s, ok := v.RawGetInt(i).(lua.LString)
			if !ok {
				a.fail(0, "expr[%d]: string expected, got %s", i, luabind.TypeName(v.RawGetInt(i)))
			}
			lines = append(lines, string(s))
		}
	default:
		a.fail(0, "field expr (lines, as nfnl.rule_lines returns them) is required, got %s", luabind.TypeName(v))
	}
	exprs, err := nft.ParseRuleLines(fam, lines)
	if err != nil {
		a.fail(0, "expr: %v", err)
	}
	b.AddRule(fam, field("table"), field("chain"), exprs)
}
