//go:build linux

package nft

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// datum is struct nft_data as the kernel sends it: a value or a verdict.
type datum struct {
	value   []byte
	verdict bool
	code    int32
	chain   string
}

var dataTable = table("data-attrs",
	field[datum]{Name: "value", Set: func(x *in[datum], b []byte, _ uint64) { x.v.value = b }},
	field[datum]{Name: "verdict", Set: func(x *in[datum], b []byte, _ uint64) {
		x.v.verdict = true
		x.fill(verdictTable(), x.v, b, 0)
	}},
)

var verdictTable = table("verdict-attrs",
	field[datum]{Name: "code", Set: func(x *in[datum], _ []byte, n uint64) { x.v.code = int32(uint32(n)) }},
	field[datum]{Name: "chain", Set: func(x *in[datum], b []byte, _ uint64) { x.v.chain = cstring(b) }},
)

// decodeData decodes struct nft_data: the value bytes (never nil), or a
// verdict as a string ("accept", "jump chain").
func decodeData(dec *decoder, b []byte) any {
	n := dec.nest()
	d := &n.datum
	*d = datum{}
	n.data.fill(dataTable(), d, b, 0)
	switch {
	case d.verdict && d.chain != "":
		return VerdictName(d.code) + " " + d.chain
	case d.verdict:
		return VerdictName(d.code)
	case d.value == nil:
		return []byte{}
	}
	return d.value
}

// VerdictName names a verdict code as nft prints it: nft.yaml's
// verdict-code (netfilter's NF_* and nf_tables' own negative NFT_*,
// written there as u32), or "verdict N".
func VerdictName(code int32) string {
	if n, ok := builtin.MustEnum("nft", "verdict-code").NameOf(uint64(uint32(code))); ok {
		return n
	}
	return fmt.Sprintf("verdict %d", code)
}
