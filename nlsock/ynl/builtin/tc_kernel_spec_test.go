package builtin

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// kernelTcDifferences are where our tc description and Linux 6.12's
// tc.yaml disagree because the kernel spec is wrong (checked against
// include/uapi and net/sched); each says why. Anything else that differs
// fails the test.
var kernelTcDifferences = map[string]string{
	"struct tc-ratespec": "include/uapi/linux/pkt_sched.h has overhead (unsigned short), cell_align (short) " +
		"and mpu (unsigned short): 12 bytes; the kernel spec makes them u8 (9 bytes), so it misreads rate",
	"struct tc-htb-opt":  "two tc_ratespec (see struct tc-ratespec): 44 bytes, not 38",
	"struct tc-tbf-qopt": "two tc_ratespec (see struct tc-ratespec): 36 bytes, not 30",
	"struct tc-police":   "two tc_ratespec (see struct tc-ratespec): 56 bytes, not 50",
	"struct tc-u32-sel": "__be16 offmask is 2-aligned, so a pad byte follows nkeys (the kernel spec " +
		"puts offmask at offset 3); the keys are a flexible array, not one key",
	"struct tc-u32-pcnt": "kcnts is a flexible array (one counter per key), not one u64",
	"struct gnet-stats-basic": "sizeof(struct gnet_stats_basic) is 16 (8-byte alignment) and the kernel " +
		"sends 16 bytes; the kernel spec stops at 12",
	"struct tc-stats":             "sizeof(struct tc_stats) is 40 and TCA_STATS carries 40 bytes; the kernel spec stops at 36",
	"struct tc-prio-qopt":         "bands is an int in pkt_sched.h; the kernel spec makes it u32",
	"tc-act-mirred-attrs.blockid": "act_mirred.c puts and polices TCA_MIRRED_BLOCKID as a u32",
	"tc-act-mirred-attrs.parms":   "TCA_MIRRED_PARMS is struct tc_mirred; the kernel spec leaves it bytes",
	"tc-netem-attrs.pad":          "TCA_NETEM_PAD is padding for 64-bit attributes, not a u32",
}

// TestTcAgreesWithKernelSpec compares our tc description with the kernel
// tree's tc.yaml where both describe the same thing: attribute values and
// types by set and name, struct members (name, type, size) by struct, the
// sub-message formats by kind, and operation message types.
func TestTcAgreesWithKernelSpec(t *testing.T) {
	kern := loadKernelSpec(t, "tc")
	ours := MustSpec("tc")
	var diffs []string
	note := func(key, format string, args ...any) {
		if _, known := kernelTcDifferences[key]; !known {
			diffs = append(diffs, key+": "+fmt.Sprintf(format, args...))
		}
	}
	compared := 0
	for name, os := range ours.Sets {
		ks, ok := kern.Sets[name]
		if !ok {
			continue
		}
		for _, a := range os.Attrs {
			ka, err := ks.Attr(a.Name)
			if err != nil {
				if other, ok := ks.ByType(a.Value); ok && a.Type != "pad" && other.Type != "unused" {
					note(name+"."+a.Name, "the kernel calls value %d %s", a.Value, other.Name)
				}
				continue
			}
			compared++
			if ka.Value != a.Value {
				note(name+"."+a.Name, "value %d, the kernel's %d", a.Value, ka.Value)
			}
			if kt, ot := attrType(ka, a), attrType(a, ka); kt != ot {
				note(name+"."+a.Name, "type %s, the kernel's %s", ot, kt)
			}
		}
	}
	for name, st := range ours.Structs {
		kst, ok := kern.Structs[name]
		if !ok {
			continue
		}
		compared++
		if got, want := members(st), members(kst); got != want {
			note("struct "+name, "members\n    ours:   %s\n    kernel: %s", got, want)
		}
	}
	for name, formats := range ours.SubMessages {
		kf, ok := kern.SubMessages[name]
		if !ok {
			continue
		}
		for kind, f := range formats {
			k, ok := kf[kind]
			if !ok {
				continue
			}
			compared++
			if got, want := format(f), format(k); got != want {
				note(name+" "+kind, "format %s, the kernel's %s", got, want)
			}
		}
	}
	for _, op := range ours.Ops {
		kop, err := kern.Op(op.Name)
		if err != nil {
			continue
		}
		compared++
		if op.ReqValue != kop.ReqValue || (kop.Do != nil && kop.Do.Reply != nil && op.RspValue != kop.RspValue) {
			note("op "+op.Name, "request %d reply %d, the kernel's %d %d", op.ReqValue, op.RspValue, kop.ReqValue, kop.RspValue)
		}
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Error(d)
	}
	if compared < 200 {
		t.Errorf("only %d things compared: the names drifted apart", compared)
	}
	t.Logf("%d attributes, structs, formats and operations compared", compared)
}

// attrType is an attribute's type with what shapes its bytes: a struct
// by its layout and a nested set by its attributes, so that the same
// thing under another name (the kernel's tc-gen for tc_gact, its
// tc-police-attrs beside tc-act-police-attrs) compares equal; a struct of
// the same name in both is compared once, as a struct.
func attrType(a, other *ynl.Attr) string {
	s := a.Type
	if a.BigEndian {
		s += " big-endian"
	}
	switch {
	case a.Struct != nil && other.Struct != nil && a.Struct.Name == other.Struct.Name:
		s += " struct " + a.Struct.Name
	case a.Struct != nil:
		s += " struct {" + members(a.Struct) + "}"
	}
	if a.Nested != nil {
		names := make([]string, 0, len(a.Nested.Attrs))
		for _, n := range a.Nested.Attrs {
			names = append(names, fmt.Sprintf("%s=%d", n.Name, n.Value))
		}
		s += " of {" + strings.Join(names, " ") + "}"
	}
	if a.SubType != "" {
		s += " sub-type " + a.SubType
	}
	if a.SubMessage != "" {
		s += " " + a.SubMessage + " by " + a.Selector
	}
	return s
}

func members(st *ynl.Struct) string {
	parts := make([]string, 0, len(st.Members))
	for _, m := range st.Members {
		name := m.Name
		if m.Type == "pad" {
			name = "pad"
		}
		be := ""
		if m.BigEndian {
			be = " be"
		}
		parts = append(parts, fmt.Sprintf("%s %s%s %d", name, m.Type, be, m.Len))
	}
	return fmt.Sprintf("%d bytes: %s", st.Size, strings.Join(parts, ", "))
}

func format(f ynl.SubFormat) string {
	s := "attrs "
	if f.Set != nil {
		s += f.Set.Name
	}
	s += ", header "
	if f.FixedHeader != nil {
		s += f.FixedHeader.Name
	}
	return s
}
