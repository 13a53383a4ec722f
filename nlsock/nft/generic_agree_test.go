package nft

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// agreeRuleset has one of each thing the typed decoders fill: a table
// with a comment (userdata), base chains of two families (a netdev one
// with its device), a chain with counters, rules of many expression
// types, an interval set with a size and a per-element counter, a map of
// verdicts with timeouts.
const agreeRuleset = `
table inet t {
	comment "agree"
	set s {
		type ipv4_addr
		flags interval
		size 64
		counter
		elements = { 10.0.0.0/8, 192.168.1.1 }
	}
	map m {
		type ipv4_addr . inet_service : verdict
		flags timeout
		elements = { 10.1.1.1 . 22 timeout 1h : accept, 10.1.1.2 . 80 : jump sub }
	}
	chain input {
		type filter hook input priority -10; policy drop;
		ct state established,related accept
		ip saddr @s counter drop
		ip saddr . tcp dport vmap @m
		tcp dport { 22, 80 } limit rate 10/second log prefix "in " accept
		meta mark set 0x10 ip dscp cs1 jump sub comment "a comment"
		iifname "lo" ip protocol icmp reject
	}
	chain sub {
		udp sport 53 counter return
		ip6 nexthdr tcp meta nftrace set 1 drop
	}
}
table netdev n {
	chain ingress {
		type filter hook ingress device lo priority 5; policy accept;
		ether type arp counter
	}
}
`

// The typed decoders (Table, Chain, Rule, Set, SetElems filled through
// ynl tables) and ynl's generic decoder read the same dump replies of a
// namespace through the same description: every field a typed decoder
// fills holds what the generic one reads (an expression's attributes
// too), an absent attribute leaves its field zero, and Unknown holds
// exactly the attributes no field is bound to. A field bound to the
// wrong attribute, a wrong width or byte order, shows here.
func TestTypedAgreesWithGeneric(t *testing.T) {
	ns := rulesetNamespace(t, agreeRuleset)
	s := openNetfilter(t, ns)
	spec := builtin.MustSpec(description)

	var msgs []nlsock.Message
	for _, msg := range []uint8{MsgGetTable, MsgGetChain, MsgGetRule, MsgGetSet} {
		msgs = append(msgs, dumpRaw(t, s, msg, FamilyUnspec, nil)...)
	}
	for _, set := range []string{"s", "m"} {
		var e nlsock.AttrEncoder
		e.String(AttrSetElemListTable, "t")
		e.String(AttrSetElemListSet, set)
		msgs = append(msgs, dumpRaw(t, s, MsgGetSetElem, FamilyINet, e.Bytes())...)
	}
	counts := map[string]int{}
	compared := 0
	for _, m := range msgs {
		typed, err := ParseMessage(m.Header.Type, m.Payload)
		if err != nil {
			t.Fatal(err)
		}
		set := messageSets()[m.Header.Type]
		generic, err := spec.Decode(set.Name, m.Payload[HeaderLen:])
		if err != nil {
			t.Fatal(err)
		}
		where := fmt.Sprintf("%s %s", typed.Name, typed.Object())
		counts[typed.Object()]++
		fields, unknown := typedFields(typed)
		compared += agree(t, where, set, fields, generic)
		checkUnknown(t, where, set, fields, generic, unknown)
	}
	t.Logf("messages %v, %d attributes agree", counts, compared)
	if counts["table"] != 2 || counts["chain"] != 3 || counts["rule"] != 9 || counts["set"] < 3 || counts["elements"] < 2 {
		t.Errorf("dumped %v, want 2 tables, 3 chains, 9 rules, 3 or more sets (an anonymous one) and both sets' elements", counts)
	}
	if compared < 150 {
		t.Errorf("only %d attributes compared", compared)
	}
}

// dumpRaw dumps message msg with attributes attrs and returns the replies.
func dumpRaw(t *testing.T, s *nlsock.Socket, msg, family uint8, attrs []byte) []nlsock.Message {
	t.Helper()
	reply, err := s.Request(testCtx(t), nlsock.Message{
		Header:  nlsock.Header{Type: Type(msg), Flags: nlsock.FlagDump},
		Payload: append(Header{Family: family}.Append(nil), attrs...),
	})
	if err != nil {
		t.Fatalf("dump %s: %v", MsgName(Type(msg)), err)
	}
	return reply.Messages
}

