package ynl

import (
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// viewJSON is what `nlsh ynl --output-json` prints for v, parsed back.
func viewJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := AppendJSON(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := ynltest.ParseJSONLines(string(b))
	if err != nil || len(vals) != 1 {
		t.Fatalf("our JSON %s: %v", b, err)
	}
	return vals[0]
}

// TestViewAgreesWithKernelCLI dumps with the CLI view and with the
// kernel's own CLI in the same namespace and compares the JSON.
func TestViewAgreesWithKernelCLI(t *testing.T) {
	tests := []struct {
		name, family, op string
		setup            [][]string
	}{
		{"rt-link getlink", "rt-link", "getlink", [][]string{
			{"ip", "link", "add", "ynl0", "type", "veth", "peer", "name", "ynl1"},
			{"ip", "link", "add", "br0", "type", "bridge"},
		}},
		{"rt-addr getaddr", "rt-addr", "getaddr", [][]string{
			{"ip", "link", "set", "lo", "up"},
			{"ip", "addr", "add", "192.0.2.1/24", "dev", "lo"},
			{"ip", "addr", "add", "2001:db8::1/64", "dev", "lo", "nodad"},
		}},
		{"netdev dev-get", "netdev", "dev-get", [][]string{
			{"ip", "link", "add", "ynl0", "type", "veth", "peer", "name", "ynl1"},
		}},
	}
	cli := ynltest.NewCLI(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ns := kernelTreeClient(t, tt.family)
			for _, argv := range tt.setup {
				runIn(t, ns, argv...)
			}
			got, err := c.CallView(testCtx(t), tt.op, true, nil, 0, ViewOptions{})
			if err != nil {
				t.Fatal(err)
			}
			r := cli.Run(t, ns.NetNS(), 30*time.Second, append(cli.SpecArgs(t, tt.family),
				"--dump", tt.op, "--process-unknown", "--output-json")...)
			want := r.JSON(t)
			if len(want) != 1 {
				t.Fatalf("kernel CLI printed %d values, want 1:\n%s", len(want), r.Stdout)
			}
			if diff := ynltest.Diff(want[0], viewJSON(t, got)); diff != "" {
				t.Errorf("dump %s (-kernel CLI +ynl):\n%s", tt.op, diff)
			}
		})
	}
}
