package nft

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// BenchmarkParseRule decodes a five-expression rule (payload, cmp,
// counter, verdict and an unknown expression).
func BenchmarkParseRule(b *testing.B) { benchParse(b, MsgNewRule, rulePayload()) }

// BenchmarkParseTable, BenchmarkParseChain (a base chain with its hook),
// BenchmarkParseSet and BenchmarkParseSetElems (16 elements, each a key,
// a verdict, flags and a timeout) decode the other objects of a dump.
func BenchmarkParseTable(b *testing.B) { benchParse(b, MsgNewTable, tablePayload()) }

func BenchmarkParseChain(b *testing.B) { benchParse(b, MsgNewChain, chainPayload()) }

func BenchmarkParseSet(b *testing.B) { benchParse(b, MsgNewSet, setPayload()) }

func BenchmarkParseSetElems(b *testing.B) {
	benchParse(b, MsgNewSetElem, payload(FamilyIPv4, func(e *nlsock.AttrEncoder) {
		e.String(AttrSetElemListTable, "t")
		e.String(AttrSetElemListSet, "m")
		e.Nest(AttrSetElemListElements|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			for i := range 16 {
				e.Nest(AttrListElem|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
					e.Nest(attrElemKey|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { e.Raw(attrDataValue, []byte{10, 0, 0, byte(i)}) })
					e.Nest(attrElemData|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
						e.Nest(attrDataVerdict|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { putBE32(e, attrVerdictCode, 1) })
					})
					putBE32(e, attrElemFlags, 0)
					putBE64(e, attrElemTimeout, 5000)
				})
			}
		})
	}))
}

func benchParse(b *testing.B, msg uint8, p []byte) {
	typ := Type(msg)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMessage(typ, p); err != nil {
			b.Fatal(err)
		}
	}
}
