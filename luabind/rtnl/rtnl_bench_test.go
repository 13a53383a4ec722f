package rtnl

import (
	"fmt"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// rtnlBenchNS is a namespace with 2001 links: lo and 1000 veth pairs.
func rtnlBenchNS(b *testing.B) nlsock.NetNS {
	b.Helper()
	ns := nlsocktest.NewNamespace(b)
	var lines []string
	for i := range 1000 {
		lines = append(lines, fmt.Sprintf("link add b%d type veth peer name c%d", i, i))
	}
	luabindtest.IPBatch(b, ns.NetNS(), lines)
	return ns.NetNS()
}

// BenchmarkRtnlLinksLua is rtnl.links from Lua on 2001 links: the dump, the
// decoding and the tables.
func BenchmarkRtnlLinksLua(b *testing.B) {
	L, _ := newState(b, rtnlBenchNS(b))
	benchDump(b, L, `assert(#rtnl.links(s) == 2001)`)
}

// BenchmarkRtnlLinksGo is the same dump through rtnl.Links, no Lua.
func BenchmarkRtnlLinksGo(b *testing.B) {
	ns := rtnlBenchNS(b)
	s, err := nlsock.Open(0, ns)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if l, err := rtnl.Links(b.Context(), s); err != nil || len(l) != 2001 {
			b.Fatal(len(l), err)
		}
	}
}

// BenchmarkRtnlAddrsLua is rtnl.addrs from Lua on 2000 IPv4 addresses.
func BenchmarkRtnlAddrsLua(b *testing.B) {
	ns := nlsocktest.NewNamespace(b)
	var lines []string
	for i := range 2000 {
		lines = append(lines, fmt.Sprintf("addr add 10.%d.%d.1/32 dev lo", i/250, i%250))
	}
	luabindtest.IPBatch(b, ns.NetNS(), lines)
	L, _ := newState(b, ns.NetNS())
	benchDump(b, L, `assert(#rtnl.addrs(s) == 2000)`)
}

// benchDump times code, a dump from Lua on a route socket s, b.N times.
func benchDump(b *testing.B, L *lua.LState, code string) {
	luabindtest.MustRun(b, L, `s = assert(netlink.open("route"))`)
	fn, err := L.LoadString(code)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		L.Push(fn)
		if err := L.PCall(0, 0, nil); err != nil {
			b.Fatal(err)
		}
	}
}
