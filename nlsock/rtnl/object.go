//go:build linux

package rtnl

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// object is what decodeObject needs of a decoded type (*Link, *Route, ...)
// beyond its table: reading its family header, where its attributes and
// malformed ones go, and what it is called in an error ("link 5").
type object[T any] interface {
	*T
	header(b []byte) // b holds at least the header
	body() (raw *[]byte, bad *[]Malformed)
	where() string
}

// Decoded is a decoded object type (*Link, *Address, *Route, *Neighbour,
// *Rule), for code generic over them outside this package.
type Decoded[T any] interface {
	object[T]
	Decode(b []byte) error
}

// MalformedOf is v.Malformed, read where v's type is a type parameter.
func MalformedOf[T any, P Decoded[T]](v P) []Malformed {
	_, bad := v.body()
	return *bad
}

// objectKind is an object's family header (its C name and size), the
// description's attribute set its attributes are in ("rt-link"'s
// "link-attrs"), and its bindings to the Go type. The bindings become the
// decoding table and the field list (LinkFields, ...) on first use, not at
// package init: every nlsh process imports this package, and most read one
// kind or none (the kinds may first be used from several goroutines).
type objectKind[T any] struct {
	hdrName       string
	hdrLen        int
	family, attrs string
	bindings      func() []binding[T]

	listsOnce once
	decoders  []ynl.Field[T] // the bindings' decoding halves
	fields    []Field[T]     // the bindings' read-back halves

	tableOnce once
	decoding  *ynl.Table[T]
}

// lists splits the bindings into the decoders and the fields, once.
func (k *objectKind[T]) lists() {
	k.listsOnce.do(func() { k.decoders, k.fields = bindings(k.bindings()) })
}

// fieldList is the kind's fields as its consumers read them.
func (k *objectKind[T]) fieldList() []Field[T] {
	k.lists()
	return k.fields
}

// decoderList is the attributes the kind's table decodes.
func (k *objectKind[T]) decoderList() []ynl.Field[T] {
	k.lists()
	return k.decoders
}

// table is the kind's decoding table.
func (k *objectKind[T]) table() *ynl.Table[T] {
	k.tableOnce.do(func() { k.decoding = ynl.MustTable(builtin.MustSet(k.family, k.attrs), k.decoderList()...) })
	return k.decoding
}

// decodeObject is every object's Decode: it overwrites v from a payload,
// keeping what it decoded before an attribute region that ends badly.
func decodeObject[T any, P object[T]](v P, b []byte, k *objectKind[T]) error {
	var zero T
	*v = zero
	if len(b) < k.hdrLen {
		return fmt.Errorf("%s needs %d bytes, have %d", k.hdrName, k.hdrLen, len(b))
	}
	v.header(b)
	raw, bad := v.body()
	*raw = b[k.hdrLen:]
	if err := k.table().Walk(v, *raw, k.hdrLen, bad); err != nil {
		return fmt.Errorf("%s: %w", v.where(), err)
	}
	return nil
}

// decodeValue is DecodeLink, DecodeRoute, ...: Decode into a new value.
func decodeValue[T any, P interface {
	*T
	Decode([]byte) error
}](b []byte) (T, error) {
	var v T
	err := P(&v).Decode(b)
	return v, err
}
