package nft

import (
	"strings"
	"testing"
)

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

// FuzzExprLine checks the bracket-line reader: no line makes it panic, and
// a line it accepts encodes to bytes that decode and print again. The
// corpus holds lines nft --debug=netlink printed.
func FuzzExprLine(f *testing.F) {
	f.Add("[ meta load l4proto => reg 1 ]")
	f.Add("[ bitwise reg 1 = ( reg 1 & 0x0000ffff ) ^ 0x00000000 ]")
	f.Add("[ dynset update reg_key 1 set s2 timeout 30000ms expr [ counter pkts 0 bytes 0 ] ]")
	f.Fuzz(func(t *testing.T, line string) {
		x, err := ParseExprLine(line)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %v", err)
			}
			return
		}
		back, err := DecodeExpr(x.Name, x.Data)
		if err != nil {
			t.Fatalf("%q encodes to bytes that do not decode: %v", line, err)
		}
		_ = ExprLine(back)
	})
}

// FuzzDecodeExpr checks that no expression data makes the description's
// decoder or the line printer panic. The corpus holds expressions the
// kernel dumped.
func FuzzDecodeExpr(f *testing.F) {
	f.Add("cmp", []byte{8, 0, 1, 0, 0, 0, 0, 1, 8, 0, 2, 0, 0, 0, 0, 0, 12, 0, 3, 0x80, 6, 0, 1, 0, 0, 22, 0, 0})
	f.Add("immediate", []byte{8, 0, 1, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		x, _ := DecodeExpr(name, data)
		line := ExprLine(x)
		if !strings.HasPrefix(line, "[ ") || !strings.HasSuffix(line, "]") {
			t.Fatalf("line %q", line)
		}
	})
}
