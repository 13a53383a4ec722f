//go:build linux

package nft

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Expr is one expression of a rule: its name ("payload", "cmp", ...), the
// raw NFTA_EXPR_DATA, and that data decoded by the nft description
// (nlsock/ynl/builtin/descriptions/nft.yaml), whose sub-message
// expr-ops gives each expression's attributes. Registers, lengths and
// counters are uint64, enumerations their names ("eq", "l4proto"), flags
// lists of names, struct nft_data a table {value=bytes} or
// {verdict={code=, chain=}}. An expression the description lacks keeps
// only Data.
type Expr struct {
	Name  string
	Data  []byte
	Attrs ynl.Attrs
}

// Field returns the decoded attribute name, or nil.
func (x *Expr) Field(name string) any { return x.Attrs[name] }

// ExprSpec is the description expressions are decoded and encoded by.
func ExprSpec() *ynl.Spec { return builtin.MustSpec("nft") }

// exprSet is the attribute-set of expression name, if the description
// has one.
func exprSet(name string) (*ynl.AttrSet, bool) {
	f, ok := ExprSpec().SubMessages["expr-ops"][name]
	return f.Set, ok && f.Set != nil
}

// ExprNames lists the expressions the description knows.
func ExprNames() []string {
	var names []string
	for n := range ExprSpec().SubMessages["expr-ops"] {
		names = append(names, n)
	}
	return names
}

// decodeExpr decodes the data of expression name by the description. The
// expressions nested in dynset and inner (their expr attribute) are
// decoded the same way, so their data is a table, not bytes.
func decodeExpr(name string, data []byte) (ynl.Attrs, error) {
	set, ok := exprSet(name)
	if !ok {
		return nil, nil
	}
	attrs, err := ExprSpec().Decode(set.Name, data)
	if err != nil {
		err = fmt.Errorf("%s expression %w", name, err)
	}
	for _, key := range []string{"expr"} {
		if err != nil {
			break
		}
		if inner, ok := attrs[key].(ynl.Attrs); ok {
			err = decodeNested(inner)
		}
	}
	if list, ok := attrs["expressions"].(ynl.Attrs); ok && err == nil {
		elems, _ := list["elem"].([]any)
		for _, e := range elems {
			if inner, ok := e.(ynl.Attrs); ok && err == nil {
				err = decodeNested(inner)
			}
		}
	}
	return attrs, err
}

// decodeNested replaces the raw data of a nested expression (expr-attrs)
// with its decoded attributes.
func decodeNested(x ynl.Attrs) error {
	name, _ := x["name"].(string)
	raw, ok := x["data"].([]byte)
	if !ok {
		return nil
	}
	attrs, err := decodeExpr(name, raw)
	if attrs != nil {
		x["data"] = attrs
	}
	return err
}

// DecodeExpr decodes the data of expression name (as nfnl.rule_lines
// does for a rule table that kept each expression's raw bytes).
func DecodeExpr(name string, data []byte) (Expr, error) {
	attrs, err := decodeExpr(name, data)
	return Expr{Name: name, Data: data, Attrs: attrs}, err
}

// ExprAttrSet is the description's attribute-set of expression name, or
// nil (explain names an expression's data by it).
func ExprAttrSet(name string) *ynl.AttrSet {
	set, _ := exprSet(name)
	return set
}
