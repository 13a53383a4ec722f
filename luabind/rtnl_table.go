//go:build linux

package luabind

import (
	"reflect"
	"sync"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// A dump makes thousands of tables with the same few string keys. Through
// RawSetString each key of each table costs a boxed copy of the key and a
// step of growing the table's key list (gopher-lua keeps string keys in a
// map, and again in a list and an index map for next()): twelve of the
// nineteen allocations of a link table. A fieldSet boxes its keys once and
// shares one key list, read-only, among the tables with the same fields
// present; only the two maps are per table.
//
// It fills the unexported fields of lua.LTable through tableLayout, a copy of
// its layout that layoutMatches checks field by field (name, type, offset)
// at first use. Should gopher-lua change it, tables are built through
// RawSetString as before, only slower (TestFieldSetFastPath fails to say
// so). A shared key list is safe to share: gopher-lua only appends to it,
// and as its length is its capacity, the first append copies it.

// tableLayout is lua.LTable of gopher-lua v1.1.2.
type tableLayout struct {
	Metatable lua.LValue

	array   []lua.LValue
	dict    map[lua.LValue]lua.LValue
	strdict map[string]lua.LValue
	keys    []lua.LValue
	k2i     map[lua.LValue]int
}

var fastTables = sync.OnceValue(layoutMatches)

// fastTablesOff forces the RawSetString path (tests).
var fastTablesOff bool

func layoutMatches() bool {
	got, want := reflect.TypeFor[lua.LTable](), reflect.TypeFor[tableLayout]()
	if got.Size() != want.Size() || got.NumField() != want.NumField() {
		return false
	}
	for i := range got.NumField() {
		g, w := got.Field(i), want.Field(i)
		if g.Name != w.Name || g.Type != w.Type || g.Offset != w.Offset {
			return false
		}
	}
	return true
}

// fieldSet is the ordered string keys of one kind of object table.
type fieldSet struct {
	names []string
	once  sync.Once
	keys  []lua.LValue // names, boxed
	lists sync.Map     // set of present fields (uint) -> shared key list
}

// maxFields bounds a fieldSet (a bit per field).
const maxFields = 32

func newFieldSet(names ...string) *fieldSet {
	if len(names) > maxFields {
		panic("fieldSet: too many fields")
	}
	return &fieldSet{names: names}
}

func (fs *fieldSet) init() {
	fs.keys = make([]lua.LValue, len(fs.names))
	for i, n := range fs.names {
		fs.keys[i] = lua.LString(n)
	}
}

// keyList is the shared key list of the fields in mask, in order.
func (fs *fieldSet) keyList(mask uint, n int) []lua.LValue {
	if l, ok := fs.lists.Load(mask); ok {
		return l.([]lua.LValue)
	}
	l := make([]lua.LValue, 0, n)
	for i, k := range fs.keys {
		if mask&(1<<i) != 0 {
			l = append(l, k)
		}
	}
	fs.lists.Store(mask, l)
	return l
}

// table makes a table of the fields whose value in vals (indexed like the
// names) is not nil, in the order of the names: what RawSetString on each
// would make.
func (fs *fieldSet) table(vals []lua.LValue) *lua.LTable {
	var mask uint
	n := 0
	for i, v := range vals {
		if v != nil && v != lua.LNil {
			mask |= 1 << i
			n++
		}
	}
	if !fastTables() || fastTablesOff {
		t := newTable(0, n)
		for i, v := range vals {
			if mask&(1<<i) != 0 {
				t.RawSetString(fs.names[i], v)
			}
		}
		return t
	}
	fs.once.Do(fs.init)
	t := newTable(0, 0)
	if n == 0 {
		return t
	}
	strdict := make(map[string]lua.LValue, n)
	k2i := make(map[lua.LValue]int, n)
	j := 0
	for i, v := range vals {
		if mask&(1<<i) != 0 {
			strdict[fs.names[i]] = v
			k2i[fs.keys[i]] = j
			j++
		}
	}
	lt := (*tableLayout)(unsafe.Pointer(t))
	lt.strdict, lt.keys, lt.k2i = strdict, fs.keyList(mask, n), k2i
	return t
}

// newTable is L.CreateTable without a state (it uses none).
func newTable(narr, nhash int) *lua.LTable {
	return (*lua.LState)(nil).CreateTable(narr, nhash)
}
