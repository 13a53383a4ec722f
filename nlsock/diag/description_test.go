package diag

import (
	"encoding/binary"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	"golang.org/x/sys/unix"
)

// TestDescriptionFitsKernelReplies dumps real sockets asking for every
// extension (idiag_ext all ones, every UDIAG_SHOW_ bit) and decodes each
// reply through the sock-diag description with ynl's generic decoder:
// every attribute the kernel sends must be known, of the length its type
// says (structs of their size), and the attributes a listening TCP socket always gets (meminfo,
// info, cong, tos, skmeminfo, shutdown) must be there. This checks the
// description against the kernel, not against nlsh's own decoder. Netlink
// sockets, which only the description covers, are dumped too.
func TestDescriptionFitsKernelReplies(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	startSockets(t, ns.NetNS(), filepath.Join(t.TempDir(), "s.sock"))
	s := nlsocktest.Open(t, unix.NETLINK_SOCK_DIAG, ns.NetNS())
	// a netlink socket in a multicast group, whose dump carries groups
	if err := nlsocktest.Open(t, unix.NETLINK_ROUTE, ns.NetNS()).Join(unix.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}
	spec := builtin.MustSpec("sock-diag")
	seen := map[string]bool{}
	for _, c := range []struct {
		op  string
		req []byte
	}{
		{"inet", InetRequest{Family: FamilyINet, Protocol: ProtoTCP, Ext: 0xff, States: AllStates}.Append(nil)},
		{"inet", InetRequest{Family: FamilyINet6, Protocol: ProtoTCP, Ext: 0xff, States: AllStates}.Append(nil)},
		{"inet", InetRequest{Family: FamilyINet, Protocol: ProtoUDP, Ext: 0xff, States: AllStates}.Append(nil)},
		{"unix", UnixRequest{States: AllStates, Show: 0x7f}.Append(nil)},
		{"netlink", netlinkDiagReq()},
	} {
		op, err := spec.Op(c.op)
		if err != nil {
			t.Fatal(err)
		}
		reply, err := s.Request(testCtx(t), nlsock.Message{Header: nlsock.Header{Type: SockDiagByFamily, Flags: nlsock.FlagDump}, Payload: c.req})
		if err != nil {
			t.Fatal(err)
		}
		if len(reply.Messages) == 0 {
			t.Fatalf("%s dump: no sockets", c.op)
		}
		for i, m := range reply.Messages {
			dm, err := spec.DecodeReply(op, m.Header.Type, m.Payload)
			if err != nil {
				t.Errorf("%s socket %d: %v", c.op, i, err)
				continue
			}
			if raw, ok := dm.Attrs[ynl.UnknownKey]; ok {
				t.Errorf("%s socket %d: attributes the description lacks: %v", c.op, i, raw)
			}
			for k := range dm.Attrs {
				seen[c.op+"."+k] = true
			}
			// the generic decoder reads a struct a grown kernel sends
			// longer; these structs never grew
			it := nlsock.AttrIter{B: m.Payload[op.FixedHeader.Size:]}
			for typ, data, ok := it.Next(); ok; typ, data, ok = it.Next() {
				if a, ok := op.Set.ByType(typ); ok && a.Struct != nil && len(data) != a.Struct.Size {
					t.Errorf("%s socket %d: %s of %d bytes, the description's %s has %d", c.op, i, a.Name, len(data), a.Struct.Name, a.Struct.Size)
				}
			}
		}
	}
	for _, want := range []string{"inet.meminfo", "inet.info", "inet.cong", "inet.tos", "inet.skmeminfo", "inet.shutdown",
		"netlink.meminfo", "netlink.groups", "netlink.flags",
		"unix.name", "unix.peer", "unix.icons", "unix.rqlen", "unix.meminfo", "unix.shutdown", "unix.uid", "unix.vfs"} {
		if !seen[want] {
			var got []string
			for k := range seen {
				got = append(got, k)
			}
			t.Errorf("no reply carried %s (seen: %s)", want, strings.Join(got, ", "))
		}
	}
}

// netlinkDiagReq is a struct netlink_diag_req (netlink_diag.h) for a dump
// of every netlink socket with every NDIAG_SHOW_ bit but the obsolete
// ring's, written here byte by byte, independently of the description.
func netlinkDiagReq() []byte {
	b := []byte{unix.AF_NETLINK, 255, 0, 0}      // NDIAG_PROTO_ALL
	b = binary.NativeEndian.AppendUint32(b, 0)   // ino
	b = binary.NativeEndian.AppendUint32(b, 0xb) // MEMINFO, GROUPS, FLAGS
	return binary.NativeEndian.AppendUint64(b, ^uint64(0))
}
