//go:build linux

package runtime

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nlsh/nlsh/luabind"
	lua "github.com/yuin/gopher-lua"
)

// Limits of the pretty printer.
const (
	prettyWidth    = 80  // a table longer than this is laid out one entry per line
	prettyDepth    = 12  // deeper tables print as {...}
	prettyItems    = 200 // entries shown per table
	prettyHexBytes = 64  // bytes shown of a binary string
)

// Pretty renders v for the REPL: tables with sorted keys and nesting, a table
// that contains itself marked <cycle>, binary strings as hex, integers
// without ".0". A string at the top level prints raw, as lua prints it. It
// may call __tostring metamethods, so call it under a protected call.
func Pretty(L *lua.LState, v lua.LValue, top bool) string {
	p := &printer{L: L, path: map[*lua.LTable]bool{}}
	if s, ok := v.(lua.LString); ok && top && !isBinary(string(s)) {
		return string(s)
	}
	return p.value(v, 0, 0)
}

type printer struct {
	L    *lua.LState
	path map[*lua.LTable]bool // tables being printed, to spot cycles
}

func (p *printer) value(v lua.LValue, indent, depth int) string {
	switch v := v.(type) {
	case lua.LString:
		return quote(string(v))
	case lua.LNumber:
		return number(v)
	case *lua.LTable:
		if p.L.GetMetaField(v, "__tostring") != lua.LNil {
			return p.L.ToStringMeta(v).String()
		}
		return p.table(v, indent, depth)
	}
	return p.L.ToStringMeta(v).String()
}

func (p *printer) table(t *lua.LTable, indent, depth int) string {
	if p.path[t] {
		return "<cycle>"
	}
	if depth >= prettyDepth {
		return "{...}"
	}
	p.path[t] = true
	defer delete(p.path, t)
	items, scalars := p.items(t, indent+2, depth+1)
	if len(items) == 0 {
		return "{}"
	}
	flat := "{" + strings.Join(items, ", ") + "}"
	if indent+len(flat) <= prettyWidth && !strings.Contains(flat, "\n") {
		return flat
	}
	pad := strings.Repeat(" ", indent+2)
	var b strings.Builder
	b.WriteString("{")
	col := prettyWidth // forces a new line first
	for i, it := range items {
		if i < scalars && col+len(it)+2 <= prettyWidth {
			b.WriteString(" " + it + ",")
			col += len(it) + 2
			continue
		}
		b.WriteString("\n" + pad + it + ",")
		col = len(pad) + len(it) + 1
		if i >= scalars {
			col = prettyWidth
		}
	}
	return b.String() + "\n" + strings.Repeat(" ", indent) + "}"
}

// items renders the array part (1..n) bare, then the other keys sorted. The
// first scalars items are array entries that print on one line each (they
// may share lines in a long table).
func (p *printer) items(t *lua.LTable, indent, depth int) (items []string, scalars int) {
	luabind.Materialize(p.L, t) // a compact rtnl object gets its fields
	n := 0
	for ; n < prettyItems && t.RawGetInt(n+1) != lua.LNil; n++ {
		items = append(items, p.value(t.RawGetInt(n+1), indent, depth))
		if scalars == n && !strings.Contains(items[n], "\n") && !strings.HasPrefix(items[n], "{") {
			scalars++
		}
	}
	var keys []lua.LValue
	t.ForEach(func(k, _ lua.LValue) {
		if f, ok := k.(lua.LNumber); ok && float64(f) == float64(int(f)) && int(f) >= 1 && int(f) <= n {
			return
		}
		keys = append(keys, k)
	})
	sort.Slice(keys, func(i, j int) bool { return keyLess(keys[i], keys[j]) })
	for i, k := range keys {
		if len(items) >= prettyItems {
			items = append(items, fmt.Sprintf("... (%d more)", len(keys)-i))
			break
		}
		items = append(items, p.key(k, indent, depth)+" = "+p.value(t.RawGet(k), indent, depth))
	}
	return items, scalars
}

func (p *printer) key(k lua.LValue, indent, depth int) string {
	if s, ok := k.(lua.LString); ok && isIdent(string(s)) {
		return string(s)
	}
	return "[" + p.value(k, indent, depth) + "]"
}

// keyLess orders numbers first, then strings, then the rest by type and text.
func keyLess(a, b lua.LValue) bool {
	ra, rb := keyRank(a), keyRank(b)
	if ra != rb {
		return ra < rb
	}
	switch a := a.(type) {
	case lua.LNumber:
		return a < b.(lua.LNumber)
	case lua.LString:
		return a < b.(lua.LString)
	}
	return a.String() < b.String()
}

func keyRank(v lua.LValue) int {
	switch v.Type() {
	case lua.LTNumber:
		return 0
	case lua.LTString:
		return 1
	case lua.LTBool:
		return 2
	}
	return 3 + int(v.Type())
}

var luaKeywords = map[string]bool{
	"and": true, "break": true, "do": true, "else": true, "elseif": true, "end": true,
	"false": true, "for": true, "function": true, "if": true, "in": true, "local": true,
	"nil": true, "not": true, "or": true, "repeat": true, "return": true, "then": true,
	"true": true, "until": true, "while": true, "goto": true,
}

func isIdent(s string) bool {
	if s == "" || luaKeywords[s] {
		return false
	}
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// isBinary reports whether s is better shown as bytes than as text: not
// UTF-8, or control characters other than tab and newlines.
func isBinary(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f {
			return true
		}
	}
	return false
}

// quote shows text in double quotes and binary data as hex in groups of four
// bytes (netlink's alignment): <6 bytes 01020304 0506>.
func quote(s string) string {
	if !isBinary(s) {
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`, "\r", `\r`)
		return `"` + r.Replace(s) + `"`
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<%d bytes", len(s))
	for i := 0; i < len(s) && i < prettyHexBytes; i++ {
		if i%4 == 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%02x", s[i])
	}
	if len(s) > prettyHexBytes {
		b.WriteString(" ...")
	}
	b.WriteByte('>')
	return b.String()
}

// number prints integers without ".0" and infinities and NaN as Lua does.
func number(n lua.LNumber) string {
	f := float64(n)
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return n.String()
}
