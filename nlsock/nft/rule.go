//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock"

// Rule attributes (NFTA_RULE_*).
const (
	AttrRuleTable       uint16 = 1
	AttrRuleChain       uint16 = 2
	AttrRuleHandle      uint16 = 3
	AttrRuleExpressions uint16 = 4
	AttrRuleCompat      uint16 = 5
	AttrRulePosition    uint16 = 6
	AttrRuleUserdata    uint16 = 7
	AttrRulePad         uint16 = 8
	AttrRuleID          uint16 = 9
	AttrRulePositionID  uint16 = 10
	AttrRuleChainID     uint16 = 11
)

var ruleAttrNames = []string{"", "NFTA_RULE_TABLE", "NFTA_RULE_CHAIN", "NFTA_RULE_HANDLE",
	"NFTA_RULE_EXPRESSIONS", "NFTA_RULE_COMPAT", "NFTA_RULE_POSITION", "NFTA_RULE_USERDATA",
	"NFTA_RULE_PAD", "NFTA_RULE_ID", "NFTA_RULE_POSITION_ID", "NFTA_RULE_CHAIN_ID"}

// Expression list attributes (NFTA_LIST_ELEM, NFTA_EXPR_*).
const (
	AttrListElem uint16 = 1
	AttrExprName uint16 = 1
	AttrExprData uint16 = 2
)

// Rule is one nf_tables rule: its place and its expressions in order.
type Rule struct {
	Family      uint8
	Table       string
	Chain       string
	Handle      uint64
	Position    uint64 // handle of the rule it was inserted after, if present
	Expressions []Expr
	ID          uint32
	Userdata    []byte // nft stores comments here
	Unknown     []nlsock.Attr
}

func parseRule(h Header, b []byte) (*Rule, error) {
	r := &Rule{Family: h.Family}
	err := walk(b, HeaderLen, attrName(ruleAttrNames), func(a nlsock.Attr) error {
		var err error
		switch a.Type {
		case AttrRuleTable:
			r.Table = cstring(a.Data)
		case AttrRuleChain:
			r.Chain = cstring(a.Data)
		case AttrRuleHandle:
			r.Handle, err = be64(a.Data)
		case AttrRulePosition:
			r.Position, err = be64(a.Data)
		case AttrRuleExpressions:
			r.Expressions, err = parseExprs(a.Data)
		case AttrRuleID:
			r.ID, err = be32(a.Data)
		case AttrRuleUserdata:
			r.Userdata = a.Data
		case AttrRulePad:
		default:
			r.Unknown = append(r.Unknown, a)
		}
		return err
	})
	return r, err
}

// parseExprs decodes a list of NFTA_LIST_ELEM, each an expression.
func parseExprs(b []byte) ([]Expr, error) {
	exprs := []Expr{}
	err := nlsock.WalkAttrs(b, func(elem nlsock.Attr) error {
		var x Expr
		err := nlsock.WalkAttrs(elem.Data, func(a nlsock.Attr) error {
			switch a.Type {
			case AttrExprName:
				x.Name = cstring(a.Data)
			case AttrExprData:
				x.Data = a.Data
			}
			return nil
		})
		if err == nil {
			x.Attrs, err = decodeExpr(x.Name, x.Data)
		}
		exprs = append(exprs, x)
		return err
	})
	return exprs, err
}
