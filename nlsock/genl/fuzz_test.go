package genl

import "testing"

// FuzzParseFamily checks that no byte sequence makes the nlctrl decoder
// panic. The corpus under testdata/fuzz holds real kernel replies.
func FuzzParseFamily(f *testing.F) {
	f.Add(nlctrlReply(f))
	f.Fuzz(func(t *testing.T, b []byte) {
		fam, err := ParseFamily(b)
		if err == nil && len(b) < HeaderLen {
			t.Fatalf("no error for %d bytes", len(b))
		}
		_ = fam.Ops
	})
}
