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
// malformed attribute region), and the ins of its nests.
type decoder struct {
	bad []ynl.Malformed
	err error
	n   *nests
}

// nests holds one reusable in per type a nested table fills, and the
// values decodeData, exprList and expr fill: a message allocates none of
// them, whatever its nesting. None reaches itself (a nest filling the
// same type goes through the in it was given; nested expressions are the
// generic decoder's).
type nests struct {
	elem  in[SetElem]
	data  in[datum]
	exprs in[[]Expr]
	expr  in[Expr]

	datum datum
	list  []Expr
	one   Expr
}

// nestPool recycles nests: tables, chains and sets have none, a rule or
// elements many.
var nestPool = sync.Pool{New: func() any { return new(nests) }}

// nest is d's nests, taken from the pool on a message's first nest.
func (d *decoder) nest() *nests {
	if d.n == nil {
		d.n = nestPool.Get().(*nests)
		d.n.elem.d, d.n.data.d, d.n.exprs.d, d.n.expr.d = d, d, d, d
	}
	return d.n
}

// done returns d's nests to the pool, holding nothing of the message.
func (d *decoder) done() {
	if n := d.n; n != nil {
		*n = nests{}
		nestPool.Put(n)
		d.n = nil
	}
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

// object is a decoded T with what decoding it took, in one allocation.
type object[T any] struct {
	v T
	w in[T]
	d decoder
}

// decodeObject decodes a message's attributes b into a new T, which init
// prepares (its family from the header) and whose Unknown it returns, if
// T has one; Unknown gets the top-level attributes no field claims, in
// order.
func decodeObject[T any](t func() *ynl.Table[in[T]], b []byte, init func(*T) *[]nlsock.Attr) (*T, error) {
	o := &object[T]{}
	o.w = in[T]{v: &o.v, d: &o.d}
	unknown := init(&o.v)
	tab := t()
	o.d.note(tab.Walk(&o.w, b, HeaderLen, &o.d.bad))
	o.d.done()
	if unknown != nil {
		*unknown = unbound(tab, b)
	}
	err := o.d.error()
	o.d.bad = nil
	return &o.v, err
}

// unbound lists the attributes of b that t does not bind.
func unbound[T any](t *ynl.Table[T], b []byte) []nlsock.Attr {
	var out []nlsock.Attr
	it := nlsock.AttrIter{B: b}
	for {
		typ, data, ok := it.Next()
		if !ok {
			return out
		}
		if !t.Bound(typ) {
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
