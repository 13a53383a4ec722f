//go:build linux

package explain

import (
	"strings"
	"unicode"
)

// vkind is how an attribute's value is shown.
type vkind uint8

const (
	vHex    vkind = iota // bytes as hex (unknown attributes)
	vStr                 // NUL-terminated string
	vUint                // native-endian unsigned of 1, 2, 4 or 8 bytes
	vSint                // native-endian signed
	vBE                  // big-endian unsigned (network byte order)
	vIP                  // IPv4 or IPv6 address
	vMAC                 // link-layer address
	vFlag                // no data: present or not
	vNest                // nested attributes of a known set
	vMaybe               // nested attributes of unknown types, if the bytes parse as such; else hex
	vCustom              // a struct, decoded by text
)

// spec says how to show one attribute: its value's shape, which the set
// naming it gives (a description's, through specSet).
type spec struct {
	k    vkind
	note func(p *printer, v uint64) string // a name for an integer value
	set  func() *attrSet                   // for vNest
	text func(p *printer, d []byte) []string
	big  bool // a vSint the description says is big-endian (a hook's priority)
}

// cutNum drops the leading offset and arrow of a pointAt text.
func cutNum(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsDigit)
	return strings.TrimPrefix(strings.TrimPrefix(s, " "), "→ ")
}
