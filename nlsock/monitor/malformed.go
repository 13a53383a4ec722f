//go:build linux

package monitor

import (
	"strings"

	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// malformedNote is " (malformed: IFLA_MTU: 2 bytes, want 4; ...)" for an
// object with attributes of a wrong length: the decoders leave their
// fields unset, so the summary leaves them out, and this says why.
func malformedNote(list []rtnl.Malformed) string {
	if len(list) == 0 {
		return ""
	}
	texts := make([]string, len(list))
	for i, m := range list {
		texts[i] = m.String()
	}
	return " (malformed: " + strings.Join(texts, "; ") + ")"
}
