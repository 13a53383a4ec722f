package ynl

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
	"golang.org/x/sys/unix"
)

// kernelTreeClient binds the kernel tree's spec of family to a socket of
// its protocol in a fresh namespace.
func kernelTreeClient(t *testing.T, family string) (*Client, *nlsock.Namespace) {
	t.Helper()
	spec, err := Load(ynltest.SpecPath(t, family))
	if err != nil {
		t.Fatal(err)
	}
	return mustClientInNewNS(t, spec)
}

// TestRawMessageTypesAre16Bits: nftables' message types start at 0x0a00;
// kept in 8 bits they became 1 (NLMSG_NOOP).
func TestRawMessageTypesAre16Bits(t *testing.T) {
	spec, err := Load(ynltest.SpecPath(t, "nftables"))
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{Spec: spec}
	_, req, err := c.Request("gettable", false, Attrs{"name": "t"})
	if err != nil || req.Header.Type != 0x0a01 {
		t.Fatalf("gettable request type %#x, %v; want 0xa01", req.Header.Type, err)
	}
	reply := nlsock.Message{Header: nlsock.Header{Type: 0x0a00}, Payload: make([]byte, 4)}
	if !c.Owns(reply) {
		t.Errorf("Owns(type 0xa00) = false, want a gettable reply")
	}
	dm, err := c.Decode(reply)
	if err != nil || dm.Op != "gettable" || dm.Cmd != 0x0a00 {
		t.Errorf("Decode(type 0xa00) = %+v, %v; want gettable, cmd 0xa00", dm, err)
	}
}

// TestNftablesGettableNoSuchTable: the kernel says ENOENT, as it does to
// the kernel's own CLI.
func TestNftablesGettableNoSuchTable(t *testing.T) {
	c, ns := kernelTreeClient(t, "nftables")
	_, err := c.Do(testCtx(t), "gettable", Attrs{"name": "nosuch"})
	if !errors.Is(err, unix.ENOENT) {
		t.Fatalf("gettable nosuch: %v, want ENOENT", err)
	}
	cli := ynltest.NewCLI(t)
	r := cli.Run(t, ns.NetNS(), 20*time.Second, append(cli.SpecArgs(t, "nftables"),
		"--do", "gettable", "--json", `{"name": "nosuch"}`, "--output-json")...)
	if e := r.Error(t); !strings.EqualFold(e.Text, unix.ENOENT.Error()) {
		t.Errorf("kernel CLI: %q, want %q", e.Text, unix.ENOENT.Error())
	}
}
