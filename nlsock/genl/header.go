//go:build linux

package genl

import "github.com/nlsh/nlsh/nlsock"

// HeaderLen is the size of struct genlmsghdr.
const HeaderLen = nlsock.GenlHeaderLen

// Header is struct genlmsghdr: the command and the family's interface
// version, then two reserved bytes.
type Header = nlsock.GenlHeader

// ParseHeader reads the genlmsghdr at the start of a message payload and
// returns it with the attribute bytes that follow.
func ParseHeader(payload []byte) (Header, []byte, error) { return nlsock.ParseGenlHeader(payload) }
