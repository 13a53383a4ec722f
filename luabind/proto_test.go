package luabind_test

import (
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
)

// luabind cannot import x/sys/unix, so its protocol numbers are literals;
// they must agree with the names nlsock gives them.
func TestProtoConstants(t *testing.T) {
	for name, want := range map[string]int{"route": luabind.ProtoRoute, "sock_diag": luabind.ProtoSockDiag,
		"netfilter": luabind.ProtoNetfilter, "generic": luabind.ProtoGeneric} {
		if got, ok := nlsock.ParseProtocol(name); !ok || got != want {
			t.Errorf("nlsock.ParseProtocol(%q) = %d, %v; luabind uses %d", name, got, ok, want)
		}
	}
}
