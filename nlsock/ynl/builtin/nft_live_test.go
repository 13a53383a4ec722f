package builtin

import (
	"fmt"
	"math/bits"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// nftLiveRuleset is what the nft description must decode: tables of two
// families, base and regular chains, rules of several expressions, an
// interval set, a verdict map, and stateful objects of four types.
const nftLiveRuleset = `
table inet t {
	counter c1 { packets 5 bytes 300 }
	quota q1 { over 100 mbytes used 10 mbytes }
	limit l1 { rate 10/second burst 5 packets }
	ct helper h { type "ftp" protocol tcp; }
	set s { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 192.168.0.1 } }
	map m { type ipv4_addr : verdict; elements = { 10.1.1.1 : accept, 10.1.1.2 : jump sub } }
	chain c {
		type filter hook input priority -5; policy drop;
		tcp dport 22 counter name "c1" accept
		ip saddr @s drop
		ip saddr vmap @m
	}
	chain sub { counter packets 5 bytes 300 return; }
}
table ip n {
	chain post { type nat hook postrouting priority 100; oifname "lo" masquerade; }
}
`

// TestNftAgreesWithKernelCLI dumps an nf_tables ruleset through nlsh's
// nft description and checks it two ways: the kernel's own CLI reading
// the same description prints the same JSON (tables, chains, rules with
// their expressions, sets, elements, objects); and the kernel's CLI with
// the kernel's 6.12 nftables.yaml agrees on the main fields both
// describe, names and values, but where that spec is wrong: its counters
// are host-order u64, so the kernel CLI prints a counter object's be64
// byte-swapped, which the test checks rather than ignores.
func TestNftAgreesWithKernelCLI(t *testing.T) {
	cli := ynltest.NewCLI(t)
	ns := nlsocktest.NewNamespace(t)
	file := filepath.Join(t.TempDir(), "live.nft")
	if err := os.WriteFile(file, []byte(nftLiveRuleset), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nlsocktest.LookPath(t, "nft", "nftables"), "-f", file)
	if out, err := runIn(ns.NetNS(), cmd); err != nil {
		t.Fatalf("nft -f: %v\n%s", err, out)
	}
	spec := MustSpec("nft")
	ourPath := spdxCopy(t, "nft")
	kernelPath, _ := kernelSpecPath(t, "nftables")
	schema := filepath.Join(cli.Dir, "Documentation", "netlink", "netlink-raw.yaml")
	cliDump := func(t *testing.T, path, op, json string) []any {
		r := cli.Run(t, ns.NetNS(), 30*time.Second, "--spec", path, "--schema", schema, "--dump", op,
			"--json", json, "--process-unknown", "--output-json")
		vals := r.JSON(t)
		if len(vals) != 1 {
			t.Fatalf("kernel CLI printed %d values, want 1:\n%s%s", len(vals), r.Stdout, r.Stderr)
		}
		l, _ := vals[0].([]any)
		return l
	}
	for _, c := range []struct {
		op    string
		attrs ynl.Attrs
		json  string
		want  int // objects dumped
	}{
		{"gettable", ynl.Attrs{"nfgen-family": 0}, `{"nfgen-family": 0}`, 2},
		{"getchain", ynl.Attrs{"nfgen-family": 0}, `{"nfgen-family": 0}`, 3},
		{"getrule", ynl.Attrs{"nfgen-family": 0}, `{"nfgen-family": 0}`, 5},
		{"getset", ynl.Attrs{"nfgen-family": 0}, `{"nfgen-family": 0}`, 2},
		{"getobj", ynl.Attrs{"nfgen-family": 0}, `{"nfgen-family": 0}`, 4},
		// the kernel ends an element dump with a reply of no elements
		{"getsetelem", ynl.Attrs{"nfgen-family": 1, "table": "t", "set": "m"}, `{"nfgen-family": 1, "table": "t", "set": "m"}`, 2},
	} {
		t.Run(c.op, func(t *testing.T) {
			_, _, v := dumpViewJSON(t, ns.NetNS(), spec, c.op, c.attrs)
			ours, _ := v.([]any)
			if len(ours) != c.want {
				t.Fatalf("%s: %d objects, want %d: %v", c.op, len(ours), c.want, ours)
			}
			noUnknown(t, "nft", ours)
			if diff := ynltest.Diff(cliDump(t, ourPath, c.op, c.json), ours); diff != "" {
				t.Errorf("%s (-kernel CLI with our description +nlsh):\n%s", c.op, diff)
			}
		})
	}
	// The kernel's spec: the main fields of what both describe. Its
	// getobj cannot decode a limit or ct helper object (its obj-data has
	// counter and quota only), so objects are dumped by type, nor its
	// getrule a masq expression, so rules are table t's. Where its enum
	// names differ (quota flags "invert", nlsh's "inv" as libnftnl prints
	// it) or it has none (nfgen-family), numbers are compared.
	for _, c := range []struct {
		op, json string
		attrs    ynl.Attrs
		fields   []string // label=path in ours; the kernel's path differs after a colon
	}{
		{"gettable", `{"nfgen-family": 0}`, ynl.Attrs{"nfgen-family": 0}, []string{"nfgen-family", "name", "handle", "use", "flags"}},
		{"getchain", `{"nfgen-family": 0}`, ynl.Attrs{"nfgen-family": 0},
			[]string{"table", "name", "handle", "type", "use", "hook/hooknum:hook/num", "hook/priority"}},
		{"getrule", `{"nfgen-family": 1, "table": "t"}`, ynl.Attrs{"nfgen-family": 1, "table": "t"},
			[]string{"table", "chain", "handle", "expressions/elem/name"}},
		{"getset", `{"nfgen-family": 0}`, ynl.Attrs{"nfgen-family": 0}, []string{"table", "name", "handle", "flags", "key-type", "key-len"}},
		{"getobj", `{"nfgen-family": 0, "type": "quota"}`, ynl.Attrs{"nfgen-family": 0, "type": "quota"},
			[]string{"table", "name", "handle", "type", "data/bytes", "data/consumed"}},
		{"getobj", `{"nfgen-family": 0, "type": "counter"}`, ynl.Attrs{"nfgen-family": 0, "type": "counter"},
			[]string{"table", "name", "handle", "type", "data/bytes", "data/packets"}},
	} {
		t.Run("kernel spec "+c.op+" "+c.json, func(t *testing.T) {
			_, _, v := dumpViewJSON(t, ns.NetNS(), spec, c.op, c.attrs)
			ours, _ := v.([]any)
			kernel := cliDump(t, kernelPath, c.op, c.json)
			for _, o := range ours {
				m, _ := o.(map[string]any)
				m["nfgen-family"], _ = spec.Enums["family"].Lookup(fmt.Sprint(m["nfgen-family"]))
			}
			got, want := mainFields(ours, c.fields, false), mainFields(kernel, c.fields, true)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-kernel CLI with the kernel's nftables.yaml +nlsh):\n%s", c.op, diff)
			}
			if len(got) == 0 {
				t.Fatalf("%s: nothing dumped", c.op)
			}
			t.Logf("%s: %d objects agree, e.g. %s", c.op, len(got), got[0])
		})
	}
	// The kernel spec's expr-counter-attrs are host-order u64 (its counter
	// objects' are not): the kernel CLI prints a counter expression's
	// be64 byte-swapped, which is checked rather than ignored.
	t.Run("kernel spec counter expression byte order", func(t *testing.T) {
		attrs := ynl.Attrs{"nfgen-family": 1, "table": "t", "chain": "sub"}
		_, _, v := dumpViewJSON(t, ns.NetNS(), spec, "getrule", attrs)
		ours, _ := v.([]any)
		kernel := cliDump(t, kernelPath, "getrule", `{"nfgen-family": 1, "table": "t", "chain": "sub"}`)
		if len(ours) != 1 || len(kernel) != 1 {
			t.Fatalf("%d and %d rules in chain sub", len(ours), len(kernel))
		}
		for _, f := range []string{"packets", "bytes"} {
			o, _ := lookup(ours[0], "expressions/elem/data/"+f).([]any)
			k, _ := lookup(kernel[0], "expressions/elem/data/"+f).([]any)
			if len(o) == 0 || len(k) == 0 || num(o[0]) == 0 || num(k[0]) != bits.ReverseBytes64(num(o[0])) {
				t.Errorf("counter %s: nlsh %v, kernel spec %v: want the kernel spec's host-order reading of nlsh's be64", f, o, k)
			}
		}
	})
}

