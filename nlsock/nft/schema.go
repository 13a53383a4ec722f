//go:build linux

package nft

import (
	"errors"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// The attribute numbers, names and types of tables, chains, rules, sets
// and elements come from nlsh's built-in description of nf_tables
// (nlsock/ynl/builtin/descriptions/nft.yaml), in its compiled form: this
// package binds attribute names to the fields of its types and knows no
// attribute number of its own but the three explain shares (expr.go).

// description is the name of the built-in description.
const description = "nft"

// in is what a table fills: the value being decoded and the decoder of
// the whole message, whose problems nested tables (a chain's hook, an
// element's key) report to as well.
type in[T any] struct {
	v *T
	d *decoder
}

// fill points w at v and fills it from the attributes in b (at offset
// base of the payload) through t.
func (w *in[T]) fill(t *ynl.Table[in[T]], v *T, b []byte, base int) {
	w.v = v
	w.d.note(t.Walk(w, b, base, &w.d.bad))
}

// decoder is one message's decode: what it found wrong at any depth
// (attributes of a wrong length, left out and never read as 0; the first
// malformed attribute region) and one reusable in per type a table fills,
// recycled: a message allocates none of them. A nest never holds
// a nest filling the same type but through the in it was given.
type decoder struct {
	bad []ynl.Malformed
	err error

	table in[Table]
	chain in[Chain]
	hook  in[Hook]
	rule  in[Rule]
	set   in[Set]
	elems in[SetElems]
	elem  in[SetElem]
	data  in[datum]
	exprs in[[]Expr]
	expr  in[Expr]
	gen   in[Gen]

	// the values decodeData, exprList and expr fill (none of them
	// reaches itself: nested expressions are the generic decoder's)
	datum datum
	list  []Expr
	one   Expr
}

// decoders recycles decoders: most messages decode without a problem,
// and a decoder is larger than the table it fills.
var decoders = sync.Pool{New: func() any {
	d := &decoder{}
	d.table.d, d.chain.d, d.hook.d, d.rule.d, d.set.d, d.elems.d = d, d, d, d, d, d
	d.elem.d, d.data.d, d.exprs.d, d.expr.d, d.gen.d = d, d, d, d, d
	return d
}}

// release returns d to the pool, holding nothing of the message.
func (d *decoder) release() {
	d.bad, d.err = d.bad[:0], nil
	d.table.v, d.chain.v, d.hook.v, d.rule.v, d.set.v, d.elems.v = nil, nil, nil, nil, nil, nil
	d.elem.v, d.data.v, d.exprs.v, d.expr.v, d.gen.v = nil, nil, nil, nil, nil
	d.datum, d.list, d.one = datum{}, nil, Expr{}
	decoders.Put(d)
}

func (d *decoder) note(err error) {
	if err != nil && d.err == nil {
		d.err = err
	}
}

// error is d's problems as one error, or nil: "NFTA_TABLE_HANDLE: 1
// byte, want 8".
func (d *decoder) error() error {
	if d.err == nil && len(d.bad) == 0 {
		return nil
	}
	var parts []string
	for _, m := range d.bad {
		parts = append(parts, m.String())
	}
	if d.err != nil {
		parts = append(parts, d.err.Error())
	}
	return errors.New(strings.Join(parts, "; "))
}

// field binds an attribute of a set to what it fills in a T.
type field[T any] = ynl.Field[in[T]]

// table is the table of fields over a set of the description, built on
// first use.
func table[T any](set string, fields ...field[T]) func() *ynl.Table[in[T]] {
	return builtin.LazyTable(description, set, fields...)
}

// skip binds an attribute that fills nothing (pad), so that it is not
// reported as unknown.
func skip[T any](*in[T], []byte, uint64) {}

// decodeObject fills v from a message's attributes b through its in of
// d, and *unknown with the top-level ones no field claims, in order.
func decodeObject[T any](t func() *ynl.Table[in[T]], w func(*decoder) *in[T], v *T, unknown *[]nlsock.Attr, b []byte) error {
	d := decoders.Get().(*decoder)
	defer d.release()
	tab := t()
	w(d).fill(tab, v, b, HeaderLen)
	if unknown != nil {
		*unknown = unbound(tab.Bound, b)
	}
	return d.error()
}

// unbound lists the attributes of b that bound does not claim.
func unbound(bound func(uint16) bool, b []byte) []nlsock.Attr {
	var out []nlsock.Attr
	it := nlsock.AttrIter{B: b}
	for {
		typ, data, ok := it.Next()
		if !ok {
			return out
		}
		if !bound(typ) {
			out = append(out, nlsock.Attr{Type: typ, Data: data, Offset: it.At,
				Nested: it.Flags&nlsock.AttrNested != 0, NetByteOrder: it.Flags&nlsock.AttrNetByteOrder != 0})
		}
	}
}

// messageSets maps each nf_tables message type the description declares
// (a request's or a reply's) to the attribute-set of its payload.
var messageSets = sync.OnceValue(func() map[uint16]*ynl.AttrSet {
	m := map[uint16]*ynl.AttrSet{}
	for _, op := range builtin.MustSpec(description).Ops {
		for _, v := range []uint16{op.ReqValue, op.RspValue} {
			if v != 0 && op.Set != nil {
				m[v] = op.Set
			}
		}
	}
	return m
})

// AttrName names a top-level attribute of nf_tables message msg
// (NFT_MSG_*) as the description does: AttrName(MsgNewTable, 1) is
// "NFTA_TABLE_NAME". It returns "" for attributes and messages the
// description does not know.
func AttrName(msg uint8, typ uint16) string {
	return cName(messageSets()[Type(msg)], typ)
}

// HookAttrName names an attribute of the NFTA_CHAIN_HOOK nest
// ("NFTA_HOOK_PRIORITY"), or "" for one it does not know.
func HookAttrName(t uint16) string { return cName(hookTable().Set(), t) }

func cName(s *ynl.AttrSet, typ uint16) string {
	if s == nil {
		return ""
	}
	if a, ok := s.ByType(typ); ok {
		return s.CName(a)
	}
	return ""
}

// attrNumber is the number of attribute name of set, for the nests a
// request writes by hand.
func attrNumber(set *ynl.AttrSet, name string) uint16 {
	a, err := set.Attr(name)
	if err != nil {
		panic("nft: " + err.Error())
	}
	return a.Value
}
