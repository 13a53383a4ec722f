package ynl

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzFamilies are the kernel specs the decoder is fuzzed with.
var fuzzFamilies = []string{"nlctrl", "netdev", "ethtool", "tcp_metrics", "mptcp_pm", "rt-addr", "rt-link"}

// FuzzDecode decodes arbitrary bytes with any attribute-set (and as any
// command's body) of the kernel's specs. It must never panic, and what
// decodes without error must encode again and decode to the same table.
func FuzzDecode(f *testing.F) {
	var specs []*Spec
	for _, name := range fuzzFamilies {
		specs = append(specs, loadSpec(f, name))
	}
	sets := make([][]string, len(specs))
	for i, s := range specs {
		sets[i] = s.SetNames()
		sort.Strings(sets[i])
	}
	for _, seed := range fuzzSeeds(f, specs) {
		f.Add(seed.fam, seed.set, seed.data)
	}
	f.Fuzz(func(t *testing.T, fam, set uint8, data []byte) {
		s := specs[int(fam)%len(specs)]
		name := sets[int(fam)%len(specs)][int(set)%len(sets[int(fam)%len(specs)])]
		_, _ = s.DecodeBody(uint16(set), data)
		got, err := s.Decode(name, data)
		if err != nil {
			return
		}
		b, err := s.Encode(name, got)
		if err != nil {
			t.Fatalf("%s %s: decoded %v, re-encoding failed: %v", s.Name, name, got, err)
		}
		again, err := s.Decode(name, b)
		if err != nil {
			t.Fatalf("%s %s: re-encoded %x does not decode: %v", s.Name, name, b, err)
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Fatalf("%s %s: decode(encode(decode(x))) differs (-first +second):\n%s", s.Name, name, diff)
		}
	})
}

type fuzzSeed struct {
	fam, set uint8
	data     []byte
}

// fuzzSeeds encodes a few tables so the fuzzer starts from valid shapes.
func fuzzSeeds(tb testing.TB, specs []*Spec) []fuzzSeed {
	tables := []struct {
		fam int
		set string
		in  Attrs
	}{
		{0, "ctrl-attrs", Attrs{"family-name": "nlctrl", "ops": []any{Attrs{"id": 3, "flags": []any{"cmd-cap-do"}}},
			"policy": []any{Attrs{"policy-id": 1, "attr-id": 2, "type": "u32"}}}},
		{1, "dev", Attrs{"ifindex": 1, "xdp-features": 7}},
		{1, "dmabuf", Attrs{"queues": []any{Attrs{"id": 1, "type": "tx"}}}},
		{4, "attr", Attrs{"addr": Attrs{"family": 2, "port": 80, "addr4": 0x0a000001}}},
		{5, "addr-attrs", Attrs{"ifa-cacheinfo": Attrs{"cstamp": 1}, "ifa-label": "x"}},
	}
	var seeds []fuzzSeed
	for _, tt := range tables {
		b, err := specs[tt.fam].Encode(tt.set, tt.in)
		if err != nil {
			tb.Fatal(err)
		}
		names := specs[tt.fam].SetNames()
		idx := sort.SearchStrings(names, tt.set)
		seeds = append(seeds, fuzzSeed{uint8(tt.fam), uint8(idx), b})
	}
	return seeds
}
