//go:build linux

package genl

import (
	"fmt"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Family is what nlctrl reports about one generic netlink family
// (a CTRL_CMD_NEWFAMILY reply or event). A GETPOLICY reply decodes into
// the same type with OpPolicies and Policies set instead.
type Family struct {
	Header     Header // the nlctrl command (CmdNewFamily, CmdDelFamily, ...)
	ID         uint16
	Name       string
	Version    uint32
	HeaderSize uint32 // the family's own header after genlmsghdr
	MaxAttr    uint32
	Ops        []Op
	Groups     []Group

	OpPolicies []OpPolicy   // CTRL_ATTR_OP_POLICY (GETPOLICY replies)
	Policies   []PolicyAttr // CTRL_ATTR_POLICY (GETPOLICY replies)

	Unknown []nlsock.Attr // attributes not decoded above, with their type number
}

// Op is one command a family supports.
type Op struct {
	ID    uint32
	Flags OpFlags
}

// Group is one multicast group of a family: the type a ynl Client's
// family lists its groups in.
type Group = ynl.GenlGroup

// OpFlags are the GENL_* flags of an operation.
type OpFlags uint32

// Operation flags.
const (
	OpAdminPerm    OpFlags = 1 << iota // GENL_ADMIN_PERM: needs CAP_NET_ADMIN
	OpCapDo                            // GENL_CMD_CAP_DO: has a doit handler
	OpCapDump                          // GENL_CMD_CAP_DUMP: has a dumpit handler
	OpCapHasPolicy                     // GENL_CMD_CAP_HASPOL: has an attribute policy
	OpUnsAdminPerm                     // GENL_UNS_ADMIN_PERM: needs CAP_NET_ADMIN in the netns's user namespace
)

// opFlags is the description's op-flags.
var opFlags = sync.OnceValue(func() *ynl.Enum { return description().Enums["op-flags"] })

// Names lists the set flags by their nlctrl spec names; unknown bits appear
// as hex ("0x40").
func (f OpFlags) Names() []string {
	names := []string{}
	rest := uint64(f)
	for _, e := range opFlags().Entries {
		if rest&e.Value != 0 {
			names = append(names, e.Name)
			rest &^= e.Value
		}
	}
	if rest != 0 {
		names = append(names, fmt.Sprintf("%#x", rest))
	}
	return names
}

func (f OpFlags) String() string { return strings.Join(f.Names(), ",") }

// Group returns the id of the named multicast group.
func (f *Family) Group(name string) (uint32, bool) {
	for _, g := range f.Groups {
		if g.Name == name {
			return g.ID, true
		}
	}
	return 0, false
}

// ParseFamily decodes an nlctrl message payload (genlmsghdr and attributes)
// through the nlctrl description. It never panics: an attribute whose
// length does not fit its type is left out, and malformed bytes end the
// walk; either way it returns what it decoded and an error naming the
// attribute.
func ParseFamily(payload []byte) (Family, error) {
	h, attrs, err := ParseHeader(payload)
	if err != nil {
		return Family{}, err
	}
	d := scratch.Get().(*decoding)
	defer scratch.Put(d)
	d.Family = Family{Header: h}
	d.Reset()
	var bad []ynl.Malformed
	err = familyTable().Walk(d, attrs, HeaderLen, &bad)
	d.Note("", err, bad)
	d.Unknown = unknownAttrs(attrs, familyTable().Bound)
	f := d.Family
	d.Family = Family{}
	return f, d.Err()
}

// scratch holds what ParseFamily decodes into: the table fills it through
// a pointer, which would move a local to the heap on every call.
var scratch = sync.Pool{New: func() any { return new(decoding) }}

// decoding is a Family being decoded, with the problems met on the way.
type decoding struct {
	Family
	ynl.Problems
}

// familyTable binds ctrl-attrs to Family's fields.
var familyTable = builtin.LazyTable(CtrlName, "ctrl-attrs", []ynl.Field[decoding]{
	{Name: "family-id", Set: func(d *decoding, _ []byte, n uint64) { d.ID = uint16(n) }},
	{Name: "family-name", Set: func(d *decoding, b []byte, _ uint64) { d.Name = nlsock.AttrCString(b) }},
	{Name: "version", Set: func(d *decoding, _ []byte, n uint64) { d.Version = uint32(n) }},
	{Name: "hdrsize", Set: func(d *decoding, _ []byte, n uint64) { d.HeaderSize = uint32(n) }},
	{Name: "maxattr", Set: func(d *decoding, _ []byte, n uint64) { d.MaxAttr = uint32(n) }},
	{Name: "ops", Set: func(d *decoding, b []byte, _ uint64) { d.Ops = entries(d, "CTRL_ATTR_OPS", b, opTable()) }},
	{Name: "mcast-groups", Set: func(d *decoding, b []byte, _ uint64) {
		d.Groups = entries(d, "CTRL_ATTR_MCAST_GROUPS", b, groupTable())
	}},
	{Name: "op-policy", Set: (*decoding).opPolicies},
	{Name: "policy", Set: (*decoding).policies},
}...)

var opTable = builtin.LazyTable(CtrlName, "op-attrs", []ynl.Field[Op]{
	{Name: "id", Set: func(op *Op, _ []byte, n uint64) { op.ID = uint32(n) }},
	{Name: "flags", Set: func(op *Op, _ []byte, n uint64) { op.Flags = OpFlags(n) }},
}...)

var groupTable = builtin.LazyTable(CtrlName, "mcast-group-attrs", []ynl.Field[Group]{
	{Name: "name", Set: func(g *Group, b []byte, _ uint64) { g.Name = nlsock.AttrCString(b) }},
	{Name: "id", Set: func(g *Group, _ []byte, n uint64) { g.ID = uint32(n) }},
}...)

// entries decodes an indexed-array of nests (CTRL_ATTR_OPS,
// _MCAST_GROUPS): one T per nest, filled through t. An entry with a
// malformed attribute is kept with what it has.
func entries[T any](d *decoding, nest string, b []byte, t *ynl.Table[T]) []T {
	out := []T{}
	it := nlsock.AttrIter{B: b}
	for _, data, ok := it.Next(); ok; _, data, ok = it.Next() {
		// filled in place: a local would escape through the table
		out = append(out, *new(T))
		var bad []ynl.Malformed
		err := t.Walk(&out[len(out)-1], data, 0, &bad)
		d.Note(nest, err, bad)
	}
	d.Note(nest, it.Err, nil)
	return out
}

// unknownAttrs lists the attributes of b that bound does not know (the
// walk's error, if any, is the table's to report).
func unknownAttrs(b []byte, bound func(uint16) bool) []nlsock.Attr {
	var out []nlsock.Attr
	_ = nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		if !bound(a.Type) {
			out = append(out, a)
		}
		return nil
	})
	return out
}
