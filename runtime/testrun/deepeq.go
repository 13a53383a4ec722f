//go:build linux

package testrun

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nlsh/nlsh/luabind"
	nlrt "github.com/nlsh/nlsh/runtime"
	lua "github.com/yuin/gopher-lua"
)

// maxDiffLines bounds the diff eq prints.
const maxDiffLines = 40

// deepEqual compares values as eq does: tables by contents (keys compared
// raw, metatables ignored, cycles allowed), exact integers (nlsh.int) by
// value, everything else with raw equality.
func deepEqual(a, b lua.LValue) bool {
	return equalSeen(a, b, map[[2]*lua.LTable]bool{})
}

func equalSeen(a, b lua.LValue, seen map[[2]*lua.LTable]bool) bool {
	ta, ok1 := a.(*lua.LTable)
	tb, ok2 := b.(*lua.LTable)
	if !ok1 || !ok2 {
		return a == b || luabind.SameExactInt(a, b)
	}
	luabind.Materialize(nil, ta) // compact rtnl objects get their fields
	luabind.Materialize(nil, tb)
	if ta == tb || seen[[2]*lua.LTable{ta, tb}] {
		return true
	}
	seen[[2]*lua.LTable{ta, tb}] = true
	equal := true
	ta.ForEach(func(k, v lua.LValue) {
		if equal && !equalSeen(v, tb.RawGet(k), seen) {
			equal = false
		}
	})
	tb.ForEach(func(k, _ lua.LValue) {
		if equal && ta.RawGet(k) == lua.LNil {
			equal = false
		}
	})
	return equal
}

// describeMismatch shows got and want, and for tables a -want +got diff of
// their leaves.
func describeMismatch(L *lua.LState, got, want lua.LValue) string {
	var b strings.Builder
	fmt.Fprintf(&b, "    got:  %s\n", indentTail(render(L, got), "          "))
	fmt.Fprintf(&b, "    want: %s", indentTail(render(L, want), "          "))
	_, t1 := got.(*lua.LTable)
	_, t2 := want.(*lua.LTable)
	if t1 || t2 {
		b.WriteString("\n    diff (-want +got):")
		for _, line := range diffLeaves(L, got, want) {
			b.WriteString("\n      " + line)
		}
	}
	return b.String()
}

// render prints v as the REPL does, but quotes strings and names types that
// look alike in print (the string "1" and the number 1).
func render(L *lua.LState, v lua.LValue) string {
	return nlrt.Pretty(L, v, false)
}

func indentTail(s, indent string) string {
	return strings.ReplaceAll(s, "\n", "\n"+indent)
}

// diffLeaves lists the paths whose values differ: "- path = want" then
// "+ path = got".
func diffLeaves(L *lua.LState, got, want lua.LValue) []string {
	g, w := map[string]lua.LValue{}, map[string]lua.LValue{}
	flatten(got, "", g, map[*lua.LTable]bool{})
	flatten(want, "", w, map[*lua.LTable]bool{})
	paths := map[string]bool{}
	for p := range g {
		paths[p] = true
	}
	for p := range w {
		paths[p] = true
	}
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Slice(sorted, func(i, j int) bool { return pathLess(sorted[i], sorted[j]) })
	var lines []string
	for _, p := range sorted {
		gv, gok := g[p]
		wv, wok := w[p]
		if gok && wok && deepEqual(gv, wv) {
			continue
		}
		label := p
		if label == "" {
			label = "(value)"
		}
		if wok {
			lines = append(lines, "- "+label+" = "+render(L, wv))
		}
		if gok {
			lines = append(lines, "+ "+label+" = "+render(L, gv))
		}
	}
	if len(lines) > maxDiffLines {
		lines = append(lines[:maxDiffLines], fmt.Sprintf("... %d more lines", len(lines)-maxDiffLines))
	}
	return lines
}

// flatten maps every leaf under v to its path ("[1].name"); empty tables
// are leaves, as are tables already on the path (cycles).
func flatten(v lua.LValue, path string, out map[string]lua.LValue, onPath map[*lua.LTable]bool) {
	t, ok := v.(*lua.LTable)
	if ok {
		luabind.Materialize(nil, t)
	}
	if !ok || onPath[t] || isEmpty(t) {
		out[path] = v
		return
	}
	onPath[t] = true
	t.ForEach(func(k, child lua.LValue) {
		flatten(child, path+keyPath(k), out, onPath)
	})
	delete(onPath, t)
}

func isEmpty(t *lua.LTable) bool {
	k, _ := t.Next(lua.LNil)
	return k == lua.LNil
}

// keyPath renders a key as a path step: .name for identifiers, [1], ["a b"].
func keyPath(k lua.LValue) string {
	if s, ok := k.(lua.LString); ok && isIdent(string(s)) {
		return "." + string(s)
	}
	if s, ok := k.(lua.LString); ok {
		return fmt.Sprintf("[%q]", string(s))
	}
	if n, ok := k.(lua.LNumber); ok {
		return "[" + n.String() + "]"
	}
	return "[" + k.String() + "]"
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// pathLess orders paths so that [2] comes before [10].
func pathLess(a, b string) bool {
	return naturalKey(a) < naturalKey(b)
}

// naturalKey pads the numbers in brackets so that they sort numerically.
func naturalKey(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '[' {
			j := i + 1
			for j < len(p) && p[j] >= '0' && p[j] <= '9' {
				j++
			}
			if j > i+1 && j < len(p) && p[j] == ']' {
				fmt.Fprintf(&b, "[%020s]", p[i+1:j])
				i = j
				continue
			}
		}
		b.WriteByte(p[i])
	}
	return b.String()
}
