package explain_test

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/diag"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

var capture = flag.Bool("capture", false, "rewrite testdata/msgs from the running kernel")

// fixedPID replaces the port ids the kernel filled in, so captures and
// their goldens do not change from run to run.
const fixedPID = 4242

// kernelMessages gets the messages of the golden tests from the kernel, in
// a fresh namespace: name -> datagram bytes (one message each).
func kernelMessages(t *testing.T) map[string][]byte {
	t.Helper()
	ns := nlsocktest.NewNamespace(t).NetNS()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rt, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	out := map[string][]byte{}
	if err := rtnl.LinkAdd(ctx, rt, rtnl.LinkSpec{Name: "veth0", Kind: "veth", Peer: "veth1", Up: true,
		Address: []byte{0x02, 0, 0, 0, 0, 0x01}}); err != nil {
		t.Fatal(err)
	}
	idx, err := rtnl.LinkIndex(ctx, rt, "veth0")
	if err != nil {
		t.Fatal(err)
	}
	if err := rtnl.AddrAdd(ctx, rt, idx, netip.MustParsePrefix("10.1.2.3/24")); err != nil {
		t.Fatal(err)
	}
	out["route-link"] = first(t, ctx, rt, rtnl.LinkDumpRequest(), func(m nlsock.Message) bool {
		l, _ := rtnl.DecodeLink(m.Payload)
		return l.Name == "veth0"
	})
	out["route-addr"] = first(t, ctx, rt, rtnl.AddrDumpRequest(), func(m nlsock.Message) bool {
		a, _ := rtnl.DecodeAddress(m.Payload)
		return int32(a.Index) == idx && a.Family == rtnl.AF_INET
	})
	out["route-route"] = first(t, ctx, rt, rtnl.RouteDumpRequest(), func(m nlsock.Message) bool {
		r, _ := rtnl.DecodeRoute(m.Payload)
		return r.Table == 254 && r.Family == rtnl.AF_INET
	})
	out["route-erange-request"], out["route-erange"] = erange(t, ctx, rt)
	out["route-rule"] = first(t, ctx, rt, rtnl.RuleDumpRequest(), func(m nlsock.Message) bool {
		r, _ := rtnl.DecodeRule(m.Payload)
		return r.Family == rtnl.AF_INET && r.Table == 254
	})
	addNeighbour(t, ctx, rt, idx)
	out["route-neigh"] = first(t, ctx, rt, rtnl.NeighDumpRequest(), func(m nlsock.Message) bool {
		n, _ := rtnl.DecodeNeighbour(m.Payload)
		return n.Family == rtnl.AF_INET && n.IfIndex == idx
	})

	gs, err := nlsock.Open(unix.NETLINK_GENERIC, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer gs.Close()
	var ge nlsock.AttrEncoder
	ge.String(genl.AttrFamilyName, genl.CtrlName)
	get := nlsock.Message{Header: nlsock.Header{Type: genl.CtrlID},
		Payload: append(genl.Header{Command: genl.CmdGetFamily, Version: 1}.Append(nil), ge.Bytes()...)}
	out["genl-newfamily"] = first(t, ctx, gs, get, func(nlsock.Message) bool { return true })

	nf, err := nlsock.Open(unix.NETLINK_NETFILTER, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer nf.Close()
	if err := nft.AddTable(ctx, nf, nft.FamilyINet, "filter"); err != nil {
		t.Fatal(err)
	}
	dump := nlsock.Message{Header: nlsock.Header{Type: nft.Type(nft.MsgGetTable), Flags: nlsock.FlagDump},
		Payload: nft.Header{Family: nft.FamilyUnspec}.Append(nil)}
	out["nft-table"] = first(t, ctx, nf, dump, func(nlsock.Message) bool { return true })
	return out
}

// addNeighbour adds a permanent neighbour 10.1.2.9 on link idx.
func addNeighbour(t *testing.T, ctx context.Context, s *nlsock.Socket, idx int32) {
	t.Helper()
	nd := make([]byte, rtnl.NdMsgLen)
	nd[0] = rtnl.AF_INET
	binary.NativeEndian.PutUint32(nd[4:], uint32(idx))
	binary.NativeEndian.PutUint16(nd[8:], 0x80) // NUD_PERMANENT
	var e nlsock.AttrEncoder
	e.Raw(unix.NDA_DST, []byte{10, 1, 2, 9})
	e.Raw(unix.NDA_LLADDR, []byte{0x02, 0, 0, 0, 0, 0x09})
	m := nlsock.Message{Header: nlsock.Header{Type: rtnl.RTM_NEWNEIGH, Flags: nlsock.FlagCreate | nlsock.FlagExcl},
		Payload: append(nd, e.Bytes()...)}
	if _, err := s.Request(ctx, m); err != nil {
		t.Fatal(err)
	}
}

// first runs a request and returns the first reply message that matches,
// with its port id fixed.
func first(t *testing.T, ctx context.Context, s *nlsock.Socket, m nlsock.Message, match func(nlsock.Message) bool) []byte {
	t.Helper()
	reply, err := s.Request(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reply.Messages {
		if match(r) {
			r.Header.PortID = fixedPID
			r.Header.Seq = 1
			return nlsock.AppendMessage(nil, r)
		}
	}
	t.Fatalf("no reply message matched among %d", len(reply.Messages))
	return nil
}

// erange sends RTM_NEWLINK with a 39-byte IFLA_IFNAME (34 characters and
// the NUL: longer than IFNAMSIZ) and returns the request and the kernel's
// NLMSG_ERROR, raw.
func erange(t *testing.T, ctx context.Context, s *nlsock.Socket) (req, reply []byte) {
	t.Helper()
	var e nlsock.AttrEncoder
	e.String(unix.IFLA_IFNAME, strings.Repeat("x", 34))
	m := nlsock.Message{Header: nlsock.Header{Type: rtnl.RTM_NEWLINK,
		Flags: nlsock.FlagRequest | nlsock.FlagAck | nlsock.FlagCreate | nlsock.FlagExcl, Seq: 7},
		Payload: append(make([]byte, rtnl.IfInfoMsgLen), e.Bytes()...)}
	req = nlsock.AppendMessage(nil, m)
	if err := s.SendRaw(ctx, req); err != nil {
		t.Fatal(err)
	}
	for {
		r, err := s.Receive(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.Header.Type == nlsock.TypeError && r.Header.Seq == 7 {
			r.Header.PortID = fixedPID
			return req, nlsock.AppendMessage(nil, r)
		}
	}
}

// TestKernelMessages explains messages fresh from the kernel and checks
// the lines a student looks for; with -capture it stores them for
// TestGolden.
func TestKernelMessages(t *testing.T) {
	msgs := kernelMessages(t)
	want := map[string][]string{
		"route-link": {"nlmsg_type    16 = RTM_NEWLINK", "ifinfomsg (16 bytes)", `IFLA_IFNAME (type 3) len 10: "veth0"`,
			"IFLA_ADDRESS (type 1) len 10: 02:00:00:00:00:01", `IFLA_INFO_KIND (type 1) len 9: "veth"`},
		"route-addr":  {"RTM_NEWADDR", "ifa_prefixlen 24", "IFA_LOCAL (type 2) len 8: 10.1.2.3"},
		"route-route": {"RTM_NEWROUTE", "rtm_table     254 = main", "RTA_DST (type 1) len 8: 10.1.2.0"},
		"route-rule":  {"RTM_NEWRULE", "fib_rule_hdr (12 bytes)", "action        1 = ", "FRA_TABLE (type 15) len 8: 254 = main", "FRA_PRIORITY (type 6) len 8: 32766"},
		"route-neigh": {"RTM_NEWNEIGH", "ndmsg (12 bytes)", "ndm_state     0x0080 = permanent", "NDA_DST (type 1) len 8: 10.1.2.9",
			"NDA_LLADDR (type 2) len 10: 02:00:00:00:00:09"},
		"route-erange": {"-34 = ERANGE", "NLMSGERR_ATTR_OFFS (type 2) len 8: 32 → IFLA_IFNAME (type 3, 39 bytes)",
			"<-- the ext-ack offset points here", "in short: ERANGE"},
		"genl-newfamily": {"GENL_ID_CTRL", "cmd           1 = CTRL_CMD_NEWFAMILY", `CTRL_ATTR_FAMILY_NAME (type 2) len 11: "nlctrl"`,
			"CTRL_ATTR_OP_FLAGS"},
		"nft-table": {"NFT_MSG_NEWTABLE", "nfgen_family  1 = inet", `NFTA_TABLE_NAME (type 1) len 11: "filter"`},
	}
	for name, lines := range want {
		got := explain.Bytes(msgs[name], protoOf(name), explain.Options{})
		for _, l := range lines {
			if !strings.Contains(got, l) {
				t.Errorf("%s: no %q in\n%s", name, l, got)
			}
		}
	}
	if *capture {
		for name, b := range msgs {
			if err := os.WriteFile(filepath.Join("testdata", "msgs", name+".bin"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestKernelError explains a *nlsock.KernelError from Request: the
// ext-ack offset is found in the request as sent.
func TestKernelError(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var e nlsock.AttrEncoder
	e.String(unix.IFLA_IFNAME, strings.Repeat("x", 34))
	m := nlsock.Message{Header: nlsock.Header{Type: rtnl.RTM_NEWLINK, Flags: nlsock.FlagCreate | nlsock.FlagExcl},
		Payload: append(make([]byte, rtnl.IfInfoMsgLen), e.Bytes()...)}
	_, err = s.Request(context.Background(), m)
	var ke *nlsock.KernelError
	if !errors.As(err, &ke) || !errors.Is(err, unix.ERANGE) {
		t.Fatalf("got %v, want an ERANGE kernel error", err)
	}
	got := explain.Error(ke, unix.NETLINK_ROUTE, explain.Options{})
	for _, l := range []string{"ERANGE", "offset 32 → IFLA_IFNAME (type 3, 39 bytes)", "<-- the ext-ack offset points here"} {
		if !strings.Contains(got, l) {
			t.Errorf("no %q in\n%s", l, got)
		}
	}
}

func protoOf(name string) int {
	switch {
	case strings.HasPrefix(name, "route"):
		return unix.NETLINK_ROUTE
	case strings.HasPrefix(name, "genl"):
		return unix.NETLINK_GENERIC
	case strings.HasPrefix(name, "nft"):
		return unix.NETLINK_NETFILTER
	case strings.HasPrefix(name, "diag"):
		return unix.NETLINK_SOCK_DIAG
	}
	return explain.Unknown
}

// TestExplainDiagRepliesByDescription explains the kernel's inet and
// unix socket dumps (of this test's own listeners) through sock-diag.yaml:
// the fixed headers are its structs (inet_diag_sockid's members nested
// under id.), the attributes its sets, every one named.
func TestExplainDiagRepliesByDescription(t *testing.T) {
	tcp, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer tcp.Close()
	ux, err := net.Listen("unix", "@nlsh-explain-diag-test")
	if err != nil {
		t.Fatal(err)
	}
	defer ux.Close()
	port := tcp.Addr().(*net.TCPAddr).Port
	s := nlsocktest.Open(t, unix.NETLINK_SOCK_DIAG, nlsock.Host())
	ctx := nlsocktest.Context(t, 10*time.Second)
	var text strings.Builder
	for _, payload := range [][]byte{
		diag.InetRequest{Family: diag.FamilyINet, Protocol: diag.ProtoTCP, States: 1 << 10, Ext: 0xff}.Append(nil),
		diag.UnixRequest{States: 1 << 10, Show: 0x7f}.Append(nil),
		netlinkDiagReq(),
	} {
		reply, err := s.Request(ctx, nlsock.Message{Header: nlsock.Header{Type: diag.SockDiagByFamily, Flags: nlsock.FlagDump}, Payload: payload})
		if err != nil {
			t.Fatal(err)
		}
		text.WriteString(explain.Messages(reply.Messages, unix.NETLINK_SOCK_DIAG, explain.Options{NoHexDump: true}))
	}
	out := text.String()
	checkExplained(t, out,
		"inet_diag_msg (72 bytes)", "idiag_family  2 = inet", "idiag_state   10 = LISTEN", "id.src        127.0.0.1",
		"id.sport      "+strconv.Itoa(port)+" (big-endian)", "INET_DIAG_SKMEMINFO (type 7) len 40: rmem_alloc 0,",
		`INET_DIAG_CONG (type 4)`, "unix_diag_msg (16 bytes)", "udiag_family  1 = unix", "udiag_type    1 = SOCK_STREAM",
		`UNIX_DIAG_NAME (type 0) len 27: "@nlsh-explain-diag-test" (abstract)`, "UNIX_DIAG_MEMINFO (type 5)",
		"netlink_diag_msg (28 bytes)", "ndiag_family  16 = netlink", "ndiag_protocol 0 = route", "ndiag_state   7 = UNCONN",
		"NETLINK_DIAG_MEMINFO (type 0) len 40: rmem_alloc",
	)
}

// TestExplainMultipath explains a real multipath route: each struct
// rtnexthop read by the rt-route description's layout, its weight and
// device, then its own route attributes.
func TestExplainMultipath(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	nlsocktest.RunAll(t, ns, "ip link add v0 type veth peer name v1", "ip link set v0 up", "ip link set v1 up",
		"ip addr add 10.0.0.1/24 dev v0", "ip route add 10.9.0.0/16 nexthop via 10.0.0.2 dev v0 weight 3 onlink nexthop via 10.0.0.3 dev v0 onlink")
	s := nlsocktest.Open(t, unix.NETLINK_ROUTE, ns)
	reply, err := s.Request(nlsocktest.Context(t, 10*time.Second), nlsock.Message{
		Header:  nlsock.Header{Type: rtnl.RTM_GETROUTE, Flags: nlsock.FlagDump},
		Payload: make([]byte, 12)})
	if err != nil {
		t.Fatal(err)
	}
	out := explain.Messages(reply.Messages, unix.NETLINK_ROUTE, explain.Options{NoHexDump: true})
	checkExplained(t, out,
		"RTA_MULTIPATH (type 9) len 36: 32 bytes",
		"nexthop: rtnh-len 16, rtnh-flags 4, rtnh-hops 2, rtnh-ifindex ", "RTA_GATEWAY (type 5) len 8: 10.0.0.2",
		"nexthop: rtnh-len 16, rtnh-flags 4, rtnh-hops 0, rtnh-ifindex ", "RTA_GATEWAY (type 5) len 8: 10.0.0.3",
	)
}
