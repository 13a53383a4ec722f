//go:build linux

package runtime

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// Limits of the table view.
const (
	tableMinRows  = 5  // shorter arrays print in full
	tableCellMax  = 40 // a longer cell is cut, ending in "…"
	tableFallback = 80 // the width when stdout is not a terminal
	tableGenCols  = 8  // columns of an object kind nlsh does not know
)

// column is one column of the table view: a header and how to get the cell
// of a row.
type column struct {
	header string
	cell   func(row *lua.LTable) string
}

// objectKind is a kind of object nlsh's decoders produce, recognised by
// fields every such object has, and the columns that show it (as `ip -br`,
// `ss` or `nft` would, most telling first: the right ones go first when the
// terminal is narrow).
type objectKind struct {
	noun    string
	has     []string
	columns []column
}

func field(k string) column { return named(k, k) }

// shortHeaders are the headers of the columns of fields whose name is
// longer than the table needs.
var shortHeaders = map[string]string{"operstate": "state"}

// fields are the columns of fields named in a field list of nlsock/rtnl
// (rtnl.LinkColumns).
func fields(names []string) []column {
	cols := make([]column, len(names))
	for i, n := range names {
		cols[i] = field(n)
		if h, ok := shortHeaders[n]; ok {
			cols[i] = named(h, n)
		}
	}
	return cols
}

// named is the column of field k under another header.
func named(header, k string) column {
	return column{header, func(r *lua.LTable) string { return cellText(r.RawGetString(k)) }}
}

// joined is a column of several fields, empty ones left out: "10.0.0.1/24".
func joined(header, sep string, keys ...string) column {
	return column{header, func(r *lua.LTable) string {
		var parts []string
		for _, k := range keys {
			if v := cellText(r.RawGetString(k)); v != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, sep)
	}}
}

// count is the number of entries of a list field.
func count(header, key string) column {
	return column{header, func(r *lua.LTable) string {
		if t, ok := r.RawGetString(key).(*lua.LTable); ok {
			n := 0
			t.ForEach(func(_, _ lua.LValue) { n++ })
			return fmt.Sprint(n)
		}
		return ""
	}}
}

// objectKinds are the kinds of rows the table view knows, tried in order;
// made on first use, as a process that never shows a table needs none.
var objectKinds = sync.OnceValue(func() []objectKind {
	// a route's gateway of another family (via) stands beside gateway
	routeColumns := append(append(fields(rtnl.RouteColumns[:1]), joined("gateway", " ", rtnl.RouteColumns[1:3]...)),
		fields(rtnl.RouteColumns[3:])...)
	return []objectKind{
		{"links", rtnl.LinkColumns[:4], fields(rtnl.LinkColumns)},
		{"addresses", rtnl.AddrColumns[:4], []column{field("ifindex"), field("family"), joined("address", "/", rtnl.AddrColumns[2:4]...), field("scope"), field("label")}},
		{"routes", []string{"family", "table", "protocol", "type"}, routeColumns},
		{"neighbours", []string{"family", "ifindex", "state"}, fields(rtnl.NeighColumns)},
		{"rules", []string{"family", "priority", "action"}, fields(rtnl.RuleColumns)},
		{"sockets", []string{"family", "state", "inode"}, []column{field("netid"), field("state"), field("rqueue"), field("wqueue"), column{"local", socketEnd("src", "sport", "path")}, column{"peer", socketEnd("dst", "dport", "peer")}, field("uid"), field("inode")}},
		{"families", []string{"id", "name", "version", "ops"}, []column{field("id"), field("name"), field("version"), count("ops", "ops"), column{"groups", keysOf("groups")}}},
	}
})

// socketEnd is a socket's address and port as ss writes them ("10.0.0.1:22",
// "[::1]:53", "0.0.0.0:*"), or the unix path (or peer inode).
func socketEnd(addr, port, unix string) func(*lua.LTable) string {
	return func(r *lua.LTable) string {
		a := cellText(r.RawGetString(addr))
		if a == "" {
			return cellText(r.RawGetString(unix))
		}
		if strings.Contains(a, ":") {
			a = "[" + a + "]"
		}
		p := cellText(r.RawGetString(port))
		if p == "0" { // no port: ss writes *
			p = "*"
		}
		return a + ":" + p
	}
}

// keysOf lists the keys of a map field, sorted.
func keysOf(key string) func(*lua.LTable) string {
	return func(r *lua.LTable) string {
		t, ok := r.RawGetString(key).(*lua.LTable)
		if !ok {
			return ""
		}
		var names []string
		t.ForEach(func(k, _ lua.LValue) { names = append(names, lua.LVAsString(k)) })
		sort.Strings(names)
		return strings.Join(names, ",")
	}
}

