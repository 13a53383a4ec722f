//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock"

// Expression attributes (NFTA_LIST_ELEM, NFTA_EXPR_*): explain walks a
// rule's expressions by them. A test checks them against the description.
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

// ruleTable binds nft's rule-attrs to Rule.
var ruleTable = table("rule-attrs",
	field[Rule]{Name: "table", Set: func(x *in[Rule], b []byte, _ uint64) { x.v.Table = cstring(b) }},
	field[Rule]{Name: "chain", Set: func(x *in[Rule], b []byte, _ uint64) { x.v.Chain = cstring(b) }},
	field[Rule]{Name: "handle", Set: func(x *in[Rule], _ []byte, n uint64) { x.v.Handle = n }},
	field[Rule]{Name: "position", Set: func(x *in[Rule], _ []byte, n uint64) { x.v.Position = n }},
	field[Rule]{Name: "expressions", Set: func(x *in[Rule], b []byte, _ uint64) { x.v.Expressions = exprList(x.d, b) }},
	field[Rule]{Name: "id", Set: func(x *in[Rule], _ []byte, n uint64) { x.v.ID = uint32(n) }},
	field[Rule]{Name: "userdata", Set: func(x *in[Rule], b []byte, _ uint64) { x.v.Userdata = b }},
	field[Rule]{Name: "pad", Set: skip[Rule]},
)

func parseRule(h Header, b []byte) (*Rule, error) {
	return decodeObject(ruleTable, b, func(r *Rule) *[]nlsock.Attr { r.Family = h.Family; return &r.Unknown })
}

// exprListTable reads a list of expressions (expr-list-attrs): a rule's,
// a set's or an element's.
var exprListTable = table("expr-list-attrs", field[[]Expr]{Name: "elem", Set: func(x *in[[]Expr], b []byte, _ uint64) {
	*x.v = append(*x.v, expr(x.d, b))
}})

// exprTable reads one expression's name and data (expr-attrs).
var exprTable = table("expr-attrs",
	field[Expr]{Name: "name", Set: func(x *in[Expr], b []byte, _ uint64) { x.v.Name = cstring(b) }},
	field[Expr]{Name: "data", Set: func(x *in[Expr], b []byte, _ uint64) { x.v.Data = b }},
)

// exprList decodes a list of expressions, never nil.
func exprList(d *decoder, b []byte) []Expr {
	n := d.nest()
	n.list = []Expr{}
	n.exprs.fill(exprListTable(), &n.list, b, 0)
	return n.list
}

// expr decodes one expression: its data by the description's format for
// its name.
func expr(d *decoder, b []byte) Expr {
	n := d.nest()
	n.one = Expr{}
	n.expr.fill(exprTable(), &n.one, b, 0)
	x := n.one
	var err error
	x.Attrs, err = decodeExpr(x.Name, x.Data)
	d.note(err)
	return x
}
