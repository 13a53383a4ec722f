//go:build linux

package runtime

import lua "github.com/yuin/gopher-lua"

// tableSort is table.sort as Lua 5.1's ltablib writes it: the same
// quicksort, so elements that compare equal end in the same order as in
// lua5.1, and an inconsistent comparator raises "invalid order function for
// sorting" instead of leaving an unspecified order. (gopher-lua used Go's
// sort package.)
func tableSort(L *lua.LState) int {
	t := L.CheckTable(1)
	var cmp *lua.LFunction
	if L.Get(2) != lua.LNil {
		cmp = L.CheckFunction(2)
	}
	s := &sorter{L: L, t: t, cmp: cmp}
	s.sort(1, t.Len())
	return 0
}

type sorter struct {
	L   *lua.LState
	t   *lua.LTable
	cmp *lua.LFunction // nil: the < operator
}

// less is sort_comp: cmp(a, b), or a < b with metamethods.
func (s *sorter) less(a, b lua.LValue) bool {
	if s.cmp == nil {
		return s.L.LessThan(a, b)
	}
	s.L.Push(s.cmp)
	s.L.Push(a)
	s.L.Push(b)
	s.L.Call(2, 1)
	r := lua.LVAsBool(s.L.Get(-1))
	s.L.Pop(1)
	return r
}

func (s *sorter) get(i int) lua.LValue { return s.t.RawGetInt(i) }

// swap exchanges a[i] and a[j] whose values are vi and vj.
func (s *sorter) swap(i, j int, vi, vj lua.LValue) {
	s.t.RawSetInt(i, vj)
	s.t.RawSetInt(j, vi)
}

// sort is auxsort: median of three, partition around it, recurse into the
// smaller half and loop on the larger.
func (s *sorter) sort(l, u int) {
	for l < u {
		if al, au := s.get(l), s.get(u); s.less(au, al) {
			s.swap(l, u, al, au)
		}
		if u-l == 1 {
			return
		}
		i := (l + u) / 2
		if ai, al := s.get(i), s.get(l); s.less(ai, al) {
			s.swap(i, l, ai, al)
		} else if au := s.get(u); s.less(au, ai) {
			s.swap(i, u, ai, au)
		}
		if u-l == 2 {
			return
		}
		p := s.get(i)
		s.swap(i, u-1, p, s.get(u-1))
		i = s.partition(l, u, p)
		s.swap(u-1, i, s.get(u-1), s.get(i))
		var j int // the smaller half, a[j..i], is sorted by recursion
		if i-l < u-i {
			j, i, l = l, i-1, i+1
		} else {
			j, i, u = i+1, u, i-1
		}
		s.sort(j, i)
	}
}

// partition moves a[l+1..u-2] around the pivot p (at u-1) and returns
// where the upward scan stopped: the pivot's place.
func (s *sorter) partition(l, u int, p lua.LValue) int {
	i, j := l, u-1
	for {
		i++
		ai := s.get(i)
		for s.less(ai, p) {
			if i > u {
				s.L.RaiseError("invalid order function for sorting")
			}
			i++
			ai = s.get(i)
		}
		j--
		aj := s.get(j)
		for s.less(p, aj) {
			if j < l {
				s.L.RaiseError("invalid order function for sorting")
			}
			j--
			aj = s.get(j)
		}
		if j < i {
			return i
		}
		s.swap(i, j, ai, aj)
	}
}
