//go:build linux

package luabindtest

import (
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/nlfake"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// FakeOptions are Options whose sockets open on a fresh fake kernel
// (nlsock/nlfake): no root, no namespace. Every protocol's requests get
// an empty answer (a dump's DONE, an ACK) until the test sets a handler.
func FakeOptions(tb testing.TB) (luabind.Options, *nlfake.Kernel) {
	tb.Helper()
	k := nlfake.New(tb)
	for proto := range 32 {
		k.Handle(proto, func([]netlink.Message) ([]netlink.Message, error) { return nil, nil })
	}
	return luabind.Options{Open: k.OpenIn}, k
}

// KernelOrFakeOptions are for tests whose checks hold whatever the kernel
// answers (argument errors, interrupts, closing): a fresh namespace of the
// real kernel as root, the proof; without root, a fake kernel answering
// as a fresh namespace would (nlfake.FreshNamespace), instead of skipping.
func KernelOrFakeOptions(tb testing.TB) luabind.Options {
	tb.Helper()
	if nlfake.InsteadOfRoot() {
		return luabind.Options{Open: nlfake.NewFresh(tb).OpenIn}
	}
	return luabind.Options{DefaultNS: nlsocktest.NewNamespace(tb).NetNS()}
}
