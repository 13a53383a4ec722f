//go:build linux

package rtnl

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock/ynl"
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

// objectKind is an object's family header (its C name and size) and the
// table its attributes fill it through.
type objectKind[T any] struct {
	hdrName string
	hdrLen  int
	table   func() *ynl.Table[T]
}

// decodeObject is every object's Decode: it overwrites v from a payload,
// keeping what it decoded before an attribute region that ends badly.
func decodeObject[T any, P object[T]](v P, b []byte, k objectKind[T]) error {
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
