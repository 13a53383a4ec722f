//go:build linux

package explain

import (
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nft"
)

// nftExprName is the value of an nf_tables expression's NFTA_EXPR_NAME
// (d) followed by the bracket line `nft --debug=netlink` prints for the
// expression, decoded from expr, the NFTA_LIST_ELEM holding both. The
// names and values of the expression's data come from the nft
// description like any other attribute's; this line is what explain adds.
func nftExprName(d, expr []byte) []string {
	s := quoteC(d)
	var data []byte
	_ = nlsock.WalkAttrs(expr, func(a nlsock.Attr) error {
		if a.Type == nft.AttrExprData {
			data = a.Data
		}
		return nil
	})
	if x, err := nft.DecodeExpr(cstr(d), data); err == nil && x.Attrs != nil {
		s += " " + nft.ExprLine(x)
	}
	return []string{s}
}

// cstr is b up to its first NUL.
func cstr(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
