//go:build linux

package nft

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// Kinds of {attr:kind} in a layout, beyond an attribute's own type:
//
//	data    struct nft_data's value as 32-bit words in host order, "0x%08x " each
//	imm     data or a verdict ("accept ", "jump -> chain ")
//	pair    range's from-data then to-data, as two equal runs of words
//	hex     0x%x; x: %x; dec: the number even where an enum names it
//	text    a string that may hold spaces (log prefix)
//	unit    a limit's unit in seconds as "second" ... "week"
//	qrange  queue num, or num-last with total > 1 (reads total too)
//	words   the names of the set flags, each followed by a space
//	present " present" when the flags hold "present"
//	fib     fib's flags other than present, joined by ". "
//	expr    a nested expression as "name body"
//	exprs   dynset's expressions, one (expr) or more (expressions), each
//	        "expr [ name body] "

// piece is one compiled part of a layout.
type piece struct {
	lit      string  // literal text, or
	attr     string  // an attribute
	kind     string  // and its kind
	cond     string  // optional group: printed when cond is present
	optional []piece // the group's pieces
}

var compiled sync.Map // layout text -> []piece

// compileLayout splits a layout into pieces; the layouts are nlsh's own
// and tested (TestLayoutsNameDescribedAttributes), so a bad one panics.
func compileLayout(text string) []piece {
	if p, ok := compiled.Load(text); ok {
		return p.([]piece)
	}
	key := text
	var out []piece
	for text != "" {
		switch {
		case strings.HasPrefix(text, "[["):
			end := strings.Index(text, "]]")
			body := text[2:end]
			cond, inner, _ := strings.Cut(body, ":")
			out = append(out, piece{cond: cond, optional: compileLayout(inner)})
			text = text[end+2:]
		case text[0] == '{':
			end := strings.IndexByte(text, '}')
			attr, kind, _ := strings.Cut(text[1:end], ":")
			out = append(out, piece{attr: attr, kind: kind})
			text = text[end+1:]
		default:
			end := len(text)
			if i := strings.Index(text, "[["); i >= 0 {
				end = i
			}
			if i := strings.IndexByte(text, '{'); i >= 0 && i < end {
				end = i
			}
			out = append(out, piece{lit: text[:end]})
			text = text[end:]
		}
	}
	compiled.Store(key, out)
	return out
}

// layoutFor picks the layout of expression name for attrs.
func layoutFor(name string, attrs ynl.Attrs) (layout, bool) {
	for _, l := range layouts[name] {
		if whenHolds(l.when, attrs) {
			return l, true
		}
	}
	return layout{}, false
}

func whenHolds(when string, attrs ynl.Attrs) bool {
	if when == "" {
		return true
	}
	for _, cond := range strings.Split(when, ",") {
		attr, val, hasVal := strings.Cut(cond, "=")
		v, present := attrs[attr]
		if !present || hasVal && fmt.Sprint(v) != val {
			return false
		}
	}
	return true
}

// ExprLine prints one expression as libnftnl does: "[ cmp eq reg 1
// 0x00000006 ]". An expression nlsh has no layout for prints its raw data
// ("[ name raw 0a0b ]"), which ParseExprLine reads back.
func ExprLine(x Expr) string {
	return "[ " + x.Name + " " + exprBody(x) + "]"
}

func exprBody(x Expr) string {
	set, known := exprSet(x.Name)
	l, ok := layoutFor(x.Name, x.Attrs)
	if !known || !ok || x.Attrs == nil {
		return "raw " + hex.EncodeToString(x.Data) + " "
	}
	var b strings.Builder
	printPieces(&b, set, compileLayout(l.text), x.Attrs)
	return b.String()
}

// RuleLines prints a rule's expressions, one line each.
func RuleLines(r *Rule) []string {
	lines := make([]string, len(r.Expressions))
	for i, x := range r.Expressions {
		lines[i] = ExprLine(x)
	}
	return lines
}

func printPieces(b *strings.Builder, set *ynl.AttrSet, pieces []piece, attrs ynl.Attrs) {
	for _, p := range pieces {
		switch {
		case p.optional != nil:
			if _, ok := attrs[p.cond]; ok {
				printPieces(b, set, p.optional, attrs)
			}
		case p.attr != "":
			b.WriteString(formatValue(set, p, attrs))
		default:
			b.WriteString(p.lit)
		}
	}
}

// number reads a decoded integer attribute as a number: enum names and
// flag lists go back to their values by the description's enum.
func number(set *ynl.AttrSet, name string, v any) (uint64, bool) {
	switch x := v.(type) {
	case uint64:
		return x, true
	case int64:
		return uint64(x), true
	}
	a, err := set.Attr(name)
	if err != nil || a.Enum == nil {
		return 0, false
	}
	switch x := v.(type) {
	case string:
		return a.Enum.Lookup(x)
	case []any:
		var u uint64
		for _, item := range x {
			switch n := item.(type) {
			case string:
				bit, _ := a.Enum.Lookup(n)
				u |= bit
			case uint64:
				u |= n
			}
		}
		return u, true
	}
	return 0, false
}