func runIn(ns nlsock.NetNS, cmd *exec.Cmd) (string, error) {
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	err := ns.Run(cmd)
	return out.String(), err
}

// mainFields prints each object of a view as "label=value ..." for the
// fields given as "path" or "ours:kernel's"; a path through a list
// (expressions/elem/name) collects the values of every entry.
func mainFields(view []any, fields []string, kernel bool) []string {
	var out []string
	for _, obj := range view {
		var parts []string
		for _, f := range fields {
			path, kpath, ok := strings.Cut(f, ":")
			if !ok {
				kpath = path
			}
			label := kpath
			if kernel {
				path = kpath
			}
			parts = append(parts, fmt.Sprintf("%s=%v", label, lookup(obj, path)))
		}
		out = append(out, strings.Join(parts, " "))
	}
	sort.Strings(out)
	return out
}

// lookup follows path through maps, and through lists entry by entry.
func lookup(v any, path string) any {
	if path == "" {
		return v
	}
	head, rest, _ := strings.Cut(path, "/")
	switch x := v.(type) {
	case map[string]any:
		return lookup(x[head], rest)
	case []any:
		var all []any
		for _, e := range x {
			all = append(all, lookup(e, path))
		}
		return all
	}
	return nil
}

func num(v any) uint64 {
	n, _ := strconv.ParseUint(fmt.Sprint(v), 10, 64)
	return n
}
