package ynl

import (
	"encoding/binary"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// TestEnumAsFlagsOnPlainEnum: devlink's reload-actions-performed is a
// bitfield32 of the plain enum reload-action with enum-as-flags; the
// kernel sets BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT) (1 << 1), not 1.
func TestEnumAsFlagsOnPlainEnum(t *testing.T) {
	dl, err := Load(ynltest.SpecPath(t, "devlink"))
	if err != nil {
		t.Fatal(err)
	}
	in := Attrs{"reload-actions-performed": Attrs{
		"value":    []any{"driver-reinit", "fw-activate"},
		"selector": []any{"fw-activate"},
	}}
	b, err := dl.Encode("devlink", in)
	if err != nil {
		t.Fatal(err)
	}
	var value, selector uint32
	_ = nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		value, selector = binary.NativeEndian.Uint32(a.Data), binary.NativeEndian.Uint32(a.Data[4:])
		return nil
	})
	if value != 1<<1|1<<2 || selector != 1<<2 {
		t.Errorf("value %#x selector %#x, want 0x6 and 0x4 (BIT(1)|BIT(2), BIT(2))", value, selector)
	}
	out, err := dl.Decode("devlink", b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip (-in +out):\n%s", diff)
	}
}
