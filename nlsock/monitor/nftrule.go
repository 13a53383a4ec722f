//go:build linux

package monitor

import (
	"strings"

	"github.com/nlsh/nlsh/nlsock/nft"
)

// The monitor's view of nf_tables rules: their expressions decoded by the
// nft description (nft.ParseMessage does it), shown as the bracket
// lines of `nft --debug=netlink` in the text and as attributes in --json.

// ruleBytecode is the text after "+rule family table chain handle N":
// the rule's expressions, one bracket line after the other.
func ruleBytecode(r *nft.Rule) string {
	if r == nil || len(r.Expressions) == 0 {
		return ""
	}
	return " " + strings.Join(nft.RuleLines(r), " ")
}

// jsonRule is a rule event's --json value.
type jsonRule struct {
	Family string     `json:"family"`
	Table  string     `json:"table"`
	Chain  string     `json:"chain"`
	Handle uint64     `json:"handle"`
	Exprs  []jsonExpr `json:"exprs"`
}

type jsonExpr struct {
	Name  string `json:"name"`
	Line  string `json:"line"`
	Attrs any    `json:"attrs,omitempty"`
}

// nftJSON is the --json value of an nf_tables event: rules only (other
// objects keep their text).
func nftJSON(m nft.Message) any {
	r := m.Rule
	if r == nil {
		return nil
	}
	j := jsonRule{Family: nft.FamilyName(r.Family), Table: r.Table, Chain: r.Chain, Handle: r.Handle, Exprs: []jsonExpr{}}
	for _, x := range r.Expressions {
		e := jsonExpr{Name: x.Name, Line: nft.ExprLine(x)}
		if x.Attrs != nil {
			e.Attrs = jsonAttrs(x.Attrs)
		}
		j.Exprs = append(j.Exprs, e)
	}
	return j
}
