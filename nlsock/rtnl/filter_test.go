package rtnl

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// TestDumpFilterRequest: each filter lands where the kernel's strict dump
// checks look for it, and a filter the kernel has none for is refused.
func TestDumpFilterRequest(t *testing.T) {
	attrs := func(m nlsock.Message, hdr int) map[uint16][]byte {
		out := map[uint16][]byte{}
		as, err := nlsock.ParseAttrs(m.Payload[hdr:])
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			out[a.Type] = a.Data
		}
		return out
	}
	m, err := DumpFilter{Family: AF_INET, Table: 1000, Protocol: RTPROT_STATIC, Type: RTN_UNICAST, OIF: 7}.Request(RTM_GETROUTE)
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Flags&nlsock.FlagDump != nlsock.FlagDump || m.Header.Type != RTM_GETROUTE {
		t.Fatalf("header %+v", m.Header)
	}
	p := m.Payload
	if p[0] != AF_UNSPEC || p[4] != 0 || p[5] != RTPROT_STATIC || p[7] != RTN_UNICAST {
		t.Fatalf("rtmsg % x: a table filter asks every family (no ENOENT), table 1000 only as RTA_TABLE", p[:RtMsgLen])
	}
	a := attrs(m, RtMsgLen)
	if binary.NativeEndian.Uint32(a[RTA_TABLE]) != 1000 || binary.NativeEndian.Uint32(a[RTA_OIF]) != 7 {
		t.Fatalf("attributes %v", a)
	}
	if m, _ := (DumpFilter{Family: AF_INET6}).Request(RTM_GETROUTE); m.Payload[0] != AF_INET6 {
		t.Fatal("family without a table is the kernel's")
	}
	m, err = DumpFilter{Master: 3, Kind: "veth"}.Request(RTM_GETLINK)
	if err != nil {
		t.Fatal(err)
	}
	a = attrs(m, IfInfoMsgLen)
	if binary.NativeEndian.Uint32(a[IFLA_MASTER]) != 3 || !strings.Contains(string(a[IFLA_LINKINFO]), "veth") {
		t.Fatalf("link attributes %v", a)
	}
	m, _ = DumpFilter{IfIndex: 9}.Request(RTM_GETADDR)
	if binary.NativeEndian.Uint32(m.Payload[4:]) != 9 {
		t.Fatal("ifa_index")
	}
	m, _ = DumpFilter{IfIndex: 9, Master: 4}.Request(RTM_GETNEIGH)
	if a = attrs(m, NdMsgLen); binary.NativeEndian.Uint32(a[NDA_IFINDEX]) != 9 || binary.NativeEndian.Uint32(a[NDA_MASTER]) != 4 {
		t.Fatalf("neighbour attributes %v", a)
	}
	for _, bad := range []struct {
		f   DumpFilter
		typ uint16
	}{
		{DumpFilter{Family: AF_INET}, RTM_GETLINK},
		{DumpFilter{Table: 1}, RTM_GETRULE},
		{DumpFilter{OIF: 1}, RTM_GETADDR},
		{DumpFilter{Kind: "veth"}, RTM_GETNEIGH},
		{DumpFilter{}, RTM_NEWLINK},
	} {
		if _, err := bad.f.Request(bad.typ); err == nil {
			t.Errorf("%+v for %s: no error", bad.f, MessageTypeName(bad.typ))
		}
	}
}

// TestDumpFilterMatch: the replies are checked again on what they show.
func TestDumpFilterMatch(t *testing.T) {
	var e nlsock.AttrEncoder
	e.Uint32(RTA_TABLE, 1000)
	e.Uint32(RTA_OIF, 7)
	route := append([]byte{AF_INET, 32, 0, 0, 252, RTPROT_STATIC, 0, RTN_UNICAST, 0, 0, 0, 0}, e.Bytes()...)
	for _, tt := range []struct {
		f    DumpFilter
		want bool
	}{
		{DumpFilter{}, true},
		{DumpFilter{Table: 1000, OIF: 7, Protocol: RTPROT_STATIC, Type: RTN_UNICAST, Family: AF_INET}, true},
		{DumpFilter{Table: 252}, false}, // RTA_TABLE wins over rtm_table
		{DumpFilter{OIF: 8}, false},
		{DumpFilter{Family: AF_INET6}, false},
		{DumpFilter{Protocol: RTPROT_BOOT}, false},
	} {
		if got := tt.f.Match(RTM_NEWROUTE, route); got != tt.want {
			t.Errorf("%+v: %v, want %v", tt.f, got, tt.want)
		}
	}
}