// typedFields is what a typed decoder holds of each attribute, in the
// form the generic decoder gives it: uint64 for integers (int64 for
// signed ones), string, []byte, a map for a nest; and its Unknown.
func typedFields(m Message) (ynl.Attrs, []nlsock.Attr) {
	switch {
	case m.Table != nil:
		x := m.Table
		return ynl.Attrs{"name": x.Name, "flags": u32(x.Flags), "use": u32(x.Use), "handle": x.Handle,
			"owner": u32(x.Owner), "userdata": x.Userdata}, x.Unknown
	case m.Chain != nil:
		x := m.Chain
		f := ynl.Attrs{"table": x.Table, "name": x.Name, "handle": x.Handle, "use": u32(x.Use), "type": x.Type,
			"flags": u32(x.Flags), "id": u32(x.ID), "userdata": x.Userdata}
		if x.HasPolicy {
			f["policy"] = u32(x.Policy)
		}
		if x.Hook != nil {
			h := ynl.Attrs{"hooknum": u32(x.Hook.Num), "priority": int64(x.Hook.Priority), "dev": x.Hook.Device}
			if x.Hook.Devices != nil {
				h["devs"] = ynl.Attrs{"name": x.Hook.Devices}
			}
			f["hook"] = h
		}
		if x.Packets != 0 || x.Bytes != 0 {
			f["counters"] = ynl.Attrs{"packets": x.Packets, "bytes": x.Bytes}
		}
		return f, x.Unknown
	case m.Rule != nil:
		x := m.Rule
		return ynl.Attrs{"table": x.Table, "chain": x.Chain, "handle": x.Handle, "position": x.Position,
			"id": u32(x.ID), "userdata": x.Userdata, "expressions": ynl.Attrs{"elem": exprsForm(x.Expressions)}}, x.Unknown
	case m.Set != nil:
		x := m.Set
		f := ynl.Attrs{"table": x.Table, "name": x.Name, "handle": x.Handle, "flags": u32(x.Flags),
			"key-type": u32(x.KeyType), "key-len": u32(x.KeyLen), "data-type": u32(x.DataType), "data-len": u32(x.DataLen),
			"policy": u32(x.Policy), "id": u32(x.ID), "timeout": x.Timeout, "gc-interval": u32(x.GCInterval),
			"obj-type": u32(x.ObjType), "userdata": x.Userdata}
		f["desc"] = ynl.Attrs{"size": u32(x.Size)}
		if len(x.Expr) > 0 {
			f["expr-or-expressions"] = exprsForm(x.Expr)
		}
		return f, x.Unknown
	case m.Elems != nil:
		x := m.Elems
		var elems []any
		for _, e := range x.Elements {
			f := ynl.Attrs{"flags": u32(e.Flags), "timeout": e.Timeout, "expiration": e.Expiration,
				"objref": e.ObjRef, "userdata": e.Userdata, "key": ynl.Attrs{"value": e.Key}}
			if e.KeyEnd != nil {
				f["key-end"] = ynl.Attrs{"value": e.KeyEnd}
			}
			switch d := e.Data.(type) {
			case []byte:
				f["data"] = ynl.Attrs{"value": d}
			case string:
				f["data"] = ynl.Attrs{"verdict": verdictForm(d)}
			}
			if len(e.Expr) > 0 {
				f["expr-or-expressions"] = exprsForm(e.Expr)
			}
			elems = append(elems, f)
		}
		return ynl.Attrs{"table": x.Table, "set": x.Set, "set-id": u32(x.SetID),
			"elements": ynl.Attrs{"elem": elems}}, x.Unknown
	}
	return nil, nil
}

func u32(v uint32) uint64 { return uint64(v) }

func exprsForm(xs []Expr) []any {
	out := []any{}
	for _, x := range xs {
		e := ynl.Attrs{"name": x.Name}
		if x.Attrs != nil {
			e["data"] = x.Attrs
		}
		out = append(out, e)
	}
	return out
}

// verdictForm splits "jump sub" into the verdict nest's code and chain.
func verdictForm(v string) ynl.Attrs {
	code, chain, _ := cutSpace(v)
	f := ynl.Attrs{"code": code}
	if chain != "" {
		f["chain"] = chain
	}
	return f
}

