package builtin

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// TestDescriptionsAgreeWithKernelCLI dumps real objects (nexthops,
// netconf, neighbours, rules, conntrack entries) with nlsh's descriptions
// twice: through the ynl engine's CLI view and through the kernel's own
// CLI (tools/net/ynl/cli.py) reading the same description, and compares
// the JSON. The kernel's CLI wants an SPDX line and finds its schema
// beside the spec, so it reads a copy with one, and --schema.
func TestDescriptionsAgreeWithKernelCLI(t *testing.T) {
	cli := ynltest.NewCLI(t)
	nlsocktest.LookPath(t, "conntrack", "conntrack")
	ns := nlsocktest.NewNamespace(t).NetNS()
	for _, c := range []string{
		"ip link set lo up", "ip link add v0 type veth peer name v1", "ip link set v0 up", "ip link set v1 up",
		"ip addr add 10.0.0.1/24 dev v0", "ip nexthop add id 1 via 10.0.0.2 dev v0",
		"ip nexthop add id 2 via 10.0.0.3 dev v0", "ip nexthop add id 3 group 1,4/2",
		"ip nexthop add id 4 group 1/2 type resilient buckets 8", "ip nexthop add id 5 blackhole",
		"ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev v0",
		"ip rule add from 10.1.0.0/16 fwmark 0x5/0xff iif lo table 200 priority 100",
		"ip rule add priority 101 blackhole", "ip -6 rule add from 2001:db8::/32 table 7 priority 50",
		"conntrack -I -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 4000 --dport 80 --state ESTABLISHED -t 300 -u SEEN_REPLY,ASSURED -m 3",
		"conntrack -I -p udp -s 10.0.0.1 -d 10.0.0.3 --sport 5000 --dport 53 -t 300 -w 2",
	} {
		f := strings.Fields(c)
		if _, err := exec.LookPath(f[0]); err != nil {
			continue // conntrack missing and not required: its dump is empty
		}
		cmd := exec.Command(f[0], f[1:]...)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := ns.Run(cmd); err != nil {
			t.Fatalf("%s: %v\n%s", c, err, out.String())
		}
	}
	schemas := filepath.Join(cli.Dir, "Documentation", "netlink")
	for _, c := range []struct {
		name, op string
		attrs    ynl.Attrs
		json     string
	}{
		{"rt-nexthop", "getnexthop", nil, ""},
		{"rt-netconf", "getnetconf", ynl.Attrs{"ncm-family": 2}, `{"ncm-family": 2}`},
		{"rt-netconf", "getnetconf", ynl.Attrs{"ncm-family": 10}, `{"ncm-family": 10}`},
		{"rt-neigh", "getneigh", ynl.Attrs{"ndm-family": 2}, `{"ndm-family": 2}`},
		{"rt-rule", "getrule", ynl.Attrs{"family": 2}, `{"family": 2}`},
		{"rt-rule", "getrule", ynl.Attrs{"family": 10}, `{"family": 10}`},
		{"conntrack", "get", nil, ""},
		{"nlctrl", "getfamily", nil, ""},
		{"nlctrl", "getpolicy", ynl.Attrs{"family-name": "nlctrl"}, `{"family-name": "nlctrl"}`},
	} {
		t.Run(c.name+" "+c.json, func(t *testing.T) {
			spec, err := Spec(c.name)
			if err != nil {
				t.Fatal(err)
			}
			_, _, ours := dumpViewJSON(t, ns, spec, c.op, c.attrs)
			text, _ := descriptions.ReadFile("descriptions/" + c.name + ".yaml")
			copyPath := filepath.Join(t.TempDir(), c.name+".yaml")
			if err := os.WriteFile(copyPath, append([]byte("# SPDX-License-Identifier: MIT\n"), text...), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"--spec", copyPath, "--schema", filepath.Join(schemas, spec.Protocol+".yaml"),
				"--dump", c.op, "--process-unknown", "--output-json"}
			if c.json != "" {
				args = append(args, "--json", c.json)
			}
			r := cli.Run(t, ns, 30*time.Second, args...)
			want := r.JSON(t)
			if len(want) != 1 {
				t.Fatalf("kernel CLI printed %d values, want 1:\n%s%s", len(want), r.Stdout, r.Stderr)
			}
			// conntrack's timeout runs down, a neighbour's cacheinfo ages
			w, g := withoutKey(withoutKey(want[0], "timeout"), "cacheinfo"), withoutKey(withoutKey(ours, "timeout"), "cacheinfo")
			if list, _ := w.([]any); len(list) == 0 {
				t.Fatalf("the kernel CLI dumped nothing: the test proves nothing\n%s", r.Stdout)
			}
			if diff := ynltest.Diff(w, g); diff != "" {
				t.Errorf("dump %s %s (-kernel CLI +ynl):\n%s", c.name, c.op, diff)
			}
		})
	}
}

// withoutKey drops key from every object of a parsed JSON value.
func withoutKey(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			if k != key {
				out[k] = withoutKey(val, key)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = withoutKey(item, key)
		}
		return out
	}
	return v
}
