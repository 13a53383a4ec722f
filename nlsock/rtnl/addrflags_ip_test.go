package rtnl

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// AddrFlagNames names an address's flags in the words and order ip
// prints them: bit 0x1 is "temporary" for inet6 and "secondary" for inet,
// before the others. A hand-made RTM_NEWADDR goes through `ip addr
// showdump` (which reads a saved dump from stdin), so no kernel has to
// make a temporary (privacy) address. ip leaves "permanent" unsaid.
func TestAddrFlagNamesAsIPPrintsThem(t *testing.T) {
	nlsocktest.LookPath(t, "ip", "iproute2")
	const flags = IFA_F_TEMPORARY | IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE
	for _, addr := range []string{"2001:db8::1", "192.0.2.1"} {
		a := netip.MustParseAddr(addr)
		family := uint8(AF_INET)
		if a.Is6() {
			family = AF_INET6
		}
		ours := slices.DeleteFunc(AddrFlagNames(nil, family, flags), func(f string) bool { return f == "permanent" })
		out := ipShowdump(t, newAddrMessage(family, a, flags))
		// "    inet6 2001:db8::1/64 scope global temporary noprefixroute"
		_, words, ok := strings.Cut(out, "scope global ")
		if !ok {
			t.Fatalf("ip addr showdump printed no scope: %q", out)
		}
		if ips := strings.Fields(strings.SplitN(words, "\n", 2)[0]); !slices.Equal(ours, ips) {
			t.Errorf("%s: AddrFlagNames %q, ip prints %q", addr, ours, ips)
		}
	}
}

// newAddrMessage lays out an RTM_NEWADDR by hand (ifaddrmsg, IFA_ADDRESS,
// IFA_LOCAL, IFA_FLAGS), independently of the package's encoder.
func newAddrMessage(family uint8, a netip.Addr, flags uint32) []byte {
	le := binary.NativeEndian
	body := []byte{family, 64, byte(flags), 0, 0, 0, 0, 0} // ifa_scope 0: global
	le.PutUint32(body[4:], 1)                              // ifa_index
	attr := func(typ uint16, payload []byte) {
		hdr := make([]byte, 4)
		le.PutUint16(hdr, uint16(4+len(payload)))
		le.PutUint16(hdr[2:], typ)
		body = append(append(body, hdr...), payload...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	attr(1, a.AsSlice()) // IFA_ADDRESS
	attr(2, a.AsSlice()) // IFA_LOCAL
	f := make([]byte, 4)
	le.PutUint32(f, flags)
	attr(8, f) // IFA_FLAGS
	msg := make([]byte, 16, 16+len(body))
	le.PutUint32(msg, uint32(16+len(body)))
	le.PutUint16(msg[4:], 20) // RTM_NEWADDR
	return append(msg, body...)
}

// ipShowdump feeds msg to `ip addr showdump` behind the magic number `ip
// addr save` writes, and returns what ip prints.
func ipShowdump(t *testing.T, msg []byte) string {
	in := binary.NativeEndian.AppendUint32(nil, 0x47361222)
	cmd := exec.Command("ip", "addr", "showdump")
	cmd.Stdin = bytes.NewReader(append(in, msg...))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ip addr showdump: %v\n%s", err, out)
	}
	return string(out)
}
