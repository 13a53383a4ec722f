//go:build linux

package nft

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// lineRE splits "[ name body]".
// (compiled on first use: every process starts without it).
var lineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\[ ([a-z_0-9]+)(?: (.*))?\]$`) })

// ParseExprLine reads one line of the bracket notation back into an
// expression: its attributes by the description and, encoded, its Data.
// Values are taken as printed: a data value is as many bytes as its words
// (ParseRuleLines narrows them to the registers' widths).
func ParseExprLine(line string) (Expr, error) {
	x, err := parseLine(strings.TrimSpace(line))
	if err != nil {
		return x, err
	}
	return x, encodeExpr(&x)
}

func parseLine(line string) (Expr, error) {
	m := lineRE().FindStringSubmatch(line)
	if m == nil {
		return Expr{}, fmt.Errorf("want \"[ name ... ]\", got %q", line)
	}
	name, body := m[1], m[2]
	if body != "" && !strings.HasSuffix(body, " ") {
		body += " "
	}
	if raw, ok := strings.CutPrefix(body, "raw "); ok {
		b, err := hex.DecodeString(strings.TrimSpace(raw))
		if err != nil {
			return Expr{}, fmt.Errorf("%s: raw data %q is not hex", name, strings.TrimSpace(raw))
		}
		return Expr{Name: name, Data: b}, nil
	}
	set, known := exprSet(name)
	if !known || layouts[name] == nil {
		return Expr{}, fmt.Errorf("unknown expression %q", name)
	}
	for _, l := range layouts[name] {
		rx := layoutRegexp(l.text)
		if m := rx.re.FindStringSubmatchIndex(body); m != nil {
			attrs, err := rx.values(set, body, m)
			if err == nil {
				err = applyWhen(set, l.when, attrs)
			}
			if err != nil {
				return Expr{}, fmt.Errorf("%s: %w", name, err)
			}
			return Expr{Name: name, Attrs: attrs}, nil
		}
	}
	return Expr{}, fmt.Errorf("%s: unexpected %s (layout: %s)", name, badToken(name, body), layoutHint(name))
}

// badToken finds where body stops matching every layout of name: the
// token after the longest matching prefix.
func badToken(name, body string) string {
	best := 0
	for _, l := range layouts[name] {
		pieces := compileLayout(l.text)
		for k := len(pieces); k > 0; k-- {
			rx := buildRegexp(pieces[:k], false)
			if loc := rx.re.FindStringIndex(body); loc != nil {
				if loc[1] > best {
					best = loc[1]
				}
				break
			}
		}
	}
	rest := strings.TrimLeft(body[best:], " ")
	if rest == "" {
		return "end of line"
	}
	tok, _, _ := strings.Cut(rest, " ")
	return strconv.Quote(tok)
}

func layoutHint(name string) string {
	var hints []string
	for _, l := range layouts[name] {
		hints = append(hints, strconv.Quote("[ "+name+" "+l.text+"]"))
	}
	return strings.Join(hints, " or ")
}

// applyWhen sets what a layout's condition implies ("op=lshift").
func applyWhen(set *ynl.AttrSet, when string, attrs ynl.Attrs) error {
	for _, cond := range strings.Split(when, ",") {
		attr, val, ok := strings.Cut(cond, "=")
		if !ok {
			continue
		}
		v, err := scalarFromText(set, attr, val)
		if err != nil {
			return err
		}
		attrs[attr] = v
	}
	return nil
}

// lineRegexp is a layout compiled to a regular expression; slots say
// which piece each capture group reads.
type lineRegexp struct {
	re    *regexp.Regexp
	slots []slot
}

type slot struct {
	p     piece
	group bool // the capture of an optional group: present or not
}

var regexps sync.Map // layout text -> *lineRegexp

func layoutRegexp(text string) *lineRegexp {
	if r, ok := regexps.Load(text); ok {
		return r.(*lineRegexp)
	}
	r := buildRegexp(compileLayout(text), true)
	regexps.Store(text, r)
	return r
}

func buildRegexp(pieces []piece, whole bool) *lineRegexp {
	var b strings.Builder
	r := &lineRegexp{}
	b.WriteString("^")
	var add func(ps []piece)
	add = func(ps []piece) {
		for _, p := range ps {
			switch {
			case p.optional != nil:
				r.slots = append(r.slots, slot{p: p, group: true})
				b.WriteString("(")
				add(p.optional)
				b.WriteString(")?")
			case p.attr != "":
				r.slots = append(r.slots, slot{p: p})
				b.WriteString("(" + kindPattern[p.kind] + ")")
			default:
				b.WriteString(regexp.QuoteMeta(p.lit))
			}
		}
	}
	add(pieces)
	if whole {
		b.WriteString("$")
	}
	r.re = regexp.MustCompile(b.String())
	return r
}

const wordsRE = `(?:0x[0-9a-fA-F]{8} )+`

var kindPattern = map[string]string{
	"":        `[^\s,()/]+`,
	"data":    wordsRE,
	"pair":    wordsRE,
	"imm":     wordsRE + `|[a-z]+ (?:-> [^ ]+ )?`,
	"hex":     `0x[0-9a-fA-F]+`,
	"x":       `[0-9a-fA-F]+`,
	"dec":     `[0-9]+`,
	"text":    `.*?`,
	"unit":    `[a-z]+`,
	"qrange":  `[0-9]+(?:-[0-9]+)?`,
	"words":   `(?:[a-z_-]+ )*`,
	"present": `(?: present)?`,
	"fib":     `(?:[a-z]+ (?:\. )?)*?`,
	"expr":    `.+?`,
	"exprs":   `(?:expr \[ [^\]]*\] )*`,
}

// values turns a match into attributes.
func (r *lineRegexp) values(set *ynl.AttrSet, body string, m []int) (ynl.Attrs, error) {
	attrs := ynl.Attrs{}
	for i, s := range r.slots {
		start, end := m[2*(i+1)], m[2*(i+1)+1]
		if s.group || start < 0 {
			continue // a group's own capture; an unmatched optional piece
		}
		if err := setValue(set, s.p, body[start:end], attrs); err != nil {
			return attrs, err
		}
	}
	return attrs, nil
}

func setValue(set *ynl.AttrSet, p piece, text string, attrs ynl.Attrs) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: "+format, append([]any{p.attr}, args...)...)
	}
	switch p.kind {
	case "data":
		attrs[p.attr] = ynl.Attrs{"value": wordsBytes(text)}
	case "pair":
		b := wordsBytes(text)
		if len(b)%8 != 0 {
			return fail("from and to need as many words each, got %q", strings.TrimSpace(text))
		}
		attrs["from-data"] = ynl.Attrs{"value": b[:len(b)/2]}
		attrs["to-data"] = ynl.Attrs{"value": b[len(b)/2:]}
	case "imm":
		if strings.HasPrefix(text, "0x") {
			attrs[p.attr] = ynl.Attrs{"value": wordsBytes(text)}
			return nil
		}
		code, chain, _ := strings.Cut(strings.TrimSpace(text), " -> ")
		vs := ExprSpec().Sets["verdict-attrs"]
		if _, err := scalarFromText(vs, "code", code); err != nil {
			return fail("unknown verdict %q", code)
		}
		v := ynl.Attrs{"code": code}
		if chain != "" {
			v["chain"] = chain
		}
		attrs[p.attr] = ynl.Attrs{"verdict": v}
	case "hex", "x", "dec":
		base := 10
		if p.kind != "dec" {
			base = 16
		}
		n, err := strconv.ParseUint(strings.TrimPrefix(text, "0x"), base, 64)
		if err != nil {
			return fail("%q is not a number", text)
		}
		attrs[p.attr] = n
	case "text":
		attrs[p.attr] = text
	case "unit":
		for secs, name := range units {
			if name == text {
				attrs[p.attr] = secs
				return nil
			}
		}
		return fail("unknown unit %q (second, minute, hour, day, week)", text)
	case "qrange":
		// parsed wide: the encoder names a number too big for the
		// attribute, as for any other number
		first, last, isRange := strings.Cut(text, "-")
		n, err := strconv.ParseUint(first, 10, 64)
		if err != nil {
			return fail("%q is not a number", first)
		}
		attrs[p.attr] = n
		if isRange {
			l, err := strconv.ParseUint(last, 10, 64)
			if err != nil {
				return fail("%q is not a number", last)
			}
			if l < n {
				return fail("range %q runs backwards", text)
			}
			attrs["total"] = l - n + 1
		}
	case "words", "fib", "present":
		words := strings.Fields(strings.ReplaceAll(text, ".", " "))
		n, _ := attrs[p.attr].(uint64)
		for _, w := range words {
			bit, ok := enumValueOf(set, p.attr, w)
			if !ok {
				return fail("unknown flag %q", w)
			}
			n |= bit
		}
		if len(words) > 0 || attrs[p.attr] != nil {
			attrs[p.attr] = n
		}
	case "expr":
		inner, err := parseLine("[ " + text + "]")
		if err != nil {
			return err
		}
		attrs[p.attr] = ynl.Attrs{"name": inner.Name, "data": inner.Attrs}
	case "exprs":
		var elems []any
		for _, part := range strings.Split(text, "expr [ ")[1:] {
			inner, err := parseLine("[ " + strings.TrimSuffix(part, "] ") + "]")
			if err != nil {
				return err
			}
			elems = append(elems, ynl.Attrs{"name": inner.Name, "data": inner.Attrs})
		}
		switch len(elems) {
		case 0:
		case 1: // one expression is NFTA_DYNSET_EXPR, as nft sends and the kernel lists it
			attrs[p.attr] = elems[0]
		default:
			attrs["expressions"] = ynl.Attrs{"elem": elems}
		}
	default:
		v, err := scalarFromText(set, p.attr, text)
		if err != nil {
			return err
		}
		attrs[p.attr] = v
	}
	return nil
}

// scalarFromText reads an attribute's value as printed: a string, an
// enum's name, or a number.
func scalarFromText(set *ynl.AttrSet, attr, text string) (any, error) {
	a, err := set.Attr(attr)
	if err != nil {
		return nil, err
	}
	if a.Type == "string" {
		return text, nil
	}
	if a.Enum != nil && !a.AsFlags {
		if _, ok := a.Enum.Lookup(text); ok {
			return text, nil
		}
		var names []string
		for _, e := range a.Enum.Entries {
			names = append(names, e.Name)
		}
		return nil, fmt.Errorf("%s: unknown name %q (%s)", attr, text, strings.Join(names, ", "))
	}
	n, err := strconv.ParseUint(text, 0, 64)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not a number", attr, text)
	}
	return n, nil
}

// wordsBytes turns "0x00001600 0x... " into bytes, each word in host order.
func wordsBytes(text string) []byte {
	var b []byte
	for _, w := range strings.Fields(text) {
		n, _ := strconv.ParseUint(strings.TrimPrefix(w, "0x"), 16, 32)
		b = binary.NativeEndian.AppendUint32(b, uint32(n))
	}
	return b
}

// encodeExpr encodes x.Attrs into x.Data by the description; a nested
// expression's data is encoded first.
func encodeExpr(x *Expr) error {
	if x.Attrs == nil {
		return nil
	}
	set, _ := exprSet(x.Name)
	attrs := ynl.Attrs{}
	for k, v := range x.Attrs {
		attrs[k] = v
	}
	if inner, ok := attrs["expr"].(ynl.Attrs); ok {
		enc, err := encodeNested(inner)
		if err != nil {
			return err
		}
		attrs["expr"] = enc
	}
	if list, ok := attrs["expressions"].(ynl.Attrs); ok {
		elems, _ := list["elem"].([]any)
		enc := make([]any, len(elems))
		for i, e := range elems {
			inner, _ := e.(ynl.Attrs)
			var err error
			if enc[i], err = encodeNested(inner); err != nil {
				return err
			}
		}
		attrs["expressions"] = ynl.Attrs{"elem": enc}
	}
	b, err := ExprSpec().Encode(set.Name, attrs)
	if err != nil {
		return fmt.Errorf("%s: %w", x.Name, err)
	}
	x.Data = b
	return nil
}

// encodeNested encodes a nested expression {name=, data=attrs} into
// {name=, data=bytes}, the sub-message as the description encodes it.
func encodeNested(inner ynl.Attrs) (ynl.Attrs, error) {
	name, _ := inner["name"].(string)
	data, _ := inner["data"].(ynl.Attrs)
	in := Expr{Name: name, Attrs: data}
	if err := encodeExpr(&in); err != nil {
		return nil, err
	}
	return ynl.Attrs{"name": name, "data": in.Data}, nil
}

// ParseRuleLines reads a rule's lines (blank lines are skipped) into
// expressions ready for Batch.AddRule. Data values take the width of the
// register they meet (a 2-byte port, a 1-byte l4proto), which the printed
// 32-bit words do not show; family sizes addresses (ip: 4 bytes).
func ParseRuleLines(family uint8, lines []string) ([]Expr, error) {
	var exprs []Expr
	var where []int
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		x, err := parseLine(strings.TrimSpace(line))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		asNftSends(x)
		exprs = append(exprs, x)
		where = append(where, i+1)
	}
	fitWidths(family, exprs)
	for i := range exprs {
		if err := encodeExpr(&exprs[i]); err != nil {
			return nil, fmt.Errorf("line %d: %w", where[i], err)
		}
	}
	return exprs, nil
}

// asNftSends adjusts what the printed line cannot say the way nft does
// when it builds the same expression: inner's tunnel level (num), which
// libnftnl does not print; a dynset's expression list flag; the kernel
// lists a dynset's timeout
// even when nft sent none (and refuses a timeout of 0 on a set without
// timeouts), and libnftnl prints a synproxy's mss and wscale but not the
// flags that make the kernel use them.
func asNftSends(x Expr) {
	switch x.Name {
	case "dynset":
		if n, ok := x.Attrs["timeout"].(uint64); ok && n == 0 {
			delete(x.Attrs, "timeout")
		}
		if _, ok := x.Attrs["expressions"]; ok {
			x.Attrs["flags"] = []any{"expr"} // NFT_DYNSET_F_EXPR: the kernel wants it with a list, and does not list it
		}
	case "inner":
		x.Attrs["num"] = uint64(0) // required by the kernel, never printed; 0 is the only tunnel level it takes
	case "synproxy":
		if _, ok := x.Attrs["mss"]; ok {
			x.Attrs["flags"] = []any{"mss", "wscale"}
		}
	}
}
