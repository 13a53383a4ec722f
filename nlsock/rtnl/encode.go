//go:build linux

package rtnl

import (
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// attrWriter builds a request's attributes by name through a description
// (ynl's encoder gives each its number and type); the first error is
// kept, and request reports it.
type attrWriter struct {
	e   *nlsock.AttrEncoder
	set *ynl.AttrSet
	err error
}

func (w *attrWriter) put(name string, v any) {
	if err := w.set.Put(w.e, name, v); err != nil && w.err == nil {
		w.err = err
	}
}

// nest appends nest attribute name, whose attributes fn writes in set.
func (w *attrWriter) nest(name string, set *ynl.AttrSet, fn func(*attrWriter)) {
	w.e.Nest(attrNumber(w.set, name)|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
		in := attrWriter{e: e, set: set}
		fn(&in)
		if in.err != nil && w.err == nil {
			w.err = in.err
		}
	})
}

// raw appends attribute name holding data as it is (a nest built
// elsewhere, marked nested when nested is set).
func (w *attrWriter) raw(name string, data []byte, nested bool) {
	typ := attrNumber(w.set, name)
	if nested {
		typ |= nlsock.AttrNested
	}
	w.e.Raw(typ, data)
}