var units = map[uint64]string{1: "second", 60: "minute", 3600: "hour", 86400: "day", 604800: "week"}

func formatValue(set *ynl.AttrSet, p piece, attrs ynl.Attrs) string {
	v, present := attrs[p.attr]
	n, _ := number(set, p.attr, v)
	switch p.kind {
	case "data":
		return dataWords(v)
	case "imm":
		return immediateText(v)
	case "pair":
		return dataWords(v) + dataWords(attrs["to-data"])
	case "hex":
		return "0x" + strconv.FormatUint(n, 16)
	case "x":
		return strconv.FormatUint(n, 16)
	case "dec":
		return strconv.FormatUint(n, 10)
	case "text":
		s, _ := v.(string)
		if !present {
			return "(null)"
		}
		return s
	case "unit":
		if u, ok := units[n]; ok {
			return u
		}
		return "error"
	case "qrange":
		total, _ := number(set, "total", attrs["total"])
		if total > 1 {
			return fmt.Sprintf("%d-%d", n, n+total-1)
		}
		return strconv.FormatUint(n, 10)
	case "words":
		var b strings.Builder
		for _, name := range bitNames(set, p.attr, n) {
			b.WriteString(name + " ")
		}
		return b.String()
	case "present":
		if bit, _ := enumValueOf(set, p.attr, "present"); n&bit != 0 && bit != 0 {
			return " present"
		}
		return ""
	case "fib":
		bit, _ := enumValueOf(set, p.attr, "present")
		names := bitNames(set, p.attr, n&^bit)
		if len(names) == 0 {
			return ""
		}
		return strings.Join(names, " . ") + " "
	case "expr":
		return nestedText(v)
	case "exprs":
		var b strings.Builder
		if present {
			b.WriteString("expr [ " + nestedText(v) + "] ")
		}
		list, _ := attrs["expressions"].(ynl.Attrs)
		elems, _ := list["elem"].([]any)
		for _, e := range elems {
			b.WriteString("expr [ " + nestedText(e) + "] ")
		}
		return b.String()
	}
	switch x := v.(type) {
	case string:
		return x
	case uint64, int64:
		if a, err := set.Attr(p.attr); err == nil && a.Enum != nil {
			return "unknown" // libnftnl's word for a value it has no name for
		}
		return fmt.Sprint(x)
	}
	if a, err := set.Attr(p.attr); err == nil && a.Type == "string" {
		return "(null)"
	}
	return "0"
}

// nestedText prints a nested expression (expr-attrs, its data decoded)
// as "name body".
func nestedText(v any) string {
	inner, _ := v.(ynl.Attrs)
	name, _ := inner["name"].(string)
	data, _ := inner["data"].(ynl.Attrs)
	return name + " " + exprBody(Expr{Name: name, Attrs: data})
}

func enumValueOf(set *ynl.AttrSet, attr, name string) (uint64, bool) {
	a, err := set.Attr(attr)
	if err != nil || a.Enum == nil {
		return 0, false
	}
	return a.Enum.Lookup(name)
}

// bitNames names the bits of n that the attribute's enum knows, in bit
// order (the order libnftnl prints them in).
func bitNames(set *ynl.AttrSet, attr string, n uint64) []string {
	a, err := set.Attr(attr)
	if err != nil || a.Enum == nil {
		return nil
	}
	var names []string
	for bit := uint64(1); bit != 0 && bit <= n; bit <<= 1 {
		if n&bit != 0 {
			if name, ok := a.Enum.NameOf(bit); ok {
				names = append(names, name)
			}
		}
	}
	return names
}

// dataWords prints struct nft_data's value as libnftnl does: 32-bit
// words read in host order, zero-padded, each "0x%08x ".
func dataWords(v any) string {
	d, _ := v.(ynl.Attrs)
	val, _ := d["value"].([]byte)
	var b strings.Builder
	for i := 0; i < len(val); i += 4 {
		var w [4]byte
		copy(w[:], val[i:])
		fmt.Fprintf(&b, "0x%08x ", binary.NativeEndian.Uint32(w[:]))
	}
	return b.String()
}

// immediateText prints a value's words or a verdict: "accept ",
// "jump -> chain ".
func immediateText(v any) string {
	d, _ := v.(ynl.Attrs)
	verdict, ok := d["verdict"].(ynl.Attrs)
	if !ok {
		return dataWords(v)
	}
	s := fmt.Sprint(verdict["code"]) + " "
	if c, ok := verdict["chain"].(string); ok {
		s += "-> " + c + " "
	}
	return s
}
