package builtin

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// kernelSpecBugs are the places where the kernel's nftables.yaml (Linux
// 6.12) disagrees with include/uapi/linux/netfilter/nf_tables.h, which
// nft-rule follows: an attribute (expression.number) and what the uapi
// header says.
var kernelSpecBugs = map[string]string{
	// NFTA_COUNTER_BYTES/PACKETS are be64 (nft_counter_dump uses
	// nla_put_be64); the spec gives them host order
	"counter.1": "big-endian", "counter.2": "big-endian",
	// NFTA_LOOKUP_SET_ID is 4: the spec lists "set id" second, which
	// shifts sreg, dreg and flags down by one
	"lookup.2": "sreg is 2", "lookup.3": "dreg is 3", "lookup.4": "set-id is 4",
}

// TestNftRuleAgreesWithKernelSpec compares each expression both
// descriptions have, attribute by attribute number: name (ignoring - and
// _), type and byte order; differences must be the kernel spec's known
// bugs above.
func TestNftRuleAgreesWithKernelSpec(t *testing.T) {
	kernel := loadKernelSpec(t, "nftables")
	ours := MustSpec("nft-rule")
	var diffs []string
	compared := 0
	for name, kf := range kernel.SubMessages["expr-ops"] {
		of, ok := ours.SubMessages["expr-ops"][name]
		if !ok {
			t.Errorf("nft-rule has no expression %q, the kernel spec has", name)
			continue
		}
		for _, ka := range kf.Set.Attrs {
			if ka.Type == "pad" {
				continue
			}
			compared++
			oa, ok := of.Set.ByType(ka.Value)
			where := fmt.Sprintf("%s.%d", name, ka.Value)
			switch {
			case !ok:
				diffs = append(diffs, where+": missing in nft-rule")
			case norm(oa.Name) != norm(ka.Name) || oa.Type != ka.Type:
				diffs = append(diffs, fmt.Sprintf("%s: kernel %s %s, nft-rule %s %s", where, ka.Name, ka.Type, oa.Name, oa.Type))
			case oa.BigEndian != ka.BigEndian:
				diffs = append(diffs, fmt.Sprintf("%s: byte order: kernel big-endian=%v", where, ka.BigEndian))
			}
		}
	}
	sort.Strings(diffs)
	var unexplained []string
	explained := map[string]bool{}
	for _, d := range diffs {
		where, _, _ := strings.Cut(d, ":")
		if _, ok := kernelSpecBugs[where]; ok {
			explained[where] = true
			continue
		}
		unexplained = append(unexplained, d)
	}
	if len(unexplained) > 0 {
		t.Errorf("nft-rule and the kernel's nftables.yaml disagree:\n%s", strings.Join(unexplained, "\n"))
	}
	var stale []string
	for where := range kernelSpecBugs {
		if !explained[where] {
			stale = append(stale, where)
		}
	}
	if diff := cmp.Diff([]string(nil), stale); diff != "" {
		t.Errorf("known kernel spec bugs no longer seen (fixed upstream? drop them):\n%s", diff)
	}
	if compared < 60 {
		t.Errorf("compared %d attributes, want the 60 or more the two share", compared)
	}
}

func norm(s string) string {
	return strings.NewReplacer("-", "", "_", "", " ", "").Replace(s)
}
