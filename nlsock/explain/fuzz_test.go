package explain_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

var fuzzProtos = []int{unix.NETLINK_ROUTE, unix.NETLINK_GENERIC, unix.NETLINK_NETFILTER, unix.NETLINK_SOCK_DIAG, explain.Unknown}

// FuzzBytes explains arbitrary bytes as each protocol, also as the request
// of an error reply and as a message built from fields: no panic, and some
// text always. The corpus is in testdata/fuzz/FuzzBytes.
func FuzzBytes(f *testing.F) {
	f.Add([]byte{}, uint8(0))
	// With the kernel's specs (scripts/kernel-ynl.sh), family 0x1b is
	// ethtool (nested sets, enums, flags) as its spec describes it.
	spec, _ := ynl.LoadFamily("ethtool", []string{nlsocktest.KernelSpecsOrEmpty()})
	genlSpec := func(id uint16) *ynl.Spec {
		if id == 0x1b {
			return spec
		}
		return nil
	}
	f.Fuzz(func(t *testing.T, b []byte, sel uint8) {
		proto := fuzzProtos[int(sel)%len(fuzzProtos)]
		o := explain.Options{Request: b, GenlFamilies: map[uint16]string{0x1b: "x"}, GenlSpec: genlSpec}
		if out := explain.Bytes(b, proto, o); out == "" {
			t.Fatal("no text")
		}
		if len(b) >= 4 {
			typ := uint16(b[0]) | uint16(b[1])<<8
			m := nlsock.Message{Header: nlsock.Header{Type: typ, Flags: uint16(b[2]) | uint16(b[3])<<8}, Payload: b[4:]}
			out := explain.Message(m, proto, explain.Options{NoHexDump: true})
			if !strings.Contains(out, "nlmsghdr") {
				t.Fatalf("no header in\n%s", out)
			}
		}
		x := nlsock.ExtAck{Msg: "m", Offset: uint32(sel) * 4, HasOffset: true, MissingType: uint16(sel), HasMissing: true, MissingNest: 32, Policy: b}
		explain.ExtAck(x, -22, nlsock.Header{Type: 16, Seq: 9}, proto, explain.Options{Request: b})
	})
}
