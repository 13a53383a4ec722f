//go:build linux

package rtnl

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// Every nlsh process imports this package, and most use one object kind
// or none: its init must build no kind's field list or decoding table,
// nor the views and name tables made from them, and a kind used builds
// its own lists only. Run in a fresh process, since another test may
// already have used them.
func TestKindsBuiltOnFirstUse(t *testing.T) {
	if !nlsocktest.FreshProcess(t) {
		return
	}
	built := map[string]func() bool{
		"link":      func() bool { return linkKind.fields != nil || linkKind.decoding != nil },
		"address":   func() bool { return addrKind.fields != nil || addrKind.decoding != nil },
		"route":     func() bool { return routeKind.fields != nil || routeKind.decoding != nil },
		"neighbour": func() bool { return neighKind.fields != nil || neighKind.decoding != nil },
		"rule":      func() bool { return ruleKind.fields != nil || ruleKind.decoding != nil },
		"LinkJSON":  func() bool { return linkJSONPos.v != nil },
		"LinkText":  func() bool { return linkTextPos.v != nil },
		"AddrJSON":  func() bool { return addrJSONPos.v != nil },
		"AddrText":  func() bool { return addrTextPos.v != nil },
		"RouteJSON": func() bool { return routeJSONPos.v != nil },
		"NeighText": func() bool { return neighTextPos.v != nil },
		"linkTypes": func() bool { return linkTypes.v != nil },
		"groups":    func() bool { return groupShortNames.v != nil || groupSets.v != nil },
		"linkFlags": func() bool { return linkFlags.table != nil },
		"tables":    func() bool { return tableNames.names != nil },
	}
	for name, b := range built {
		if b() {
			t.Errorf("%s was built at init", name)
		}
	}
	var l Link
	if err := l.Decode(make([]byte, IfInfoMsgLen)); err != nil {
		t.Fatal(err)
	}
	if !built["link"]() {
		t.Fatal("decoding a link built no link table: the checks above cannot see a build")
	}
	for _, other := range []string{"address", "route", "neighbour", "rule"} {
		if built[other]() {
			t.Errorf("decoding a link built the %s lists", other)
		}
	}
}

// A lazy value whose build panics panics again when read again: it never
// reads as the zero value (an empty field list) after a failed build.
func TestLazyPanicsAgain(t *testing.T) {
	l := lazy[[]string]{build: func() []string { panic("no such attribute set") }}
	for i := range 2 {
		func() {
			defer func() {
				if r := recover(); r != "no such attribute set" {
					t.Errorf("read %d: recovered %v, want the build's panic", i+1, r)
				}
			}()
			v := l.get()
			t.Errorf("read %d returned %v instead of panicking", i+1, v)
		}()
	}
}
