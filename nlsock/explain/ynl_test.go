package explain_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// specDir is the kernel's own spec files (scripts/kernel-ynl.sh); never
// copied into the repository.
func specDir(t *testing.T) string {
	t.Helper()
	return nlsocktest.KernelSpecs(t)
}

// TestGenlSpec explains a netdev dev-get reply from the kernel with the
// netdev spec naming its command, attributes and flag values.
func TestGenlSpec(t *testing.T) {
	spec, err := ynl.LoadFamily("netdev", []string{specDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	ns := nlsocktest.NewNamespace(t).NetNS()
	s, err := nlsock.Open(unix.NETLINK_GENERIC, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	fam, err := genl.GetFamily(ctx, s, "netdev")
	if err != nil {
		nlsocktest.Skipf(t, "no netdev family in this kernel: %v", err)
	}
	op, err := spec.Op("dev-get")
	if err != nil {
		t.Fatal(err)
	}
	reply, err := genl.Execute(ctx, s, fam.ID, genl.Header{Command: uint8(op.ReqValue), Version: 1}, nlsock.FlagDump, nil)
	if err != nil || len(reply.Messages) == 0 {
		t.Fatalf("dev-get dump: %v (%d messages)", err, len(reply.Messages))
	}
	o := explain.Options{GenlFamilies: map[uint16]string{fam.ID: "netdev"}, GenlSpec: func(id uint16) *ynl.Spec {
		if id == fam.ID {
			return spec
		}
		return nil
	}}
	got := explain.Message(reply.Messages[0], unix.NETLINK_GENERIC, o)
	for _, w := range []string{`generic netlink family "netdev"`, "= dev-get (netdev spec)", "ifindex (type 1) len 8: 1", "xdp-features (type"} {
		if !strings.Contains(got, w) {
			t.Errorf("no %q in\n%s", w, got)
		}
	}
	// the request side: the dump request is read as a GET
	req := nlsock.Message{Header: nlsock.Header{Type: fam.ID, Flags: nlsock.FlagRequest | nlsock.FlagDump},
		Payload: genl.Header{Command: uint8(op.ReqValue), Version: 1}.Append(nil)}
	if got := explain.Message(req, unix.NETLINK_GENERIC, o); !strings.Contains(got, "REQUEST|DUMP (ROOT|MATCH)   [GET") {
		t.Errorf("request:\n%s", got)
	}
}
