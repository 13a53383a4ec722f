package explain_test

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/diag"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

func msg(typ, flags uint16, payload []byte) []byte {
	return nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: typ, Flags: flags, Seq: 9}, Payload: payload})
}

// netlinkDiagReq is a struct netlink_diag_req (netlink_diag.h) asking for
// every netlink socket with NDIAG_SHOW_MEMINFO|GROUPS|FLAGS, written byte
// by byte.
func netlinkDiagReq() []byte {
	b := []byte{unix.AF_NETLINK, 255, 0, 0}      // NDIAG_PROTO_ALL
	b = binary.NativeEndian.AppendUint32(b, 0)   // ndiag_ino
	b = binary.NativeEndian.AppendUint32(b, 0xb) // ndiag_show
	return binary.NativeEndian.AppendUint64(b, ^uint64(0))
}

func attrs(fn func(e *nlsock.AttrEncoder)) []byte {
	var e nlsock.AttrEncoder
	fn(&e)
	return e.Bytes()
}

// deepNest is n NESTED attributes inside each other.
func deepNest(n int) []byte {
	b := nlsock.AppendAttr(nil, 1, []byte{1, 2, 3, 4})
	for range n {
		b = nlsock.AppendAttr(nil, 100|nlsock.AttrNested, b)
	}
	return b
}

// capAck is an NLMSG_ERROR as a NETLINK_CAP_ACK socket gets it: the
// request's header only, then an ext-ack offset.
func capAck(req []byte, errno int32, off uint32) []byte {
	p := binary.NativeEndian.AppendUint32(nil, uint32(errno))
	p = append(p, req[:nlsock.HeaderLen]...)
	p = nlsock.AppendAttr(p, 2, binary.NativeEndian.AppendUint32(nil, off))
	return msg(nlsock.TypeError, nlsock.FlagCapped|nlsock.FlagAckTLVs, p)
}

