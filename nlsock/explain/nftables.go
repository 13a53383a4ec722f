//go:build linux

package explain

import (
	"encoding/binary"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// selectorValue is a sub-message selector's value as its formats are
// keyed: a string, or an integer's enum name (an nf_tables object's
// data is chosen by its be32 type, "counter").
func selectorValue(a *ynl.Attr, b []byte) string {
	if a.Enum == nil || a.Type == "string" {
		return cstr(b)
	}
	order := binary.ByteOrder(binary.NativeEndian)
	if a.BigEndian {
		order = binary.BigEndian
	}
	var v uint64
	switch len(b) {
	case 1:
		v = uint64(b[0])
	case 2:
		v = uint64(order.Uint16(b))
	case 4:
		v = uint64(order.Uint32(b))
	case 8:
		v = order.Uint64(b)
	default:
		return ""
	}
	name, _ := a.Enum.NameOf(v)
	return name
}
