package rtnl

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// rtnl.route_add{dst="default", ...} and route_del do what ip route add/del
// default do: each case runs ip in one namespace and nlsh in another set up
// the same way, and `ip -j route show default` (IPv4 and IPv6) must agree.
func TestRouteDefaultLikeIP(t *testing.T) {
	setup := [][]string{
		{"link", "add", "d0", "type", "veth", "peer", "name", "d1"},
		{"link", "set", "d0", "up"}, {"link", "set", "d1", "up"},
		{"addr", "add", "10.9.0.1/24", "dev", "d0"},
	}
	for _, tc := range []struct {
		name string
		ip   [][]string
		lua  string
		want string // in the IPv4 or IPv6 dump afterwards; "" for a delete
	}{
		{"v4 default through a device",
			[][]string{{"route", "add", "default", "dev", "d0"}},
			`assert(rtnl.route_add(s, {dst = "default", dev = "d0"}))`, `"dst":"default","dev":"d0"`},
		{"v4 default via a gateway",
			[][]string{{"route", "add", "default", "via", "10.9.0.2"}},
			`assert(rtnl.route_add(s, {dst = "default", gateway = "10.9.0.2"}))`, `"dst":"default","gateway":"10.9.0.2"`},
		{"v6 default through a device",
			[][]string{{"-6", "route", "add", "default", "dev", "d0"}},
			`assert(rtnl.route_add(s, {dst = "default", family = "inet6", dev = "d0"}))`, `"dst":"default","dev":"d0"`},
		{"v6 default via a v6 gateway implies inet6",
			[][]string{{"-6", "route", "add", "default", "via", "fe80::1", "dev", "d0"}},
			`assert(rtnl.route_add(s, {dst = "default", gateway = "fe80::1", dev = "d0"}))`, `"dst":"default","gateway":"fe80::1"`},
		{"v4 default deleted",
			[][]string{{"route", "add", "default", "via", "10.9.0.2"}, {"route", "del", "default"}},
			`assert(rtnl.route_add(s, {dst = "default", gateway = "10.9.0.2"}))
			 assert(#rtnl.routes(s, {family = "inet", table = "main"}) == 2)
			 assert(rtnl.route_del(s, {dst = "default"}))`, ""},
		{"v6 default deleted",
			[][]string{{"-6", "route", "add", "default", "dev", "d0"}, {"-6", "route", "del", "default"}},
			`assert(rtnl.route_add(s, {dst = "default", family = "inet6", dev = "d0"}))
			 assert(rtnl.route_del(s, {dst = "default", family = "inet6"}))`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			byIP, byNlsh := nlsocktest.NewNamespace(t), nlsocktest.NewNamespace(t)
			for _, args := range setup {
				must(ipIn(byIP.NetNS(), args...))
				must(ipIn(byNlsh.NetNS(), args...))
			}
			for _, args := range tc.ip {
				if out, err := ipIn(byIP.NetNS(), args...); err != nil {
					t.Fatalf("ip %v: %v %s", args, err, out)
				}
			}
			L, _ := newState(t, byNlsh.NetNS())
			luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`+"\n"+tc.lua)
			var all string
			for _, fam := range []string{"-4", "-6"} {
				// only the default routes: IPv6 adds link-local routes of
				// its own while the links come up
				want := must(ipIn(byIP.NetNS(), "-j", fam, "route", "show", "default"))
				got := must(ipIn(byNlsh.NetNS(), "-j", fam, "route", "show", "default"))
				if got != want {
					t.Errorf("ip %s route after nlsh:\n%s\nafter ip:\n%s", fam, got, want)
				}
				all += got
			}
			if has := strings.Contains(all, `"dst":"default"`); has != (tc.want != "") || !strings.Contains(all, tc.want) {
				t.Errorf("routes after the change lack %q (or keep a default after a delete):\n%s", tc.want, all)
			}
		})
	}
}