var cellEscapes = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`)

// cellText is a scalar as the table shows it; a list of scalars joined by
// commas ("UP,LOWER_UP"); other tables "{...}"; nil "".
func cellText(v lua.LValue) string {
	switch v := v.(type) {
	case *lua.LNilType:
		return ""
	case lua.LString:
		if isBinary(string(v)) {
			return quote(string(v))
		}
		return cellEscapes.Replace(string(v)) // a line break would break the row
	case lua.LNumber:
		return number(v)
	case *lua.LTable:
		var parts []string
		for i := 1; i <= v.Len(); i++ {
			switch x := v.RawGetInt(i).(type) {
			case lua.LString, lua.LNumber, lua.LBool:
				parts = append(parts, cellText(x))
			default:
				return "{...}"
			}
		}
		if len(parts) == 0 && v.Len() == 0 {
			if k, _ := v.Next(lua.LNil); k != lua.LNil {
				return "{...}"
			}
		}
		return strings.Join(parts, ",")
	}
	return v.String()
}

// tableStyle is how a table view is drawn: the terminal's width (0 when
// unknown), whether in colour, and the name the footer gives the value.
type tableStyle struct {
	width  int
	colour bool
	name   string
}

// tableView renders t as a table when it is an array of at least
// tableMinRows plain tables (objects); ok is false otherwise.
func tableView(L *lua.LState, t *lua.LTable, st tableStyle) (string, bool) {
	rows, ok := objectRows(L, t)
	if !ok {
		return "", false
	}
	width, colour := st.width, st.colour
	if width <= 0 {
		width = tableFallback
	}
	noun, cols := columnsFor(rows)
	cells := make([][]string, len(rows))
	for i, r := range rows {
		for _, c := range cols {
			cells[i] = append(cells[i], cut(c.cell(r)))
		}
	}
	keep, widths := fitColumns(cols, cells, width)
	var b strings.Builder
	line := func(texts []string, style string) {
		var l strings.Builder
		for _, c := range keep {
			l.WriteString(texts[c] + strings.Repeat(" ", widths[c]-runeWidth(texts[c])) + "  ")
		}
		b.WriteString(paint(strings.TrimRight(l.String(), " "), style, colour) + "\n")
	}
	headers := make([]string, len(cols))
	for i, c := range cols {
		headers[i] = strings.ToUpper(c.header)
	}
	line(headers, bold)
	for _, row := range cells {
		line(row, "")
	}
	note := fmt.Sprintf("(%d %s; show(%s, {full=true}) for all fields)", len(rows), noun, st.name)
	b.WriteString(paint(note, dim, colour))
	return b.String(), true
}

// objectRows is t's elements when t is an array (keys 1..n, nothing else)
// of at least tableMinRows tables without __tostring.
func objectRows(L *lua.LState, t *lua.LTable) ([]*lua.LTable, bool) {
	n := t.Len()
	if n < tableMinRows {
		return nil, false
	}
	keys := 0
	t.ForEach(func(_, _ lua.LValue) { keys++ })
	if keys != n {
		return nil, false
	}
	rows := make([]*lua.LTable, n)
	for i := range rows {
		r, ok := t.RawGetInt(i + 1).(*lua.LTable)
		if !ok || L.GetMetaField(r, "__tostring") != lua.LNil {
			return nil, false
		}
		luabind.Materialize(L, r) // a compact route keeps its fields in its message
		rows[i] = r
	}
	return rows, true
}

// columnsFor picks the columns of a known kind the first row belongs to, or
// the scalar fields most rows have.
func columnsFor(rows []*lua.LTable) (string, []column) {
	for _, k := range objectKinds() {
		all := true
		for _, f := range k.has {
			all = all && rows[0].RawGetString(f) != lua.LNil
		}
		if all {
			return k.noun, k.columns
		}
	}
	return "rows", genericColumns(rows)
}

// genericColumns are the string keys with scalar (or list of scalars)
// values that most rows have, name-like ones first, then sorted.
func genericColumns(rows []*lua.LTable) []column {
	seen := map[string]int{}
	for _, r := range rows {
		r.ForEach(func(k, v lua.LValue) {
			if ks, ok := k.(lua.LString); ok && cellText(v) != "{...}" {
				seen[string(ks)]++
			}
		})
	}
	var keys []string
	for k := range seen {
		keys = append(keys, k)
	}
	rank := map[string]int{"id": -4, "index": -3, "ifindex": -2, "name": -1}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if rank[a] != rank[b] {
			return rank[a] < rank[b]
		}
		if seen[a] != seen[b] {
			return seen[a] > seen[b]
		}
		return a < b
	})
	if len(keys) > tableGenCols {
		keys = keys[:tableGenCols]
	}
	cols := make([]column, len(keys))
	for i, k := range keys {
		cols[i] = field(k)
	}
	return cols
}

// fitColumns drops the columns no row fills, then the rightmost ones until
// the rest fit in width (the first always stays); it returns the kept
// column indexes and every column's width.
func fitColumns(cols []column, cells [][]string, width int) (keep []int, widths []int) {
	widths = make([]int, len(cols))
	for c, col := range cols {
		filled := false
		for _, row := range cells {
			widths[c] = max(widths[c], runeWidth(row[c]))
			filled = filled || row[c] != ""
		}
		if filled {
			widths[c] = max(widths[c], len(col.header))
			keep = append(keep, c)
		}
	}
	total := -2
	for i, c := range keep {
		if total+widths[c]+2 > width && i > 0 {
			return keep[:i], widths
		}
		total += widths[c] + 2
	}
	return keep, widths
}

func cut(s string) string {
	if runeWidth(s) <= tableCellMax {
		return s
	}
	r := []rune(s)
	return string(r[:tableCellMax-1]) + "…"
}

func runeWidth(s string) int { return utf8.RuneCountInString(s) }

// ANSI styles for paint.
const (
	bold = "\x1b[1m"
	dim  = "\x1b[2m"
)

func paint(s, style string, colour bool) string {
	if !colour || style == "" {
		return s
	}
	return style + s + "\x1b[0m"
}
