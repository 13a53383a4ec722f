//go:build linux

package nft

import "fmt"

// flagNames lists the bits of v named in names (bit i → names[i]); bits
// without a name appear as hex.
func flagNames(v uint32, names []string) []string {
	out := []string{}
	for i, n := range names {
		if v&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	if rest := v &^ (1<<len(names) - 1); rest != 0 {
		out = append(out, fmt.Sprintf("%#x", rest))
	}
	return out
}
