//go:build linux

package ynl

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"sync"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// A client of a generic family first asks the controller (nlctrl) for the
// family's id, version and multicast groups, through the compiled
// attribute-sets of nlsh's description of nlctrl (the file the built-in
// descriptions ship, compiled by their go generate): a lookup loads them
// in microseconds where parsing the YAML takes a millisecond and more.
//
//go:embed builtin/compiled/nlctrl.sets
var nlctrlSetsText []byte

// BuiltinPathPrefix marks the Path of a built-in description (Spec.Path,
// ynl.path): "builtin:rt-link" is not a file.
const BuiltinPathPrefix = "builtin:"

// nlctrlSets is nlctrl's compiled attribute-sets, loaded once.
var nlctrlSets = sync.OnceValues(func() (*CompiledSets, error) { return LoadSets(nlctrlSetsText) })

// nlctrlSet is nlctrl's attribute-set name.
func nlctrlSet(name string) (*AttrSet, error) {
	c, err := nlctrlSets()
	if err != nil {
		return nil, err
	}
	return c.Set(name)
}

// GenlFamily is a generic family as nlctrl reports it: what a Client
// needs to talk to it.
type GenlFamily struct {
	ID      uint16
	Name    string
	Version uint32
	Groups  []GenlGroup // its multicast groups, in the kernel's order
}

// GenlGroup is one multicast group of a generic family.
type GenlGroup struct {
	Name string
	ID   uint32
}

// Group returns the id of the named multicast group.
func (f *GenlFamily) Group(name string) (uint32, bool) {
	for _, g := range f.Groups {
		if g.Name == name {
			return g.ID, true
		}
	}
	return 0, false
}

// QueryGenlFamily asks nlctrl about the family called name (getfamily)
// and returns the reply's payload: genlmsghdr and attributes. An unknown
// name fails with an error that matches unix.ENOENT and says so.
func QueryGenlFamily(ctx context.Context, s *nlsock.Socket, name string) ([]byte, error) {
	attrs, err := nlctrlSet("ctrl-attrs")
	if err != nil {
		return nil, err
	}
	var e nlsock.AttrEncoder
	if err := attrs.Put(&e, "family-name", name); err != nil {
		return nil, fmt.Errorf("genl family %q: %w", name, err)
	}
	// the uapi number, which TestGetfamilyCommand checks against the description's getfamily
	h := nlsock.GenlHeader{Command: unix.CTRL_CMD_GETFAMILY, Version: nlsock.GenlCtrlVersion}
	reply, err := s.Request(ctx, nlsock.Message{
		Header:  nlsock.Header{Type: nlsock.GenlCtrlID},
		Payload: append(h.Append(nil), e.Bytes()...),
	})
	var ke *nlsock.KernelError
	if errors.As(err, &ke) && ke.Errno == unix.ENOENT {
		// The kernel's text would be "type 0x10 request: no such file or
		// directory": say what is missing.
		return nil, fmt.Errorf("genl family %q: no such generic netlink family in netns %s (CTRL_CMD_GETFAMILY: %w)", name, s.NetNS(), unix.ENOENT)
	}
	if err != nil {
		return nil, fmt.Errorf("genl family %q: %w", name, err)
	}
	if len(reply.Messages) == 0 {
		return nil, fmt.Errorf("genl family %q: empty reply", name)
	}
	return reply.Messages[0].Payload, nil
}

// resolveGenl looks up the family called name and reads what a Client
// needs of nlctrl's reply.
func resolveGenl(ctx context.Context, s *nlsock.Socket, name string) (*GenlFamily, error) {
	payload, err := QueryGenlFamily(ctx, s, name)
	if err != nil {
		return nil, err
	}
	f, err := parseGenlFamily(payload)
	if err != nil {
		return nil, fmt.Errorf("genl family %q: nlctrl's reply: %w", name, err)
	}
	return f, nil
}

// parseGenlFamily reads a getfamily reply's payload (genlmsghdr and
// attributes) through typed tables over nlctrl's description. An attribute
// whose length does not fit its type, in the family or in one of its
// multicast groups, or malformed bytes, fail it: a Client never works
// with a group it could not read.
func parseGenlFamily(payload []byte) (*GenlFamily, error) {
	tables, err := genlTables()
	if err != nil {
		return nil, err
	}
	_, attrs, err := nlsock.ParseGenlHeader(payload)
	if err != nil {
		return nil, err
	}
	var r genlReply
	var bad []Malformed
	r.Note("", tables.family.Walk(&r, attrs, nlsock.GenlHeaderLen, &bad), bad)
	if err := r.Err(); err != nil {
		return nil, err
	}
	return &r.GenlFamily, nil
}

// genlReply is a GenlFamily being decoded, with the problems met on the
// way (a table's setter cannot return them).
type genlReply struct {
	GenlFamily
	Problems
}

type genlFamilyTables struct {
	family *Table[genlReply]
	group  *Table[GenlGroup]
}

var genlTables = sync.OnceValues(func() (*genlFamilyTables, error) {
	groups, err := nlctrlSet("mcast-group-attrs")
	if err != nil {
		return nil, err
	}
	family, err := nlctrlSet("ctrl-attrs")
	if err != nil {
		return nil, err
	}
	t := &genlFamilyTables{}
	if t.group, err = NewTable(groups, []Field[GenlGroup]{
		{Name: "name", Set: func(g *GenlGroup, b []byte, _ uint64) { g.Name = nlsock.AttrCString(b) }},
		{Name: "id", Set: func(g *GenlGroup, _ []byte, n uint64) { g.ID = uint32(n) }},
	}...); err != nil {
		return nil, err
	}
	t.family, err = NewTable(family, []Field[genlReply]{
		{Name: "family-id", Set: func(r *genlReply, _ []byte, n uint64) { r.ID = uint16(n) }},
		{Name: "family-name", Set: func(r *genlReply, b []byte, _ uint64) { r.Name = nlsock.AttrCString(b) }},
		{Name: "version", Set: func(r *genlReply, _ []byte, n uint64) { r.Version = uint32(n) }},
		{Name: "mcast-groups", Set: func(r *genlReply, b []byte, _ uint64) {
			it := nlsock.AttrIter{B: b}
			for _, data, ok := it.Next(); ok; _, data, ok = it.Next() {
				var g GenlGroup
				var bad []Malformed
				r.Note("CTRL_ATTR_MCAST_GROUPS", t.group.Walk(&g, data, 0, &bad), bad)
				r.Groups = append(r.Groups, g)
			}
			r.Note("CTRL_ATTR_MCAST_GROUPS", it.Err, nil)
		}},
	}...)
	return t, err
})
