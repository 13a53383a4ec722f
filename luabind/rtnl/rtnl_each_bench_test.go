package rtnl

import (
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
)

// benchRoutes is the number of routes of the streaming benchmarks.
const benchRoutes = 50000

// BenchmarkRtnlEachRoutes streams 50k routes reading dst. It reports the
// live heap after the loop besides time: a stream's memory does not grow
// with the table (compare BenchmarkRtnlRoutesList's).
func BenchmarkRtnlEachRoutes(b *testing.B) {
	benchRouteLoop(b, `local n = 0 for r in rtnl.each.routes(s) do if r.dst then n = n + 1 end end assert(n >= N, n)`)
}

// BenchmarkRtnlRoutesList is #rtnl.routes(s) of 50k routes, holding the
// array while the heap is measured.
func BenchmarkRtnlRoutesList(b *testing.B) {
	benchRouteLoop(b, `held = assert(rtnl.routes(s)) assert(#held >= N)`)
}

// BenchmarkRtnlCountRoutes is rtnl.count.routes of 50k routes.
func BenchmarkRtnlCountRoutes(b *testing.B) {
	benchRouteLoop(b, `assert(rtnl.count.routes(s) >= N)`)
}

func benchRouteLoop(b *testing.B, code string) {
	ns := routeNS(b, benchRoutes, 0, 0)
	L, _ := newState(b, ns.NetNS())
	luabindtest.MustRun(b, L, `s = assert(netlink.open("route")) N = 50000`)
	fn, err := L.LoadString(code)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var heap uint64
	for range b.N {
		L.Push(fn)
		if err := L.PCall(0, 0, nil); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap = max(heap, ms.HeapAlloc)
	}
	b.ReportMetric(float64(heap)/benchRoutes, "heap-B/route")
}

// BenchmarkRtnlEachRoutesUntouched streams 50k routes without reading a
// field: the cost of the loop itself.
func BenchmarkRtnlEachRoutesUntouched(b *testing.B) {
	benchRouteLoop(b, `local n = 0 for r in rtnl.each.routes(s) do n = n + 1 end assert(n >= N, n)`)
}
