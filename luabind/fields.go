package luabind

import (
	"fmt"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// unknownField returns a complaint about the first key of t (in sorted
// order, so the message is stable) that is not one of known, or "" when
// every key is known. A misspelt option (netns= for ns=, rcvbuff=) must not
// be silently ignored: it would watch or change the wrong thing.
func unknownField(t *lua.LTable, what string, known ...string) string {
	var bad []string
	t.ForEach(func(k, _ lua.LValue) {
		if ks, ok := k.(lua.LString); ok {
			for _, n := range known {
				if string(ks) == n {
					return
				}
			}
			bad = append(bad, fmt.Sprintf("%q", string(ks)))
			return
		}
		bad = append(bad, k.String())
	})
	if len(bad) == 0 {
		return ""
	}
	sort.Strings(bad)
	return fmt.Sprintf("unknown %s %s (known: %s)", what, bad[0], strings.Join(known, ", "))
}
