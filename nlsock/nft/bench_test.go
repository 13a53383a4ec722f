package nft

import "testing"

// BenchmarkParseRule decodes a five-expression rule (payload, cmp,
// counter, verdict and an unknown expression).
func BenchmarkParseRule(b *testing.B) {
	p := rulePayload()
	typ := Type(MsgNewRule)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMessage(typ, p); err != nil {
			b.Fatal(err)
		}
	}
}
