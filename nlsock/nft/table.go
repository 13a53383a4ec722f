//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock"

// Table attributes (NFTA_TABLE_*).
const (
	AttrTableName     uint16 = 1
	AttrTableFlags    uint16 = 2
	AttrTableUse      uint16 = 3
	AttrTableHandle   uint16 = 4
	AttrTablePad      uint16 = 5
	AttrTableUserdata uint16 = 6
	AttrTableOwner    uint16 = 7
)

var tableAttrNames = []string{"", "NFTA_TABLE_NAME", "NFTA_TABLE_FLAGS", "NFTA_TABLE_USE",
	"NFTA_TABLE_HANDLE", "NFTA_TABLE_PAD", "NFTA_TABLE_USERDATA", "NFTA_TABLE_OWNER"}

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
	return flagNames(t.Flags, []string{"dormant", "owner", "persist"})
}

func parseTable(h Header, b []byte) (*Table, error) {
	t := &Table{Family: h.Family}
	err := walk(b, HeaderLen, attrName(tableAttrNames), func(a nlsock.Attr) error {
		var err error
		switch a.Type {
		case AttrTableName:
			t.Name = cstring(a.Data)
		case AttrTableFlags:
			t.Flags, err = be32(a.Data)
		case AttrTableUse:
			t.Use, err = be32(a.Data)
		case AttrTableHandle:
			t.Handle, err = be64(a.Data)
		case AttrTableOwner:
			t.Owner, err = be32(a.Data)
		case AttrTableUserdata:
			t.Userdata = a.Data
		case AttrTablePad:
		default:
			t.Unknown = append(t.Unknown, a)
		}
		return err
	})
	return t, err
}
