package diag

import (
	"encoding/binary"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nlsh/nlsh/nlsock"
)

// inetMsg builds an inet_diag_msg like the kernel's.
func inetMsg(family, state uint8, src, dst netip.AddrPort, attrs []byte) []byte {
	ne := binary.NativeEndian
	b := []byte{family, state, 1, 2}
	b = binary.BigEndian.AppendUint16(b, src.Port())
	b = binary.BigEndian.AppendUint16(b, dst.Port())
	for _, a := range []netip.Addr{src.Addr(), dst.Addr()} {
		var field [16]byte
		copy(field[:], a.AsSlice())
		b = append(b, field[:]...)
	}
	b = ne.AppendUint32(b, 3)                          // if
	b = ne.AppendUint32(b, 0x11)                       // cookie lo
	b = ne.AppendUint32(b, 0x22)                       // cookie hi
	for _, v := range []uint32{100, 5, 6, 1000, 777} { // expires rqueue wqueue uid inode
		b = ne.AppendUint32(b, v)
	}
	return append(b, attrs...)
}

func unixMsg(typ, state uint8, ino uint32, attrs func(e *nlsock.AttrEncoder)) []byte {
	ne := binary.NativeEndian
	b := []byte{FamilyUnix, typ, state, 0}
	b = ne.AppendUint32(b, ino)
	b = ne.AppendUint32(b, 9)
	b = ne.AppendUint32(b, 0)
	var e nlsock.AttrEncoder
	attrs(&e)
	return append(b, e.Bytes()...)
}

