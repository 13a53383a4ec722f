//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock"

// Table flags (NFT_TABLE_F_*).
const (
	TableDormant uint32 = 1
	TableOwner   uint32 = 2
	TablePersist uint32 = 4
)

// Table is one nf_tables table.
type Table struct {
	Family   uint8
	Name     string
	Flags    uint32
	Use      uint32 // number of chains, sets, ... in it
	Handle   uint64
	Owner    uint32 // netlink port id of the owning socket, if TableOwner
	Userdata []byte
	Unknown  []nlsock.Attr
}

// FlagNames lists the table flags by name ("dormant", "owner", "persist").
func (t *Table) FlagNames() []string {
	return flagNames(t.Flags, "table-flags")
}

// tableTable binds nft's table-attrs to Table.
var tableTable = table("table-attrs",
	field[Table]{Name: "name", Set: func(x *in[Table], b []byte, _ uint64) { x.v.Name = cstring(b) }},
	field[Table]{Name: "flags", Set: func(x *in[Table], _ []byte, n uint64) { x.v.Flags = uint32(n) }},
	field[Table]{Name: "use", Set: func(x *in[Table], _ []byte, n uint64) { x.v.Use = uint32(n) }},
	field[Table]{Name: "handle", Set: func(x *in[Table], _ []byte, n uint64) { x.v.Handle = n }},
	field[Table]{Name: "owner", Set: func(x *in[Table], _ []byte, n uint64) { x.v.Owner = uint32(n) }},
	field[Table]{Name: "userdata", Set: func(x *in[Table], b []byte, _ uint64) { x.v.Userdata = b }},
	field[Table]{Name: "pad", Set: skip[Table]},
)

func parseTable(h Header, b []byte) (*Table, error) {
	return decodeObject(tableTable, b, func(t *Table) *[]nlsock.Attr { t.Family = h.Family; return &t.Unknown })
}
