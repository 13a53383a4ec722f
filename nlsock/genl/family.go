//go:build linux

package genl

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
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

// Group is one multicast group of a family.
type Group struct {
	Name string
	ID   uint32
}

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

var opFlagNames = []string{"admin-perm", "cmd-cap-do", "cmd-cap-dump", "cmd-cap-haspol", "uns-admin-perm"}

// Names lists the set flags by their nlctrl spec names; unknown bits appear
// as hex ("0x40").
func (f OpFlags) Names() []string {
	names := []string{}
	for i, n := range opFlagNames {
		if f&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	if rest := f &^ (1<<len(opFlagNames) - 1); rest != 0 {
		names = append(names, fmt.Sprintf("%#x", uint32(rest)))
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

// ParseFamily decodes an nlctrl message payload (genlmsghdr and attributes).
// It never panics; on malformed bytes it returns what it decoded so far and
// an error naming the offset.
func ParseFamily(payload []byte) (Family, error) {
	var f Family
	h, attrs, err := ParseHeader(payload)
	if err != nil {
		return f, err
	}
	f.Header = h
	err = nlsock.WalkAttrs(attrs, func(a nlsock.Attr) error {
		if err := f.decodeAttr(a); err != nil {
			return fmt.Errorf("%s at offset %d: %w", AttrName(a.Type), HeaderLen+a.Offset, err)
		}
		return nil
	})
	return f, err
}

func (f *Family) decodeAttr(a nlsock.Attr) error {
	var err error
	switch a.Type {
	case AttrFamilyID:
		var v uint16
		v, err = u16(a.Data)
		f.ID = v
	case AttrFamilyName:
		f.Name = cstring(a.Data)
	case AttrVersion:
		f.Version, err = u32(a.Data)
	case AttrHdrSize:
		f.HeaderSize, err = u32(a.Data)
	case AttrMaxAttr:
		f.MaxAttr, err = u32(a.Data)
	case AttrOps:
		f.Ops, err = parseOps(a.Data)
	case AttrMcastGroups:
		f.Groups, err = parseGroups(a.Data)
	case AttrOpPolicy:
		f.OpPolicies, err = parseOpPolicies(f.OpPolicies, a.Data)
	case AttrPolicy:
		f.Policies, err = parsePolicies(f.Policies, a.Data)
	default:
		f.Unknown = append(f.Unknown, a)
	}
	return err
}

func parseOps(b []byte) ([]Op, error) {
	return parseEntries(b, func(op *Op, a nlsock.Attr) error {
		var err error
		switch a.Type {
		case AttrOpID:
			op.ID, err = u32(a.Data)
		case AttrOpFlags:
			var v uint32
			v, err = u32(a.Data)
			op.Flags = OpFlags(v)
		}
		return err
	})
}

func parseGroups(b []byte) ([]Group, error) {
	return parseEntries(b, func(g *Group, a nlsock.Attr) error {
		var err error
		switch a.Type {
		case AttrMcastGrpName:
			g.Name = cstring(a.Data)
		case AttrMcastGrpID:
			g.ID, err = u32(a.Data)
		}
		return err
	})
}

// parseEntries decodes a list of nests (CTRL_ATTR_OPS, _MCAST_GROUPS): one
// T per nest, each of its attributes given to field. An entry that fails
// is still kept, with what was decoded before the failure.
func parseEntries[T any](b []byte, field func(*T, nlsock.Attr) error) ([]T, error) {
	out := []T{}
	err := nlsock.WalkAttrs(b, func(entry nlsock.Attr) error {
		var v T
		err := nlsock.WalkAttrs(entry.Data, func(a nlsock.Attr) error { return field(&v, a) })
		out = append(out, v)
		return err
	})
	return out, err
}

// Generic netlink integer attributes are in the host's byte order.
func u16(b []byte) (uint16, error) { return nlsock.AttrUint16(b, binary.NativeEndian) }

func u32(b []byte) (uint32, error) { return nlsock.AttrUint32(b, binary.NativeEndian) }

func u64(b []byte) (uint64, error) { return nlsock.AttrUint64(b, binary.NativeEndian) }

func cstring(b []byte) string { return nlsock.AttrCString(b) }
