package rtnl

import (
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// Neither package init nor opening the rtnl module (as every start of
// nlsh does) builds an object kind's Lua fields: a kind's are built when
// a table of it is first made, and only its. Run in a fresh process,
// since another test may already have made tables.
func TestObjectFieldsBuiltOnFirstUse(t *testing.T) {
	if !nlsocktest.FreshProcess(t) {
		return
	}
	built := map[string]func() bool{
		"link":      func() bool { return linkFields.list != nil },
		"address":   func() bool { return addrFields.list != nil },
		"route":     func() bool { return routeFields.list != nil },
		"neighbour": func() bool { return neighFields.list != nil },
		"rule":      func() bool { return ruleFields.list != nil },
	}
	check := func(when string, want string) {
		t.Helper()
		for name, b := range built {
			if b() != (name == want) {
				t.Errorf("%s: %s fields built: %v", when, name, b())
			}
		}
	}
	check("at init", "")
	L, _ := newState(t, nlsock.Host())
	check("after opening rtnl", "")
	luabindtest.MustRun(t, L, `local l = assert(rtnl.links(assert(netlink.open("route"))))[1]; assert(l.name and l.mtu, "no link")`)
	check("after reading a link", "link")
}
