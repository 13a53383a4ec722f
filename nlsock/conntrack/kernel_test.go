package conntrack_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/conntrack"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// entries inserts conntrack entries with conntrack -I (the tool's own
// ctnetlink requests) in a fresh namespace and returns a netfilter socket
// there.
func entries(t *testing.T) (*nlsock.Socket, nlsock.NetNS) {
	t.Helper()
	nlsocktest.LookPath(t, "conntrack", "conntrack")
	ns := nlsocktest.NewNamespace(t).NetNS()
	nlsocktest.RunAll(t, ns,
		"conntrack -I -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 4000 --dport 80 --state ESTABLISHED -t 100 -u SEEN_REPLY,ASSURED -m 7",
		"conntrack -I -p udp -s 10.0.0.1 -d 10.0.0.3 --sport 5000 --dport 53 -t 30 -w 3",
		"conntrack -I -p icmpv6 -s fd00::1 -d fd00::2 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 9 -t 30")
	return nlsocktest.Open(t, unix.NETLINK_NETFILTER, ns), ns
}

func ctx(t *testing.T) context.Context { return nlsocktest.Context(t, 5*time.Second) }

// List reads back what conntrack -I inserted, with the filters the
// kernel applies (family, mark, zone), and Flush removes a family's.
func TestListAndFlush(t *testing.T) {
	s, _ := entries(t)
	all, err := conntrack.List(ctx(t), s, conntrack.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range all {
		o := e["orig"].(ynl.Attrs)
		lines = append(lines, fmt.Sprintf("%v %v %v %v>%v %v %v %v %v", e["family"], e["protocol"], e["state"], o["src"], o["dst"],
			o["dport"], o["icmp_type"], e["mark"], e["zone"]))
	}
	got := strings.Join(lines, "\n")
	nlsocktest.ContainsAll(t, "List", got, "inet tcp ESTABLISHED 10.0.0.1>10.0.0.2 80 <nil> 7 <nil>",
		"inet udp <nil> 10.0.0.1>10.0.0.3 53 <nil> 0 3", "inet6 icmpv6 <nil> fd00::1>fd00::2 <nil> 128 0 <nil>")
	mark, zone := uint32(7), uint16(3)
	for _, c := range []struct {
		o    conntrack.Options
		want int
	}{{conntrack.Options{Family: unix.AF_INET6}, 1}, {conntrack.Options{Mark: &mark}, 1}, {conntrack.Options{Zone: &zone}, 1}} {
		got, err := conntrack.List(ctx(t), s, c.o)
		if err != nil || len(got) != c.want {
			t.Errorf("List(%+v) = %d entries (%v), want %d", c.o, len(got), err, c.want)
		}
	}
	if err := conntrack.Flush(ctx(t), s, conntrack.Options{Family: unix.AF_INET}); err != nil {
		t.Fatal(err)
	}
	left, err := conntrack.List(ctx(t), s, conntrack.Options{})
	if err != nil || len(left) != 1 || left[0]["family"] != "inet6" {
		t.Fatalf("after flushing inet: %v (%v), want the inet6 entry only", left, err)
	}
	if err := conntrack.Flush(ctx(t), s, conntrack.Options{Zone: &zone}); err == nil {
		t.Fatal("a flush by zone was accepted")
	}
}

// TestWriteFuzzCorpus refreshes testdata/fuzz/FuzzDecode with the entries
// the kernel dumps when NLSH_WRITE_CORPUS=1.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("NLSH_WRITE_CORPUS") != "1" {
		t.Skip("set NLSH_WRITE_CORPUS=1 to rewrite testdata/fuzz from the kernel")
	}
	s, _ := entries(t)
	reply, err := s.Request(ctx(t), nlsock.Message{Header: nlsock.Header{Type: conntrack.MsgGet, Flags: nlsock.FlagDump}, Payload: make([]byte, 4)})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzDecode")
	for i, m := range reply.Messages {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", m.Payload)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("kernel-%d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
