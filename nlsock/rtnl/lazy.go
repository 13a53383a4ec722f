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
	once  sync.Once
	v     V
}

func (l *lazy[V]) get() V {
	l.once.Do(func() { l.v = l.build() })
	return l.v
}
