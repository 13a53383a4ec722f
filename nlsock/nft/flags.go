//go:build linux

package nft

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// flagNames lists the bits of v that nft.yaml's flags definition enum
// ("table-flags") names, in bit order; bits it does not name appear as
// one hex number.
func flagNames(v uint32, enum string) []string {
	out := []string{}
	for _, e := range builtin.MustEnum("nft", enum).Entries {
		if uint64(v)&e.Value != 0 {
			out = append(out, e.Name)
			v &^= uint32(e.Value)
		}
	}
	if v != 0 {
		out = append(out, fmt.Sprintf("%#x", v))
	}
	return out
}