func TestExplain(t *testing.T) {
	linkReq := msg(rtnl.RTM_NEWLINK, nlsock.FlagRequest|nlsock.FlagAck|nlsock.FlagCreate,
		append(make([]byte, 16), attrs(func(e *nlsock.AttrEncoder) {
			e.Uint32(unix.IFLA_MTU, 1400)
			e.Nest(unix.IFLA_LINKINFO, func(e *nlsock.AttrEncoder) { e.String(unix.IFLA_INFO_KIND, "veth") })
		})...))
	done := msg(nlsock.TypeDone, nlsock.FlagMulti|nlsock.FlagAckTLVs, append(
		binary.NativeEndian.AppendUint32(nil, negErrno(unix.EINVAL)),
		nlsock.AppendAttr(nil, 1, []byte("bad filter\x00"))...))
	tests := []struct {
		name  string
		b     []byte
		proto int
		o     explain.Options
		want  []string
	}{
		{"dump request", msg(rtnl.RTM_GETLINK, nlsock.FlagRequest|nlsock.FlagDump, make([]byte, 16)), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"0x0301 = REQUEST|DUMP (ROOT|MATCH)   [GET: 0x100 ROOT", "(no attributes)"}},
		{"delete flags", msg(rtnl.RTM_DELLINK, nlsock.FlagRequest|nlsock.FlagNonrec, make([]byte, 16)), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"REQUEST|NONREC   [DEL: 0x100 NONREC, 0x200 BULK]"}},
		{"unknown protocol", msg(16, 0x100, []byte{1, 2, 3, 4}), explain.Unknown, explain.Options{},
			[]string{"0x0100 = 0x100   [0x100-0x800 depend", "no decoder for this message type", "01 02 03 04"}},
		{"nested in a request", linkReq, unix.NETLINK_ROUTE, explain.Options{},
			[]string{"IFLA_MTU (type 4) len 8: 1400", "IFLA_LINKINFO (type 18) len 16, nested:", `    IFLA_INFO_KIND (type 1) len 9: "veth"`,
				"REQUEST|ACK|CREATE"}},
		{"cap ack with the request given", capAck(linkReq, -int32(unix.EINVAL), 40), unix.NETLINK_ROUTE, explain.Options{Request: linkReq},
			[]string{"CAPPED: the header only", "the request as given", "40 → IFLA_LINKINFO (type 18, 16 bytes)", "<-- the ext-ack offset points here",
				"in short: EINVAL, offset 40 → IFLA_LINKINFO"}},
		{"offset inside an attribute", capAck(linkReq, -int32(unix.EINVAL), 36), unix.NETLINK_ROUTE, explain.Options{Request: linkReq},
			[]string{"36 → inside IFLA_MTU (type 4, 8 bytes, which starts at 32)"}},
		{"cap ack without the request", capAck(linkReq, -int32(unix.EINVAL), 36), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"36 (the request's payload is not known here: pass the request to name the attribute)"}},
		{"offset into a nest", capAck(linkReq, -int32(unix.EINVAL), 44), unix.NETLINK_ROUTE, explain.Options{Request: linkReq},
			[]string{"44 → IFLA_LINKINFO > IFLA_INFO_KIND (type 1, 9 bytes)"}},
		{"offset past the end", capAck(linkReq, -int32(unix.EINVAL), 60), unix.NETLINK_ROUTE, explain.Options{Request: linkReq},
			[]string{"60 (past the end of the 56-byte request)"}},
		{"offset at a header field", capAck(linkReq, -int32(unix.EINVAL), 20), unix.NETLINK_ROUTE, explain.Options{Request: linkReq},
			[]string{"20 → ifinfomsg.ifi_index (a header field)"}},
		{"ack", msg(nlsock.TypeError, nlsock.FlagCapped, append(make([]byte, 4), linkReq[:16]...)), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"0 = success (this is an ACK)", "0x0100 = CAPPED"}},
		{"failed dump", done, unix.NETLINK_ROUTE, explain.Options{},
			[]string{"status        -22 = EINVAL (invalid argument)", `NLMSGERR_ATTR_MSG (type 1) len 15: "bad filter"`, `in short: EINVAL: "bad filter"`}},
		{"done", msg(nlsock.TypeDone, nlsock.FlagMulti, make([]byte, 4)), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"0 = the dump is complete"}},
		{"two messages", append(append([]byte{}, linkReq...), done...), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"== message 1 of 2, at byte 0", "== message 2 of 2, at byte 56"}},
		{"genl family by id", msg(0x1b, nlsock.FlagRequest, append([]byte{3, 1, 0, 0}, nlsock.AppendAttr(nil, 2|nlsock.AttrNested, nlsock.AppendAttr(nil, 1, []byte{5, 0, 0, 0}))...)),
			unix.NETLINK_GENERIC, explain.Options{GenlFamilies: map[uint16]string{0x1b: "devlink"}},
			[]string{`generic netlink family "devlink" (id 27)`, "attribute 2 (type 2, NESTED) len 12, nested:", "attribute 1 (type 1) len 8: 05 00 00 00"}},
		{"inet diag request", msg(diag.SockDiagByFamily, nlsock.FlagRequest|nlsock.FlagDump,
			diag.InetRequest{Family: diag.FamilyINet, Protocol: diag.ProtoTCP, States: diag.AllStates}.Append(nil)), unix.NETLINK_SOCK_DIAG, explain.Options{},
			[]string{"SOCK_DIAG_BY_FAMILY", "inet_diag_req_v2 (56 bytes)", "idiag_states  0xffffffff = all", "id.src        0.0.0.0", "id.cookie     0xffffffffffffffff"}},
		{"unix diag request", msg(diag.SockDiagByFamily, nlsock.FlagRequest|nlsock.FlagDump,
			diag.UnixRequest{States: diag.AllStates, Show: diag.ShowName | diag.ShowPeer}.Append(nil)), unix.NETLINK_SOCK_DIAG, explain.Options{},
			[]string{"unix_diag_req (24 bytes)", "udiag_show    0x00000005 = NAME|PEER"}},
		{"netlink diag request", msg(diag.SockDiagByFamily, nlsock.FlagRequest|nlsock.FlagDump, netlinkDiagReq()), unix.NETLINK_SOCK_DIAG, explain.Options{},
			[]string{"netlink_diag_req (20 bytes)", "sdiag_family  16 = netlink", "sdiag_protocol 255", "ndiag_show    0x0000000b = MEMINFO|GROUPS|FLAGS", "ndiag_cookie  0xffffffffffffffff"}},
		{"network byte order", msg(rtnl.RTM_NEWLINK, 0, append(make([]byte, 16), nlsock.AppendAttr(nil, unix.IFLA_MTU|nlsock.AttrNetByteOrder, []byte{0, 0, 5, 0xdc})...)),
			unix.NETLINK_ROUTE, explain.Options{}, []string{"IFLA_MTU (type 4, NET_BYTEORDER) len 8: 1500 (big-endian)"}},
		{"string without NUL", msg(rtnl.RTM_NEWLINK, 0, append(make([]byte, 16), nlsock.AppendAttr(nil, unix.IFLA_IFNAME, []byte("eth"))...)),
			unix.NETLINK_ROUTE, explain.Options{}, []string{`"eth" (no terminating NUL)`}},
		{"wrong size integer", msg(rtnl.RTM_NEWLINK, 0, append(make([]byte, 16), nlsock.AppendAttr(nil, unix.IFLA_MTU, []byte{1, 2, 3})...)),
			unix.NETLINK_ROUTE, explain.Options{}, []string{"IFLA_MTU (type 4) len 7, malformed (3 bytes, want 4): 01 02 03"}},
		// a size that other integers have is still the wrong size for this one
		{"u16 where a u32 belongs", msg(rtnl.RTM_NEWLINK, 0, append(make([]byte, 16), nlsock.AppendAttr(nil, unix.IFLA_MTU, []byte{5, 0})...)),
			unix.NETLINK_ROUTE, explain.Options{}, []string{"IFLA_MTU (type 4) len 6, malformed (2 bytes, want 4): 05 00"}},
		// malformed
		{"empty", nil, unix.NETLINK_ROUTE, explain.Options{}, []string{"(no bytes: an empty datagram)"}},
		{"short header", make([]byte, 10), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"malformed: message 0 at offset 0: 10 trailing bytes, a header needs 16", "0000  00 00"}},
		{"length past the end", linkReq[:40], unix.NETLINK_ROUTE, explain.Options{},
			[]string{"malformed: message 0 at offset 0: nlmsg_len 56 exceeds the 40 bytes left"}},
		{"short family header", msg(rtnl.RTM_NEWLINK, 0, make([]byte, 8)), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"malformed: ifinfomsg needs 16 bytes, the payload has 8"}},
		{"attribute past the end", msg(rtnl.RTM_NEWLINK, 0, append(make([]byte, 16), 0x40, 0, 3, 0, 'a', 0, 0, 0)), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"32    malformed: attribute type 3 has nla_len 64 but only 8 bytes are left"}},
		{"zero-length attribute", msg(rtnl.RTM_NEWLINK, 0, append(make([]byte, 16), 8, 0, 4, 0, 1, 0, 0, 0, 0, 0, 3, 0)), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"IFLA_MTU (type 4) len 8: 1", "40    malformed: attribute type 3 has nla_len 0, less than its own 4-byte header"}},
		{"short error", msg(nlsock.TypeError, 0, []byte{1, 2}), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"malformed: NLMSG_ERROR carries 2 bytes, the errno alone needs 4"}},
		{"error without its request header", msg(nlsock.TypeError, 0, make([]byte, 8)), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"malformed: NLMSG_ERROR payload of 8 bytes: struct nlmsgerr needs 20"}},
		{"deep nesting", msg(rtnl.RTM_NEWLINK, 0, append(make([]byte, 16), deepNest(40)...)), unix.NETLINK_ROUTE, explain.Options{},
			[]string{"nested deeper than 16 levels, shown as hex"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := explain.Bytes(tt.b, tt.proto, tt.o)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("no %q in\n%s", w, got)
				}
			}
		})
	}
}

