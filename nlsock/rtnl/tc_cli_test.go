package rtnl_test

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// kernelSpecMisreads are the values the kernel's CLI decodes wrongly with
// Linux 6.12's tc.yaml (see kernelTcDifferences in nlsock/ynl/builtin),
// or cannot decode because that spec lacks the kind: left out of the
// comparison, each for its reason.
var kernelSpecMisreads = map[string]string{
	"htb options.parms": "tc_ratespec is 12 bytes, the kernel spec reads 9",
	"tbf options.parms": "tc_ratespec is 12 bytes, the kernel spec reads 9",
	"u32 options.sel":   "tc_u32_sel has a pad byte before offmask; the kernel spec has none",
}

// htbStatsFormat adds to a copy of the kernel's tc.yaml what it lacks to
// decode an htb class at all: its CLI stops with "No message format for
// 'htb' in sub-message spec 'tca-stats-app-msg'". The format is struct
// tc_htb_xstats of pkt_sched.h; nothing else of the spec changes.
const htbStatsFormat = `
import sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
spec["definitions"].append({"name": "tc-htb-xstats", "type": "struct", "members": [
    {"name": n, "type": t} for n, t in
    [("lends", "u32"), ("borrows", "u32"), ("giants", "u32"), ("tokens", "s32"), ("ctokens", "s32")]]})
for sm in spec["sub-messages"]:
    if sm["name"] == "tca-stats-app-msg":
        sm["formats"].append({"value": "htb", "fixed-header": "tc-htb-xstats"})
out = open(sys.argv[2], "w")
out.write(open(sys.argv[1]).readline())  # the SPDX line the CLI insists on
yaml.safe_dump(spec, out)
`

// TestTcAgreesWithKernelCLI dumps qdiscs, classes and filters of the tc
// scenario with the kernel's own CLI and its tc.yaml (--dump getqdisc,
// ...) and with nlsh's description (the CLI-shaped view), and compares
// them value for value, but for what the kernel spec misreads.
func TestTcAgreesWithKernelCLI(t *testing.T) {
	cli := ynltest.NewCLI(t)
	n := newTCNS(t)
	patched := filepath.Join(t.TempDir(), "tc.yaml")
	schema := filepath.Join(nlsocktest.KernelYNL(t), "Documentation", "netlink", "netlink-raw.yaml")
	if out, err := exec.Command(ynltest.Python, "-c", htbStatsFormat, ynltest.SpecPath(t, "tc"), patched).CombinedOutput(); err != nil {
		t.Fatalf("patching the kernel's tc.yaml: %v\n%s", err, out)
	}
	v0 := n.ifindex(t, "v0")
	spec := builtin.MustSpec("tc")
	for _, tt := range []struct {
		op      string
		typ     uint16
		hdr     string // the fixed header as the CLI takes it
		ifindex int32
		parent  uint32
	}{
		{"getqdisc", rtnl.RTM_GETQDISC, "", 0, 0},
		{"gettclass", rtnl.RTM_GETTCLASS, fmt.Sprintf(`{"ifindex": %d}`, v0), v0, 0},
		{"gettfilter", rtnl.RTM_GETTFILTER, fmt.Sprintf(`{"ifindex": %d, "parent": 65536}`, v0), v0, 0x10000},
		{"gettfilter", rtnl.RTM_GETTFILTER, fmt.Sprintf(`{"ifindex": %d, "parent": %d}`, v0, 0xfffffff2), v0, 0xfffffff2},
	} {
		args := []string{"--spec", patched, "--schema", schema, "--dump", tt.op, "--output-json"}
		if tt.hdr != "" {
			args = append(args, "--json", tt.hdr)
		}
		want := cli.Run(t, n.ns.NetNS(), 20*time.Second, args...).JSON(t)
		if len(want) != 1 {
			t.Fatalf("%s: the CLI printed %d values, want one list", tt.op, len(want))
		}
		wantList, _ := want[0].([]any)
		req := nlsock.Message{Header: nlsock.Header{Type: tt.typ, Flags: nlsock.FlagRequest | nlsock.FlagDump}, Payload: make([]byte, rtnl.TcMsgLen)}
		b, _ := rtnl.TCRequest(tt.typ, 0, rtnl.TCSpec{Ifindex: tt.ifindex, Parent: tt.parent})
		req.Payload = b.Payload
		msgs, err := rtnl.Dump(ctx(t), n.sock, req)
		if err != nil {
			t.Fatal(err)
		}
		op, _ := spec.Op(tt.op)
		if len(msgs) != len(wantList) || len(msgs) == 0 {
			t.Fatalf("%s: %d messages, the CLI shows %d", tt.op, len(msgs), len(wantList))
		}
		for i, m := range msgs {
			obj, err := spec.View(op, m.Payload, ynl.ViewOptions{})
			if err != nil {
				t.Fatalf("%s %d: %v", tt.op, i, err)
			}
			line, _ := ynl.AppendJSON(nil, obj)
			var got map[string]any
			dec := json.NewDecoder(strings.NewReader(string(line)))
			dec.UseNumber()
			if err := dec.Decode(&got); err != nil {
				t.Fatal(err)
			}
			w, _ := wantList[i].(map[string]any)
			kind, _ := got["kind"].(string)
			dropMisread(kind, w, got)
			if d := ynltest.Diff(w, got); d != "" {
				t.Errorf("%s %d (%s) differs from the kernel's CLI (-cli +nlsh):\n%s", tt.op, i, kind, d)
			}
		}
	}
}

// dropMisread removes from both sides what kernelSpecMisreads lists for
// kind, checking that it was there to remove.
func dropMisread(kind string, sides ...map[string]any) {
	for key := range kernelSpecMisreads {
		k, path, _ := strings.Cut(key, " ")
		if k != kind {
			continue
		}
		for _, side := range sides {
			parts := strings.Split(path, ".")
			m := side
			for _, p := range parts[:len(parts)-1] {
				m, _ = m[p].(map[string]any)
			}
			delete(m, parts[len(parts)-1])
		}
	}
}