func TestParseInet(t *testing.T) {
	var e nlsock.AttrEncoder
	e.Uint8(attrInetShutdown, 0)
	e.Uint8(attrInetProtocol, ProtoTCP)
	e.Uint32(4, 0x63756269) // INET_DIAG_CONG, kept raw
	src := netip.MustParseAddrPort("127.0.0.1:8080")
	dst := netip.MustParseAddrPort("127.0.0.1:40000")
	got, err := ParseInet(0, inetMsg(FamilyINet, StateEstablished, src, dst, e.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	want := Socket{
		Family: FamilyINet, Protocol: ProtoTCP, State: StateEstablished, Src: src, Dst: dst,
		Interface: 3, Cookie: 0x22<<32 | 0x11, Timer: 1, Retrans: 2, Expires: 100, UID: 1000, HasUID: true,
		Inode: 777, RQueue: 5, WQueue: 6, HasQueues: true, HasShut: true,
		Unknown: []nlsock.Attr{{Type: 4, Data: []byte{0x69, 0x62, 0x75, 0x63}}},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(nlsock.Attr{}, "Offset"), cmp.Comparer(func(a, b netip.AddrPort) bool { return a == b })); diff != "" {
		t.Errorf("ParseInet (-want +got):\n%s", diff)
	}
	if got.NetID() != "tcp" || got.StateName() != "ESTAB" {
		t.Errorf("NetID %q StateName %q", got.NetID(), got.StateName())
	}

	v6 := netip.MustParseAddrPort("[::1]:53")
	got, err = ParseInet(ProtoUDP, inetMsg(FamilyINet6, StateClose, v6, netip.AddrPortFrom(netip.IPv6Unspecified(), 0), nil))
	if err != nil || got.Src != v6 || got.StateName() != "UNCONN" || got.NetID() != "udp" {
		t.Errorf("v6 udp: %+v %v", got, err)
	}
}

func TestParseUnix(t *testing.T) {
	got, err := ParseUnix(unixMsg(1, StateListen, 50, func(e *nlsock.AttrEncoder) {
		e.Raw(attrUnixName, []byte("/run/x.sock"))
		e.Raw(attrUnixVFS, []byte{1, 0, 0, 0, 2, 0, 0, 0})
		e.Raw(attrUnixIcons, []byte{51, 0, 0, 0, 52, 0, 0, 0})
		e.Raw(attrUnixRQLen, []byte{2, 0, 0, 0, 128, 0, 0, 0})
		e.Uint32(attrUnixUID, 1000)
		e.Uint8(attrUnixShutdown, 2)
		e.Raw(attrUnixMemInfo, []byte{0, 0, 0, 0})
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Socket{Family: FamilyUnix, Type: 1, State: StateListen, Inode: 50, Cookie: 9,
		Path: "/run/x.sock", VFSInode: 1, VFSDev: 2, HasVFS: true, Icons: []uint32{51, 52},
		RQueue: 2, WQueue: 128, HasQueues: true, UID: 1000, HasUID: true, Shutdown: 2, HasShut: true,
		Unknown: []nlsock.Attr{{Type: attrUnixMemInfo, Data: []byte{0, 0, 0, 0}}}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(nlsock.Attr{}, "Offset"), cmpopts.IgnoreUnexported(netip.AddrPort{})); diff != "" {
		t.Errorf("ParseUnix (-want +got):\n%s", diff)
	}
	if got.NetID() != "u_str" || got.StateName() != "LISTEN" {
		t.Errorf("NetID %q", got.NetID())
	}
	got, _ = ParseUnix(unixMsg(2, StateClose, 60, func(e *nlsock.AttrEncoder) {
		e.Raw(attrUnixName, []byte("\x00abstract"))
		e.Uint32(attrUnixPeer, 61)
	}))
	if got.Path != "@abstract" || !got.HasPeer || got.Peer != 61 || got.NetID() != "u_dgr" {
		t.Errorf("abstract dgram: %+v", got)
	}
}

// TestUnixTypeNames checks the names of unix socket types as ss's Netid
// column and the Lua field type spell them, and that an unknown type gets
// its number rather than a wrong name.
func TestUnixTypeNames(t *testing.T) {
	for typ, want := range map[uint8][2]string{
		1: {"u_str", "stream"}, 2: {"u_dgr", "dgram"}, 5: {"u_seq", "seqpacket"},
		3: {"u_3", ""}, 200: {"u_200", ""},
	} {
		s := Socket{Family: FamilyUnix, Type: typ}
		if got := [2]string{s.NetID(), UnixTypeName(typ)}; got != want {
			t.Errorf("type %d: NetID, UnixTypeName = %q, want %q", typ, got, want)
		}
	}
}

func TestParseMalformed(t *testing.T) {
	src := netip.MustParseAddrPort("1.2.3.4:5")
	tests := []struct {
		name    string
		family  uint8
		payload []byte
		wantErr string
	}{
		{"short inet", FamilyINet, make([]byte, 71), "inet_diag_msg needs 72 bytes, have 71"},
		{"inet wrong family", FamilyINet, inetMsg(7, 1, src, src, nil), "family 7 is not inet"},
		{"inet bad attrs", FamilyINet, inetMsg(FamilyINet, 1, src, src, []byte{9, 0, 1}), "inet-diag-attrs (after the 72-byte header)"},
		{"short unix", FamilyUnix, make([]byte, 15), "unix_diag_msg needs 16 bytes"},
		{"short peer", FamilyUnix, unixMsg(1, 1, 1, func(e *nlsock.AttrEncoder) { e.Uint16(attrUnixPeer, 1) }),
			"unix-diag-attrs (after the 16-byte header): UNIX_DIAG_PEER: 2 bytes, want 4"},
		{"two short attributes", FamilyUnix, unixMsg(1, 1, 1, func(e *nlsock.AttrEncoder) {
			e.Uint16(attrUnixPeer, 1)
			e.Uint16(attrUnixUID, 1)
		}), "UNIX_DIAG_PEER: 2 bytes, want 4; UNIX_DIAG_UID: 2 bytes, want 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.family, ProtoTCP, tt.payload)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("err %q is not one line", err)
			}
		})
	}
}

func TestRequests(t *testing.T) {
	b := InetRequest{Family: FamilyINet6, Protocol: ProtoUDP, States: AllStates}.Append(nil)
	if len(b) != inetReqLen || b[0] != FamilyINet6 || b[1] != ProtoUDP || binary.NativeEndian.Uint32(b[4:]) != AllStates {
		t.Errorf("inet request % x", b)
	}
	u := UnixRequest{States: 1 << StateListen, Show: ShowName}.Append(nil)
	if len(u) != unixReqLen || u[0] != FamilyUnix || binary.NativeEndian.Uint32(u[12:]) != ShowName {
		t.Errorf("unix request % x", u)
	}
}

func TestNames(t *testing.T) {
	for s, want := range map[uint8]string{1: "ESTAB", 7: "UNCONN", 10: "LISTEN", 6: "TIME-WAIT", 99: "state 99"} {
		if got := StateName(s); got != want {
			t.Errorf("StateName(%d) = %q, want %q", s, got, want)
		}
	}
	if FamilyName(FamilyINet6) != "inet6" || FamilyName(3) != "family 3" {
		t.Error("FamilyName")
	}
	if AttrName(FamilyINet, 2) != "INET_DIAG_INFO" || AttrName(FamilyINet, 0) != "INET_DIAG_NONE" || AttrName(FamilyINet, 22) != "INET_DIAG_SOCKOPT" || AttrName(FamilyUnix, 0) != "UNIX_DIAG_NAME" || AttrName(FamilyUnix, 50) != "" {
		t.Error("AttrName")
	}
	if HeaderLen(FamilyINet6, true) != 56 || HeaderLen(FamilyINet, false) != 72 || HeaderLen(FamilyUnix, true) != 24 || HeaderLen(FamilyUnix, false) != 16 {
		t.Error("HeaderLen")
	}
}
