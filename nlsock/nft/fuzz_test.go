package nft

import "testing"

// FuzzParseMessage checks that no message type and payload make the
// nf_tables decoder panic. The corpus under testdata/fuzz holds real
// kernel dump replies and events.
func FuzzParseMessage(f *testing.F) {
	f.Add(Type(MsgNewTable), tablePayload())
	f.Add(Type(MsgNewChain), chainPayload())
	f.Add(Type(MsgNewRule), rulePayload())
	f.Add(Type(MsgNewSet), setPayload())
	f.Fuzz(func(t *testing.T, typ uint16, b []byte) {
		m, err := ParseMessage(typ, b)
		if err == nil && len(b) < HeaderLen {
			t.Fatalf("no error for %d bytes", len(b))
		}
		_ = m.Object()
		if m.Rule != nil {
			for _, x := range m.Rule.Expressions {
				_ = x.Field("op")
			}
		}
		if m.Set != nil {
			_ = TypeName(m.Set.KeyType)
		}
	})
}
