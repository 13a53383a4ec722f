package explain_test

import (
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/diag"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

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
	} {
		reply, err := s.Request(ctx, nlsock.Message{Header: nlsock.Header{Type: diag.SockDiagByFamily, Flags: nlsock.FlagDump}, Payload: payload})
		if err != nil {
			t.Fatal(err)
		}
		text.WriteString(explain.Messages(reply.Messages, unix.NETLINK_SOCK_DIAG, explain.Options{NoHexDump: true}))
	}
	out := text.String()
	for _, want := range []string{
		"inet_diag_msg (72 bytes)", "idiag_family  2 = inet", "idiag_state   10 = LISTEN", "id.src        127.0.0.1",
		"id.sport      " + strconv.Itoa(port) + " (big-endian)", "INET_DIAG_SKMEMINFO (type 7) len 40: rmem_alloc 0,",
		`INET_DIAG_CONG (type 4)`, "unix_diag_msg (16 bytes)", "udiag_family  1 = unix", "udiag_type    1 = SOCK_STREAM",
		`UNIX_DIAG_NAME (type 0) len 27: "@nlsh-explain-diag-test" (abstract)`, "UNIX_DIAG_MEMINFO (type 5)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q", want)
		}
	}
	if unnamed := regexp.MustCompile(`attribute \d+ \(type`).FindAllString(out, -1); len(unnamed) > 0 {
		t.Errorf("unnamed attributes %q", unnamed)
	}
	if t.Failed() {
		t.Log(out)
	}
}
