//go:build linux

package explain

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/diag"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	"golang.org/x/sys/unix"
)

// sock_diag messages are explained through nlsh's description of them
// (sock-diag.yaml): every request and reply is SOCK_DIAG_BY_FAMILY, so
// the address family in the payload's first byte picks the operation,
// and with it the fixed header and the attributes. The description lays
// out replies; the request headers are structs it defines.

// diagOps names the description's operation of each address family.
var diagOps = map[uint8]string{diag.FamilyINet: "inet", diag.FamilyINet6: "inet", diag.FamilyUnix: "unix", unix.AF_NETLINK: "netlink"}

// diagRequests are the request headers of the operations that have one
// here, and the attributes after it.
var diagRequests = map[string]struct {
	header string
	set    *attrSet
}{
	"inet": {"inet-diag-req-v2", &attrSet{name: table("INET_DIAG_REQ_NONE", "INET_DIAG_REQ_BYTECODE",
		"INET_DIAG_REQ_SK_BPF_STORAGES", "INET_DIAG_REQ_PROTOCOL")}},
	"unix":    {"unix-diag-req", numbered},
	"netlink": {"netlink-diag-req", numbered},
}

func describeDiag(h nlsock.Header, payload []byte) msgDesc {
	d := msgDesc{typeName: diag.MsgTypeName(h.Type)}
	if d.typeName == "" {
		d.typeName = fmt.Sprintf("type %d", h.Type)
	}
	if h.Type != diag.SockDiagByFamily && h.Type != diag.SockDestroy || len(payload) == 0 {
		return d
	}
	spec := builtin.MustSpec("sock-diag")
	op, err := spec.Op(diagOps[payload[0]])
	if err != nil {
		return d // packet, smc, ... diag: not described
	}
	if h.Flags&nlsock.FlagRequest == 0 {
		d.hdr, d.set = structHeader(spec, op.FixedHeader), specSet(spec, op.Set, 0, nil)
		return d
	}
	d.kind = kindGet
	if req, ok := diagRequests[op.Name]; ok {
		d.hdr, d.set = structHeader(spec, spec.Structs[req.header]), req.set
	}
	return d
}

func diagFamily(v uint64) string { return diag.FamilyName(uint8(v)) }

func diagState(v uint64) string { return diag.StateName(uint8(v)) }

// stateBits names the socket states a request selects.
func stateBits(v uint64) string {
	if uint32(v) == diag.AllStates {
		return "all"
	}
	var names []string
	for i := range 32 {
		if v&(1<<i) != 0 {
			names = append(names, diag.StateName(uint8(i)))
		}
	}
	return strings.Join(names, "|")
}

// showBits names the bits of a request's show member (UDIAG_SHOW_*,
// NDIAG_SHOW_*), bit i by names[i].
func showBits(names ...string) func(uint64) string {
	return func(v uint64) string {
		var set []string
		for i, n := range names {
			if v&(1<<i) != 0 {
				set = append(set, n)
			}
		}
		return strings.Join(set, "|")
	}
}

// sockAddr shows an inet_diag_sockid address for the header's family.
func sockAddr(b, hdr []byte) string {
	if hdr[0] == diag.FamilyINet {
		return netip.AddrFrom4([4]byte(b[:4])).String()
	}
	return netip.AddrFrom16([16]byte(b)).String()
}

func cookie(b, _ []byte) string {
	return fmt.Sprintf("0x%x", binary.NativeEndian.Uint64(b))
}

// skMeminfoNames are the SK_MEMINFO_* counters by index; a newer
// kernel's further counters are shown by their index.
var skMeminfoNames = []string{"rmem_alloc", "rcvbuf", "wmem_alloc", "sndbuf", "fwd_alloc", "wmem_queued", "optmem", "backlog", "drops"}

// skMeminfo is an array of u32 counters indexed by SK_MEMINFO_*.
func skMeminfo(_ *printer, d []byte) []string {
	if len(d)%4 != 0 {
		return nil
	}
	var parts []string
	for i := 0; i < len(d)/4; i++ {
		name := "[" + strconv.Itoa(i) + "]"
		if i < len(skMeminfoNames) {
			name = skMeminfoNames[i]
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, binary.NativeEndian.Uint32(d[4*i:])))
	}
	return wrapParts(parts)
}

// u32list decodes an array of u32.
func u32list(_ *printer, d []byte) []string {
	if len(d)%4 != 0 {
		return nil
	}
	parts := []string{fmt.Sprintf("%d entries", len(d)/4)}
	for i := 0; i < len(d); i += 4 {
		parts = append(parts, strconv.FormatUint(uint64(binary.NativeEndian.Uint32(d[i:])), 10))
	}
	return wrapParts(parts)
}

// unixName is UNIX_DIAG_NAME: a path, or an abstract name starting with NUL
// (shown with '@' as ss does).
func unixName(_ *printer, d []byte) []string {
	if len(d) > 0 && d[0] == 0 {
		return []string{strconv.Quote("@"+string(d[1:])) + " (abstract)"}
	}
	return []string{quoteC(d)}
}
