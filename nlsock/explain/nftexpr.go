//go:build linux

package explain

import (
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nft"
)

// nftExprByName explains one nf_tables expression (an NFTA_LIST_ELEM of a
// rule's NFTA_RULE_EXPRESSIONS): its NFTA_EXPR_DATA by the nft-rule
// description's layout for its NFTA_EXPR_NAME, and the name followed by
// the bracket line `nft --debug=netlink` prints for it.
func nftExprByName(b []byte) *attrSet {
	var name string
	var data []byte
	_ = nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		switch a.Type {
		case nft.AttrExprName:
			name = cstr(a.Data)
		case nft.AttrExprData:
			data = a.Data
		}
		return nil
	})
	set := &attrSet{name: table("", "NFTA_EXPR_NAME", "NFTA_EXPR_DATA")}
	x, err := nft.DecodeExpr(name, data)
	as := nft.ExprAttrSet(name)
	if as == nil {
		return set // an expression nlsh has no description for: generic
	}
	set.spec = func(t uint16) (spec, bool) {
		switch t {
		case nft.AttrExprName:
			return spec{k: vCustom, text: func(_ *printer, d []byte) []string {
				s := quoteC(d)
				if err == nil && x.Attrs != nil {
					s += " " + nft.ExprLine(x)
				}
				return []string{s}
			}}, true
		case nft.AttrExprData:
			return spec{k: vNest, set: func() *attrSet { return specSet(nft.ExprSpec(), as, 0, nil) }}, true
		}
		return spec{}, false
	}
	return set
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
