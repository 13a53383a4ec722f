//go:build linux

package nft

import (
	"encoding/binary"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
)

// nf_tables integer attributes are big-endian.
func be32(b []byte) (uint32, error) { return nlsock.AttrUint32(b, binary.BigEndian) }

func be64(b []byte) (uint64, error) { return nlsock.AttrUint64(b, binary.BigEndian) }

func cstring(b []byte) string { return nlsock.AttrCString(b) }

// walk runs fn on each attribute of b and names the failing attribute and
// its offset (relative to base) in errors.
func walk(b []byte, base int, name func(uint16) string, fn func(nlsock.Attr) error) error {
	return nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		if err := fn(a); err != nil {
			return fmt.Errorf("%s at offset %d: %w", name(a.Type), base+a.Offset, err)
		}
		return nil
	})
}

// encoder helpers for big-endian integer attributes.
func putBE32(e *nlsock.AttrEncoder, typ uint16, v uint32) {
	e.Raw(typ, binary.BigEndian.AppendUint32(nil, v))
}

func putBE64(e *nlsock.AttrEncoder, typ uint16, v uint64) {
	e.Raw(typ, binary.BigEndian.AppendUint64(nil, v))
}

// attrName returns a namer for a table of attribute names.
func attrName(names []string) func(uint16) string {
	return func(t uint16) string {
		if int(t) < len(names) && names[t] != "" {
			return names[t]
		}
		return fmt.Sprintf("attribute %d", t)
	}
}
