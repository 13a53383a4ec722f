package runtime

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock"
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
// state is idle on another goroutine.
func (s *State) Complete(line string) (cands []string, n int) {
	if m := openArg().FindStringSubmatch(line); m != nil {
		return withPrefix(protocols(), m[2], m[1]), len(m[2])
	}
	if inStringOrComment(line) { // ynl.family("net<Tab> is no global name
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
	return withPrefix(s.fields(v), prefix, ""), len(prefix)
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
// string library).
func (s *State) indexTable(v lua.LValue) (*lua.LTable, bool) {
	mt, ok := s.rawMetatable(v).(*lua.LTable)
	if !ok {
		return nil, false
	}
	idx, ok := mt.RawGetString("__index").(*lua.LTable)
	return idx, ok
}

// fields are the identifier keys of v and of its __index chain.
func (s *State) fields(v lua.LValue) []string {
	var names []string
	for i := 0; i < 10; i++ {
		if t, ok := v.(*lua.LTable); ok {
			names = append(names, stringKeys(t, false)...)
		}
		next, ok := s.indexTable(v)
		if !ok {
			break
		}
		v = next
	}
	return names
}

// methods are the function-valued keys of v and of its __index chain,
// without metamethods.
func (s *State) methods(v lua.LValue) []string {
	var names []string
	for i := 0; i < 10; i++ {
		if t, ok := v.(*lua.LTable); ok {
			names = append(names, stringKeys(t, true)...)
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

// inStringOrComment reports whether the end of line is inside a quoted
// string or after "--" (a comment): no Lua name is being typed there.
// Long brackets ([[...]]) count as strings and comments too.
func inStringOrComment(line string) bool {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '-' && strings.HasPrefix(line[i:], "--"):
			return true
		case c == '[' && longBracket(line[i:]) > 0:
			n := longBracket(line[i:])
			end := strings.Index(line[i+n:], "]"+strings.Repeat("=", n-2)+"]")
			if end < 0 {
				return true
			}
			i += n + end + n - 1
		}
	}
	return quote != 0
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