// TestMalformedGolden explains a kernel link message whose last attribute
// was made to run past the end, followed by 7 stray bytes.
func TestMalformedGolden(t *testing.T) {
	b := readFile(t, "testdata/msgs/route-addr.bin")
	b = append([]byte{}, b...)
	// IFA_CACHEINFO at offset 68: claim 40 bytes instead of 20.
	binary.NativeEndian.PutUint16(b[68:], 40)
	b = append(b, 1, 2, 3, 4, 5, 6, 7)
	compareGolden(t, "malformed", explain.Bytes(b, unix.NETLINK_ROUTE, explain.Options{}))
}

// TestMessageTable explains a message given as fields (as Lua tables are),
// with a Length that does not match the payload.
func TestMessageTable(t *testing.T) {
	m := nlsock.Message{Header: nlsock.Header{Length: 99, Type: rtnl.RTM_GETLINK, Flags: nlsock.FlagRequest | nlsock.FlagDump}, Payload: make([]byte, 16)}
	got := explain.Message(m, unix.NETLINK_ROUTE, explain.Options{NoHexDump: true})
	for _, w := range []string{"nlmsg_len     99  (but 32 bytes are here)", "RTM_GETLINK"} {
		if !strings.Contains(got, w) {
			t.Errorf("no %q in\n%s", w, got)
		}
	}
	if strings.Contains(got, "hex dump") {
		t.Errorf("NoHexDump still dumped:\n%s", got)
	}
	got = explain.Messages([]nlsock.Message{m, m}, unix.NETLINK_ROUTE, explain.Options{})
	if !strings.Contains(got, "== message 2 of 2") {
		t.Errorf("two messages:\n%s", got)
	}
}

// TestExtAck explains an ext-ack apart from its message, as a script's
// extack table gives it, against the request.
func TestExtAck(t *testing.T) {
	req := msg(rtnl.RTM_NEWLINK, nlsock.FlagRequest, append(make([]byte, 16), attrs(func(e *nlsock.AttrEncoder) {
		e.String(unix.IFLA_IFNAME, strings.Repeat("x", 34))
	})...))
	x := nlsock.ExtAck{Msg: "Attribute failed policy validation", Offset: 32, HasOffset: true, MissingType: 3, HasMissing: true}
	h, _ := nlsock.ParseHeader(req)
	got := explain.ExtAck(x, -int32(unix.ERANGE), h, unix.NETLINK_ROUTE, explain.Options{Request: req})
	for _, w := range []string{"kernel error for the RTM_NEWLINK request (seq 9): -34 = ERANGE",
		"offset 32 → IFLA_IFNAME (type 3, 39 bytes)", "missing (NLMSGERR_ATTR_MISS_TYPE): IFLA_IFNAME (type 3) at the top level",
		"<-- the ext-ack offset points here", "hex dump of the request"} {
		if !strings.Contains(got, w) {
			t.Errorf("no %q in\n%s", w, got)
		}
	}
	got = explain.ExtAck(x, 0, nlsock.Header{}, unix.NETLINK_ROUTE, explain.Options{})
	if !strings.Contains(got, "the request's bytes are not known here") {
		t.Errorf("without the request:\n%s", got)
	}
}

func negErrno(e unix.Errno) uint32 { return uint32(-int32(e)) }
