//go:build linux

package runtime

import (
	"regexp"
	"strings"
	"sync"

	luaynl "github.com/nlsh/nlsh/luabind/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	lua "github.com/yuin/gopher-lua"
)

// Completion driven by the family specs ynl.family reads: family names in
// ynl.family("ne, operations and groups in fam:call("dev-, attribute names
// inside the request table of fam:call(op, {if (and of its nests), enum
// values in {type = ", and the arguments of ynl.encode and ynl.decode.
// Nothing here keeps a list of names: they come from the spec files, found
// where ynl.family looks (luaynl.FamilyNames, luaynl.LoadFamilySpec), and
// from the spec of a family object (luaynl.FamilySpec).

var (
	// ynl.family(" (or ynl.spec, path, encode, decode): a family name is typed.
	familyArg = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|[^\w.:])ynl\s*\.\s*(?:family|spec|path|encode|decode)\s*\(\s*$`)
	})
	// ynl.encode or ynl.decode (the text before the parenthesis).
	codecFunc = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:^|[^\w.:])ynl\s*\.\s*(?:encode|decode)\s*$`) })
	// their arguments before the set's name or the attribute table:
	// "netdev", or "netdev", "dev",
	codecArgs = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\s*["']([^"'\\]+)["']\s*,\s*(?:["']([^"'\\]+)["']\s*,\s*)?$`)
	})
	// EXPR:call (the text before the parenthesis): the method and EXPR.
	methodCall = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(.*?)\s*:\s*(call|dump|join)\s*$`)
	})
	// ynl.family("netdev" [, sock]) ending an expression.
	familyCall = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|[^\w.:])ynl\s*\.\s*family\s*\(\s*["']([^"'\\]+)["']\s*(?:,[^()]*)?\)$`)
	})
	// a dotted path of names ending an expression: nd, t.fam.
	namePath = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|[^\w.:])([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)$`)
	})
	// the operation, the first argument, before the request table.
	opArg = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*["']([^"'\\]+)["']\s*,\s*$`) })
	// KEY = or ["KEY"] = before a nested table.
	keyBefore = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|[{,;])\s*(?:([A-Za-z_]\w*)|\[\s*["']([^"'\\]+)["']\s*\])\s*=\s*$`)
	})
	// an entry setting a key: ifindex = 1 or ["dev-name"] = "x"
	keyAssigned = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\s*(?:([A-Za-z_]\w*)|\[\s*["']([^"'\\]+)["']\s*\])\s*=[^=]`)
	})
	// the start of a list's entry: {" or {"up", "
	listEntry = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:\s*["'][^"'\\]*["']\s*,)*\s*$`) })
	// a key being typed at the start of a table entry: if, dev- or nothing
	// (dev- only to offer nothing: no Lua name is typed there either).
	keyTyped = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:^|[,;])\s*([\w-]*)$`) })
)

// completeFromSpecs completes what the family specs name, and reports
// whether line is such a place (otherwise Complete goes on with Lua names).
func (s *State) completeFromSpecs(line string, sc luaScan) (cands []string, n int, ok bool) {
	if sc.comment {
		return nil, 0, false
	}
	if sc.str >= 0 {
		return s.completeSpecString(line, sc)
	}
	opens, typed := sc.opens, ""
	if last := len(opens) - 1; last >= 0 && line[opens[last]] == '[' && opens[last] == len(line)-1 {
		opens, typed = opens[:last], "[" // {[ begins a key in brackets
	}
	last := len(opens) - 1
	if last < 0 || line[opens[last]] != '{' {
		return nil, 0, false
	}
	entry := line[opens[last]+1 : len(line)-len(typed)]
	m := keyTyped().FindStringSubmatch(entry)
	if m == nil || (typed != "" && m[1] != "") {
		return nil, 0, false
	}
	if typed == "" {
		typed = m[1]
	}
	names, ok := s.tableAttrs(line, opens)
	if !ok {
		return nil, 0, false
	}
	set := keysSet(entry)
	var out []string
	for _, name := range names {
		switch {
		case set[name]: // each attribute once
		case typed == "[":
			out = append(out, `["`+name+`"] = `)
		case isIdent(name):
			out = append(out, name+" = ")
		case typed == "": // "dev-name" is a key only in brackets
			out = append(out, `["`+name+`"] = `)
		}
	}
	return withPrefix(out, typed, ""), len(typed), true
}

// keysSet are the keys the entries of a table already set: text is the
// table's contents so far, split at its own commas (not those of strings or
// of tables and calls inside it).
func keysSet(text string) map[string]bool {
	keys := map[string]bool{}
	add := func(entry string) {
		if m := keyAssigned().FindStringSubmatch(entry); m != nil {
			keys[m[1]+m[2]] = true
		}
	}
	depth, start := 0, 0
	lexLua(text, func(i int, c byte) {
		switch {
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case depth == 0 && (c == ',' || c == ';'):
			add(text[start:i])
			start = i + 1
		}
	})
	return keys
}

// completeSpecString completes inside a string: a family name, an enum
// value, an attribute-set name, an operation or group name, or an
// attribute name in brackets ({["dev-).
func (s *State) completeSpecString(line string, sc luaScan) ([]string, int, bool) {
	quote := line[sc.str : sc.str+1]
	typed := line[sc.str+1:]
	before := strings.TrimRight(line[:sc.str], " \t")
	if familyArg().MatchString(before) {
		return withPrefix(s.familyNames(), typed, quote), len(typed), true
	}
	if names, ok := s.enumNames(line[:sc.str], sc.opens); ok {
		return withPrefix(names, typed, quote), len(typed), true
	}
	if spec, set := s.codecCall(line[:sc.str], sc.opens); spec != nil && set == "" {
		return withPrefix(setNamesOf(spec), typed, quote), len(typed), true
	}
	last := len(sc.opens) - 1
	if last < 0 || sc.opens[last] != len(before)-1 {
		return nil, 0, false
	}
	switch line[sc.opens[last]] {
	case '(':
		spec, method := s.methodSpec(before[:len(before)-1])
		if spec == nil {
			return nil, 0, false
		}
		return withPrefix(methodNames(spec, method), typed, quote), len(typed), true
	case '[':
		if last == 0 || line[sc.opens[last-1]] != '{' {
			return nil, 0, false
		}
		names, ok := s.tableAttrs(line, sc.opens[:last])
		if !ok {
			return nil, 0, false
		}
		out := make([]string, len(names))
		for i, name := range names {
			out[i] = name + quote + "] = "
		}
		return withPrefix(out, typed, ""), len(typed), true
	}
	return nil, 0, false
}

// enumNames are the names a string value can take where line (which ends
// where a string opens) leaves it: {type = " or, for flags and multi-attr,
// an entry of the list {flags = {"up", " — an enum's entries; ok is false
// elsewhere.
func (s *State) enumNames(line string, opens []int) (names []string, ok bool) {
	last := len(opens) - 1
	if last < 0 || line[opens[last]] != '{' {
		return nil, false
	}
	entry := line[opens[last]+1:]
	a := s.keyedAttr(line, opens, entry)
	list := false
	if a == nil && listEntry().MatchString(entry) && last > 0 && line[opens[last-1]] == '{' {
		a, list = s.keyedAttr(line, opens[:last], line[opens[last-1]+1:opens[last]]), true
	}
	if a == nil || a.Enum == nil || (list && !a.AsFlags && !a.MultiAttr) {
		return nil, false
	}
	for _, e := range a.Enum.Entries {
		names = append(names, e.Name)
	}
	return names, true
}

// keyedAttr is the attribute named by the key that text (an entry of the
// table opened at the last of opens) ends with: KEY = or ["KEY"] =.
func (s *State) keyedAttr(line string, opens []int, text string) *ynl.Attr {
	m := keyBefore().FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	set, _ := s.tableSet(line, opens)
	if set == nil {
		return nil
	}
	a, err := set.Attr(m[1] + m[2])
	if err != nil {
		return nil
	}
	return a
}

// codecCall reads the arguments of ynl.encode(family, set, attrs) or
// ynl.decode given so far, when line ends inside its parentheses (the last
// of opens): the family's spec and the set's name ("" before it is typed);
// a nil spec when line is elsewhere.
func (s *State) codecCall(line string, opens []int) (*ynl.Spec, string) {
	last := len(opens) - 1
	if last < 0 || line[opens[last]] != '(' || !codecFunc().MatchString(line[:opens[last]]) {
		return nil, ""
	}
	m := codecArgs().FindStringSubmatch(line[opens[last]+1:])
	if m == nil {
		return nil, ""
	}
	spec, err := luaynl.LoadFamilySpec(m[1], s.opts.SpecDirs)
	if err != nil {
		return nil, ""
	}
	return spec, m[2]
}

// setNamesOf are the names of spec's attribute-sets, in no order
// (withPrefix sorts them).
func setNamesOf(spec *ynl.Spec) []string {
	names := make([]string, 0, len(spec.Sets))
	for name := range spec.Sets {
		names = append(names, name)
	}
	return names
}

// familyNames are the families ynl.family finds.
func (s *State) familyNames() []string {
	return luaynl.FamilyNames(s.opts.SpecDirs)
}

// methodSpec reads "EXPR:call" (the text before a '('): the spec of the
// family EXPR is, and the method; nil when EXPR is no family.
func (s *State) methodSpec(text string) (*ynl.Spec, string) {
	m := methodCall().FindStringSubmatch(text)
	if m == nil {
		return nil, ""
	}
	return s.exprSpec(m[1]), m[2]
}

// exprSpec is the spec behind a family expression: ynl.family("netdev")
// (read from the spec files, nothing opened) or a variable holding a
// family object (its spec, read from the Lua value without calling Lua).
func (s *State) exprSpec(expr string) *ynl.Spec {
	if m := familyCall().FindStringSubmatch(expr); m != nil {
		spec, err := luaynl.LoadFamilySpec(m[1], s.opts.SpecDirs)
		if err != nil {
			return nil
		}
		return spec
	}
	m := namePath().FindStringSubmatch(expr)
	if m == nil {
		return nil
	}
	v := s.resolve(m[1])
	if v == lua.LNil {
		return nil
	}
	return luaynl.FamilySpec(v)
}

// methodNames are what a method takes first: fam:call the operations with
// a do, fam:dump those with a dump, fam:join the multicast groups.
func methodNames(spec *ynl.Spec, method string) []string {
	if method == "join" {
		return spec.Groups
	}
	var names []string
	for _, op := range spec.Ops {
		if opMode(op, method) != nil {
			names = append(names, op.Name)
		}
	}
	return names
}

func opMode(op *ynl.Op, method string) *ynl.Mode {
	if method == "dump" {
		return op.Dump
	}
	return op.Do
}

// tableAttrs names the attributes the table opened at the last of opens
// takes: the request's attributes (and fixed header fields) of an
// operation's request table, every attribute of a nest's set below it.
// ok is false when the table is neither.
func (s *State) tableAttrs(line string, opens []int) (names []string, ok bool) {
	set, names := s.tableSet(line, opens)
	return names, set != nil
}

// tableSet is the attribute-set of the table opened at the last of opens,
// with the names it takes.
func (s *State) tableSet(line string, opens []int) (*ynl.AttrSet, []string) {
	i := len(opens) - 1
	if i < 1 {
		return nil, nil
	}
	between := line[opens[i-1]+1 : opens[i]]
	switch line[opens[i-1]] {
	case '(': // fam:call("dev-get", {   or ynl.encode("netdev", "dev", {
		if spec, name := s.codecCall(line[:opens[i]], opens[:i]); spec != nil {
			set := spec.Sets[name]
			if set == nil {
				return nil, nil
			}
			return set, setNames(set)
		}
		m := opArg().FindStringSubmatch(between)
		if m == nil {
			return nil, nil
		}
		spec, method := s.methodSpec(line[:opens[i-1]])
		if spec == nil || method == "join" {
			return nil, nil
		}
		op, err := spec.Op(m[1])
		if err != nil || op.Set == nil {
			return nil, nil
		}
		var names []string
		if op.FixedHeader != nil {
			for _, mb := range op.FixedHeader.Members {
				if mb.Type != "pad" {
					names = append(names, mb.Name)
				}
			}
		}
		if mode := opMode(op, method); mode != nil && mode.Request != nil {
			names = append(names, mode.Request.Attrs...)
		}
		return op.Set, names
	case '{': // {linkinfo = {  or an entry of a list {{
		parent, names := s.tableSet(line, opens[:i])
		if parent == nil {
			return nil, nil
		}
		m := keyBefore().FindStringSubmatch(between)
		if m == nil { // a list's entry: the same set as the list
			return parent, names
		}
		a, err := parent.Attr(m[1] + m[2])
		if err != nil || a.Nested == nil {
			return nil, nil
		}
		return a.Nested, setNames(a.Nested)
	}
	return nil, nil
}

// setNames are the attributes of set a request can carry.
func setNames(set *ynl.AttrSet) []string {
	var names []string
	for _, a := range set.Attrs {
		if a.Type != "unused" && a.Type != "pad" {
			names = append(names, a.Name)
		}
	}
	return names
}