func cutSpace(s string) (string, string, bool) {
	for i := range s {
		if s[i] == ' ' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// agree compares the typed fields with the generic decode of set and
// returns the number of attributes that agree.
func agree(t *testing.T, where string, set *ynl.AttrSet, typed, generic ynl.Attrs) int {
	t.Helper()
	n := 0
	for name, want := range typed {
		if name == "expr-or-expressions" {
			n += agreeExprs(t, where, set, want.([]any), generic)
			continue
		}
		a, err := set.Attr(name)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		g, ok := generic[name]
		if !ok {
			if !isZero(want) {
				t.Errorf("%s: %s is absent, the typed field holds %v", where, name, want)
			}
			continue
		}
		switch w := want.(type) {
		case ynl.Attrs:
			if a.Type != "sub-message" {
				gn, _ := g.(ynl.Attrs)
				n += agree(t, where+" "+name, a.Nested, w, gn)
				continue
			}
		case []any:
			gl, _ := g.([]any)
			if len(gl) != len(w) {
				t.Errorf("%s: %s has %d entries, the generic decoder %d", where, name, len(w), len(gl))
				continue
			}
			for i := range w {
				wa, _ := w[i].(ynl.Attrs)
				ga, _ := gl[i].(ynl.Attrs)
				n += agree(t, fmt.Sprintf("%s %s[%d]", where, name, i), a.Nested, wa, ga)
			}
			continue
		case []string:
			g = stringsOf(g)
		case uint64:
			g = enumNumber(a, g)
		}
		if !reflect.DeepEqual(want, g) {
			t.Errorf("%s: %s typed %#v, generic %#v", where, name, want, g)
			continue
		}
		n++
	}
	return n
}

// agreeExprs compares a set's or element's expressions, which the kernel
// sends as one expr or a list of them.
func agreeExprs(t *testing.T, where string, set *ynl.AttrSet, want []any, generic ynl.Attrs) int {
	var got []any
	if one, ok := generic["expr"].(ynl.Attrs); ok {
		got = append(got, one)
	}
	if list, ok := generic["expressions"].(ynl.Attrs); ok {
		elems, _ := list["elem"].([]any)
		got = append(got, elems...)
	}
	list, _ := set.Attr("expressions")
	return agree(t, where, list.Nested, ynl.Attrs{"elem": want}, ynl.Attrs{"elem": got})
}

// enumNumber turns the generic decoder's enum names back into the number the
// typed structs keep (flags as a mask, a policy as its code).
func enumNumber(a *ynl.Attr, v any) any {
	if a.Enum == nil {
		return v
	}
	lookup := func(x any) uint64 {
		if s, ok := x.(string); ok {
			n, _ := a.Enum.Lookup(s)
			return n
		}
		n, _ := x.(uint64)
		return n
	}
	if list, ok := v.([]any); ok {
		var mask uint64
		for _, x := range list {
			mask |= lookup(x)
		}
		return mask
	}
	return lookup(v)
}

// isZero: a zero value, or a nest whose fields are all zero.
func isZero(v any) bool {
	if t, ok := v.(ynl.Attrs); ok {
		for _, f := range t {
			if !isZero(f) {
				return false
			}
		}
		return true
	}
	return reflect.ValueOf(v).IsZero()
}

func stringsOf(v any) []string {
	var out []string
	switch x := v.(type) {
	case []any:
		for _, s := range x {
			str, _ := s.(string)
			out = append(out, str)
		}
	case []string:
		out = x
	}
	return out
}

// checkUnknown: the typed Unknown holds exactly the top-level attributes
// of the message no field is bound to.
func checkUnknown(t *testing.T, where string, set *ynl.AttrSet, typed, generic ynl.Attrs, unknown []nlsock.Attr) {
	t.Helper()
	var want, got []uint16
	for name := range generic {
		if name == ynl.UnknownKey {
			for _, r := range generic[name].([]ynl.RawAttr) {
				want = append(want, r.Type)
			}
			continue
		}
		_, bound := typed[name]
		if name == "expr" || name == "expressions" {
			_, bound = typed["expr-or-expressions"]
			bound = bound || name == "expressions"
		}
		if a, err := set.Attr(name); err == nil && !bound && a.Type != "pad" {
			want = append(want, a.Value)
		}
	}
	for _, a := range unknown {
		got = append(got, a.Type)
	}
	sort.Slice(want, func(i, k int) bool { return want[i] < want[k] })
	sort.Slice(got, func(i, k int) bool { return got[i] < got[k] })
	if !slices.Equal(want, got) {
		t.Errorf("%s: Unknown holds attributes %v, the unbound ones are %v", where, got, want)
	}
}
