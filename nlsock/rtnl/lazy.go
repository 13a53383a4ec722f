//go:build linux

package rtnl

import "sync"

// lazy is a value made on first use rather than at package init, which
// every nlsh process pays whether or not it reads the value: the
// positions of the fields a view of an object shows (LinkText), the
// larger name tables. Like sync.OnceValue, but a package-level lazy is
// initialised statically, at no cost.
type lazy[V any] struct {
	build func() V
	once  once
	v     V
}

func (l *lazy[V]) get() V {
	l.once.do(func() { l.v = l.build() })
	return l.v
}

// once runs a build the first time, as sync.Once does, but a build that
// panics (a bug: a misnamed field or attribute set) panics again at every
// later call, as sync.OnceValue's does, instead of leaving its value zero:
// a field list that failed to build must never read as an empty one.
type once struct {
	sync.Once
	failed any // what the build panicked with
}

func (o *once) do(build func()) {
	o.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				o.failed = r
				panic(r)
			}
		}()
		build()
	})
	if o.failed != nil {
		panic(o.failed)
	}
}
