package ynl

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// TestKernelTreeSpecsLoad loads every spec file of the kernel tree (19 in
// Linux 6.12): the schema is the kernel's, so each must compile.
func TestKernelTreeSpecsLoad(t *testing.T) {
	files := ynltest.SpecFiles(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := Load(f)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Ops) == 0 {
				t.Errorf("%s: no operations", s.Name)
			}
		})
	}
	if len(files) < 19 {
		t.Errorf("%d spec files in the kernel tree, want at least 19", len(files))
	}
}

// TestKernelTreeSpecDetails checks what made tc.yaml and team.yaml fail:
// a struct used before its definition, a const whose value is a string.
func TestKernelTreeSpecDetails(t *testing.T) {
	tc, err := Load(ynltest.SpecPath(t, "tc"))
	if err != nil {
		t.Fatal(err)
	}
	// Linux 6.12's tc-ratespec is five u8 and a u32 (9 bytes, packed as
	// the kernel's own ynl lays out structs), defined after tc-htb-opt.
	rate, htb := tc.Structs["tc-ratespec"], tc.Structs["tc-htb-opt"]
	if rate == nil || htb == nil || rate.Size != 9 || htb.Members[0].Len != rate.Size {
		t.Errorf("tc-ratespec %+v, tc-htb-opt %+v; want a 9-byte ratespec as htb's first member", rate, htb)
	}
	team, err := Load(ynltest.SpecPath(t, "team"))
	if err != nil {
		t.Fatal(err)
	}
	if got := team.StringConsts["genl-change-event-mc-grp-name"]; got != "change_event" {
		t.Errorf("team genl-change-event-mc-grp-name = %q, want change_event", got)
	}
	if team.Consts["string-max-len"] != 32 {
		t.Errorf("team string-max-len = %d, want 32", team.Consts["string-max-len"])
	}
}

// TestDefinitionsHaveNoOrder: structs and constants may be used before
// they are defined; a struct that contains itself is an error.
func TestDefinitionsHaveNoOrder(t *testing.T) {
	const text = `
name: order
definitions:
  - {name: outer, type: struct, members: [{name: in, type: binary, struct: inner}, {name: n, type: binary, len: size}]}
  - {name: size, type: const, value: half-size}
  - {name: inner, type: struct, members: [{name: a, type: u32}]}
  - {name: half-size, type: const, value: 6}
attribute-sets: [{name: s, attributes: [{name: o, type: binary, struct: outer}]}]
operations: {list: []}
`
	s, err := Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Structs["outer"].Size; got != 10 {
		t.Errorf("outer is %d bytes, want 10 (a 4-byte inner and 6 bytes)", got)
	}
	loop := strings.Replace(text, "struct: inner}", "struct: outer}", 1)
	if _, err := Parse([]byte(loop)); err == nil || !strings.Contains(err.Error(), "struct outer contains itself") {
		t.Errorf("self-containing struct: %v", err)
	}
}
