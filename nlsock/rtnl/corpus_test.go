package rtnl_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// TestWriteFuzzCorpus refreshes testdata/fuzz with real kernel messages of
// the agreement namespace when NLSH_WRITE_CORPUS=1.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("NLSH_WRITE_CORPUS") != "1" {
		nlsocktest.Skip(t, "set NLSH_WRITE_CORPUS=1 to rewrite testdata/fuzz from the kernel")
	}
	n := agreementNS(t)
	for _, d := range []struct {
		target string
		req    func() nlsock.Message
		keep   int
	}{
		{"FuzzDecodeLink", rtnl.LinkDumpRequest, 6},
		{"FuzzDecodeAddress", rtnl.AddrDumpRequest, 6},
		{"FuzzDecodeRoute", rtnl.RouteDumpRequest, 12},
		{"FuzzDecodeNeighbour", rtnl.NeighDumpRequest, 6},
		{"FuzzDecodeRule", rtnl.RuleDumpRequest, 6},
	} {
		msgs, err := rtnl.Dump(ctx(t), n.sock, d.req())
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join("testdata", "fuzz", d.target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		step := max(len(msgs)/d.keep, 1)
		for i := 0; i < len(msgs); i += step {
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", msgs[i].Payload)
			name := filepath.Join(dir, fmt.Sprintf("kernel-%s-%d", rtnl.MessageTypeName(msgs[i].Header.Type), i))
			if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
