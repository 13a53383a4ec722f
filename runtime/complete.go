//go:build linux

package runtime

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	luartnl "github.com/nlsh/nlsh/luabind/rtnl"
	luaynl "github.com/nlsh/nlsh/luabind/ynl"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/runtime/help"
	lua "github.com/yuin/gopher-lua"
)

// protocols are the netlink protocol names netlink.open takes ("route",
// "generic", ...), as nlsock names them.
func protocols() []string {
	var names []string
	for p := 0; p < 32; p++ {
		if name := nlsock.ProtocolName(p); name != "" {
			names = append(names, name)
		}
	}
	return names
}

// Compiled on first use: start-up does no work for completion.
var (
	openArg  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`netlink\.open\(\s*(["'])([A-Za-z0-9_]*)$`) })
	exprTail = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(?:\s*[.:]\s*[A-Za-z_][A-Za-z0-9_]*)*\s*[.:]?\s*[A-Za-z0-9_]*$|[A-Za-z0-9_]*$`)
	})
)

// Complete completes the word that ends line (the text before the cursor).
// It returns the candidate words, each replacing the last n bytes of line.
// It reads globals and tables without calling Lua, so it is safe while the
// state is idle on another goroutine. Family, operation and attribute names
// of ynl requests come from the family specs (complete_ynl.go).
func (s *State) Complete(line string) (cands []string, n int) {
	if m := openArg().FindStringSubmatch(line); m != nil {
		return withPrefix(protocols(), m[2], m[1]), len(m[2])
	}
	sc := scanLua(line)
	if cands, n, ok := s.completeFromSpecs(line, sc); ok {
		return cands, n
	}
	if sc.comment || sc.str >= 0 { // no Lua name is typed in a string
		return nil, 0
	}
	tail := exprTail().FindString(line)
	sep := strings.LastIndexAny(tail, ".:")
	if sep < 0 {
		return withPrefix(s.globalNames(), tail, ""), len(tail)
	}
	prefix := strings.TrimSpace(tail[sep+1:])
	v := s.resolve(strings.TrimSpace(tail[:sep]))
	if v == lua.LNil {
		return nil, 0
	}
	if tail[sep] == ':' {
		return withPrefix(s.methods(v), prefix, "("), len(prefix)
	}
	return withPrefix(append(s.fields(v), lazyFields(v)...), prefix, ""), len(prefix)
}

// lazyFields are the fields of an rtnl object table that luabind builds on
// first access, so not yet among its keys: those docs/reference.md marks
// (lazy) in the object's section.
func lazyFields(v lua.LValue) []string {
	kind := luartnl.ObjectKind(v)
	if kind == "" {
		return nil
	}
	sec := help.Default().Section(kind)
	if sec == nil {
		return nil
	}
	var names []string
	for _, e := range sec.Entries {
		if !e.Lazy {
			continue
		}
		for _, k := range e.Keys {
			if _, field, ok := strings.Cut(k, "."); ok {
				names = append(names, field)
			}
		}
	}
	return names
}

// withPrefix keeps the names starting with prefix, sorted, each plus suffix.
func withPrefix(names []string, prefix, suffix string) []string {
	var out []string
	seen := map[string]bool{}
	for _, name := range names {
		if strings.HasPrefix(name, prefix) && !seen[name] {
			seen[name] = true
			out = append(out, name+suffix)
		}
	}
	sort.Strings(out)
	return out
}

func (s *State) globalNames() []string {
	names := stringKeys(s.L.G.Global, false)
	for k := range luaKeywords {
		names = append(names, k)
	}
	return names
}

// resolve looks up a dotted path of globals ("netlink", "s", "a.b.c")
// without metamethods other than __index tables.
func (s *State) resolve(path string) lua.LValue {
	var v lua.LValue = s.L.G.Global
	for _, part := range strings.Split(path, ".") {
		v = s.rawIndex(v, strings.TrimSpace(part))
		if v == lua.LNil {
			return lua.LNil
		}
	}
	return v
}

// rawIndex indexes v by key, following __index tables (not functions).
func (s *State) rawIndex(v lua.LValue, key string) lua.LValue {
	for i := 0; i < 10; i++ {
		if t, ok := v.(*lua.LTable); ok {
			if r := t.RawGetString(key); r != lua.LNil {
				return r
			}
		}
		next, ok := s.indexTable(v)
		if !ok {
			return lua.LNil
		}
		v = next
	}
	return lua.LNil
}

// indexTable is v's metatable __index when that is a table (strings: the
// string library), or the methods luabind lists beside an __index function
// (a ynl family's).
func (s *State) indexTable(v lua.LValue) (*lua.LTable, bool) {
	mt, ok := s.rawMetatable(v).(*lua.LTable)
	if !ok {
		return nil, false
	}
	if idx, ok := mt.RawGetString("__index").(*lua.LTable); ok {
		return idx, true
	}
	idx, ok := mt.RawGetString(luaynl.MethodsKey).(*lua.LTable)
	return idx, ok
}

// fields are the identifier keys of v and of its __index chain.
func (s *State) fields(v lua.LValue) []string { return s.chainKeys(v, false) }

// methods are the function-valued keys of v and of its __index chain,
// without metamethods.
func (s *State) methods(v lua.LValue) []string { return s.chainKeys(v, true) }

// chainKeys follows v's __index chain (ten tables at the most, against a
// loop) and collects the keys stringKeys finds in each table.
func (s *State) chainKeys(v lua.LValue, funcsOnly bool) []string {
	var names []string
	for i := 0; i < 10; i++ {
		if t, ok := v.(*lua.LTable); ok {
			names = append(names, stringKeys(t, funcsOnly)...)
		}
		next, ok := s.indexTable(v)
		if !ok {
			break
		}
		v = next
	}
	return names
}

func stringKeys(t *lua.LTable, funcsOnly bool) []string {
	var names []string
	t.ForEach(func(k, v lua.LValue) {
		name, ok := k.(lua.LString)
		if !ok || !isIdent(string(name)) || strings.HasPrefix(string(name), "__") {
			return
		}
		if funcsOnly && v.Type() != lua.LTFunction {
			return
		}
		names = append(names, string(name))
	})
	return names
}

// rawMetatable ignores __metatable (luabind hides its metatables behind it).
func (s *State) rawMetatable(v lua.LValue) lua.LValue {
	switch v := v.(type) {
	case *lua.LTable:
		return v.Metatable
	case *lua.LUserData:
		return v.Metatable
	}
	return s.L.GetMetatable(v)
}

// luaScan is how a line of Lua source ends: the brackets still open and
// whether the end is inside a string or a comment.
type luaScan struct {
	opens   []int // offsets of the '(', '[' and '{' still open, outermost first
	str     int   // offset of the quote opening the string the line ends in, or -1
	comment bool  // the line ends in a comment or a long-bracket string ([[...)
}

// scanLua reads line as Lua source, skipping strings and comments.
func scanLua(line string) luaScan {
	var sc luaScan
	sc.str, sc.comment = lexLua(line, func(i int, c byte) {
		switch c {
		case '(', '[', '{':
			sc.opens = append(sc.opens, i)
		case ')', ']', '}':
			if n := len(sc.opens); n > 0 {
				sc.opens = sc.opens[:n-1]
			}
		}
	})
	return sc
}

// lexLua walks text as Lua source and calls code with each byte (and its
// offset) that is neither in a string nor in a comment or long-bracket
// string. It returns how text ends: inside a string (str is the offset of
// its opening quote, else -1), or inside a comment or an unclosed long
// bracket, where it stops.
func lexLua(text string, code func(i int, c byte)) (str int, comment bool) {
	str = -1
	var quote byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote, str = 0, -1
			}
		case c == '"' || c == '\'':
			quote, str = c, i
		case c == '-' && strings.HasPrefix(text[i:], "--"):
			return str, true
		case c == '[' && longBracket(text[i:]) > 0:
			n := longBracket(text[i:])
			end := strings.Index(text[i+n:], "]"+strings.Repeat("=", n-2)+"]")
			if end < 0 {
				return str, true
			}
			i += n + end + n - 1
		default:
			code(i, c)
		}
	}
	return str, false
}

// longBracket is the length of the opening long bracket ("[[", "[==[")
// that s starts with, or 0.
func longBracket(s string) int {
	n := 1
	for n < len(s) && s[n] == '=' {
		n++
	}
	if n < len(s) && s[n] == '[' {
		return n + 1
	}
	return 0
}
