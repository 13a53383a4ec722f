package genl

import "testing"

// BenchmarkParseFamily decodes nlctrl's own CTRL_CMD_NEWFAMILY reply.
func BenchmarkParseFamily(b *testing.B) {
	p := nlctrlReply(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFamily(p); err != nil {
			b.Fatal(err)
		}
	}
}
