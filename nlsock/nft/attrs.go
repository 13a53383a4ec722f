//go:build linux

package nft

import (
	"encoding/binary"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
)

func be32(b []byte) (uint32, error) {
	if len(b) < 4 {
		return 0, fmt.Errorf("be32 needs 4 bytes, have %d", len(b))
	}
	return binary.BigEndian.Uint32(b), nil
}

func be64(b []byte) (uint64, error) {
	if len(b) < 8 {
		return 0, fmt.Errorf("be64 needs 8 bytes, have %d", len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// cstring returns b up to its first NUL.
func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

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
