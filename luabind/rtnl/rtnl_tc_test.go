package rtnl

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

func tcIn(tb testing.TB, ns nlsock.NetNS, args ...string) string {
	tb.Helper()
	out, err := luabindtest.RunOut(ns, exec.Command("tc", args...))
	if err != nil {
		tb.Fatalf("tc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func tcJSONIn(tb testing.TB, ns nlsock.NetNS, args ...string) []map[string]any {
	tb.Helper()
	out := tcIn(tb, ns, append([]string{"-j"}, args...)...)
	var v []map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		tb.Fatalf("tc -j %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return v
}

func tcNamespace(t *testing.T) nlsock.NetNS {
	t.Helper()
	nlsocktest.LookPath(t, "tc", "iproute2")
	ns := nlsocktest.NewNamespace(t).NetNS()
	for _, args := range [][]string{{"link", "add", "v0", "type", "veth", "peer", "name", "v1"}, {"link", "set", "v0", "up"}, {"link", "set", "v1", "up"}} {
		if out, err := ipIn(ns, args...); err != nil {
			t.Fatalf("ip %v: %v %s", args, err, out)
		}
	}
	return ns
}

// TestRtnlTcAddSeenByTc: qdiscs and classes added with rtnl.qdisc_add and
// rtnl.class_add (options encoded by the tc description) are what tc -j
// qdisc show and tc class show list; rtnl.qdisc_del removes one.
func TestRtnlTcAddSeenByTc(t *testing.T) {
	ns := tcNamespace(t)
	L, _ := newState(t, ns)
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		assert(rtnl.qdisc_add(s, {dev="v0", parent="root", handle="1:", kind="htb",
			options={init={version=3, rate2quantum=7, defcls=0x30}, direct_qlen=500}}))
		-- 1mbit = 125000 bytes/s; buffer and cbuffer in ticks
		assert(rtnl.class_add(s, {dev="v0", parent="1:", handle="1:1", kind="htb",
			options={parms={rate={rate=125000}, ceil={rate=250000}, buffer=20000, cbuffer=20000, prio=3}}}))
		assert(rtnl.qdisc_add(s, {dev="v0", parent="1:1", handle="10:", kind="tbf",
			options={parms={rate={rate=250000}, limit=10000}, burst=32768}}))
		assert(rtnl.qdisc_add(s, {dev="v1", parent="root", handle="5:", kind="pfifo", options={limit=33}}))
		assert(rtnl.qdisc_add(s, {dev="v1", parent="clsact", handle="ffff:", kind="clsact"}))
		assert(rtnl.filter_add(s, {dev="v0", parent="1:", kind="u32", pref=4, protocol="ip",
			options={classid=0x10001, sel={flags=1, keys={{mask=0xffff, val=22, off=20}}}}}))`)
	q := map[string]map[string]any{}
	for _, w := range tcJSONIn(t, ns, "qdisc", "show") {
		q[fmt.Sprint(w["dev"], " ", w["handle"], " ", w["kind"])] = w["options"].(map[string]any)
	}
	for key, want := range map[string]string{
		"v0 1: htb":       "map[default:0x30 direct_qlen:500 r2q:7]",
		"v0 10: tbf":      "map[burst:32768 limit:10000 rate:250000]",
		"v1 5: pfifo":     "map[limit:33]",
		"v1 ffff: clsact": "map[]",
	} {
		got, ok := q[key]
		if !ok {
			t.Errorf("tc does not show qdisc %s: %v", key, q)
			continue
		}
		delete(got, "direct_packets_stat") // moves with IPv6's own traffic
		if fmt.Sprint(got) != want {
			t.Errorf("tc shows %s options %v, want %s", key, got, want)
		}
	}
	if r := q["v0 10: tbf"]["rate"]; r != float64(250000) {
		t.Errorf("tbf rate %v, want 250000", r)
	}
	cls := tcIn(t, ns, "class", "show", "dev", "v0")
	if !strings.Contains(cls, "class htb 1:1 root leaf 10: prio 3 rate 1Mbit ceil 2Mbit") {
		t.Errorf("tc class show:\n%s\nwant htb 1:1 with prio 3 rate 1Mbit ceil 2Mbit", cls)
	}
	flt := tcJSONIn(t, ns, "filter", "show", "dev", "v0")
	lastOpts := flt[len(flt)-1]["options"].(map[string]any)
	if got := fmt.Sprint(flt[len(flt)-1]["pref"], flt[len(flt)-1]["protocol"], lastOpts["flowid"], lastOpts["match"]); got != "4ip1:1map[mask:ffff off:20 offmask: value:16]" {
		t.Errorf("tc filter show: %s, want pref 4, ip, flowid 1:1, match 16/ffff at 20", got)
	}

	// what rtnl.qdiscs says of them is what tc says
	luabindtest.MustRun(t, L, `
		local seen = {}
		for _, q in ipairs(assert(rtnl.qdiscs(s))) do
			seen[q.handle .. " " .. q.kind] = q
		end
		local htb, tbf, pf = seen["1: htb"], seen["10: tbf"], seen["5: pfifo"]
		assert(htb and htb.parent == "root" and htb.options.init.rate2quantum == 7 and htb.options.direct_qlen == 500, "htb")
		assert(tbf and tbf.parent == "1:1" and tbf.options.parms.rate.rate == 250000 and tbf.options.parms.limit == 10000, "tbf")
		assert(pf and pf.options.limit == 33 and type(pf.stats.packets) == "number", "pfifo")
		assert(seen["ffff: clsact"].parent == "ffff:fff1", seen["ffff: clsact"].parent)
		local cls = {}
		for _, c in ipairs(assert(rtnl.classes(s, {dev="v0"}))) do cls[c.handle .. " " .. c.kind] = c end
		local c = cls["1:1 htb"]
		assert(c and c.parent == "root" and c.leaf == "10:" and c.options.parms.prio == 3, "class")
		assert(c.xstats and c.xstats.tokens, "htb class xstats")
		assert(cls["10:1 tbf"] and cls["10:1 tbf"].parent == "10:", "tbf's class")
		local f = assert(rtnl.filters(s, {dev="v0", parent="1:"}))
		local last = f[#f]
		assert(last.kind == "u32" and last.pref == 4 and last.protocol == "ip" and last.options.classid == 0x10001, "filter")
		assert(last.handle == "800::800" and last.options.sel.flags == 1, last.handle)
		local k = last.options.sel.keys[1]
		assert(last.options.sel.nkeys == 1 and k.val == 22 and k.mask == 0xffff and k.off == 20, "u32 key")
		assert(rtnl.qdisc_del(s, {dev="v1", parent="root"}))`)
	for _, w := range tcJSONIn(t, ns, "qdisc", "show", "dev", "v1") {
		if w["kind"] == "pfifo" {
			t.Errorf("pfifo still there after rtnl.qdisc_del: %v", w)
		}
	}
	// filter_del and class_del, seen by tc
	luabindtest.MustRun(t, L, `
		assert(rtnl.filter_del(s, {dev="v0", parent="1:", pref=4, protocol="ip", kind="u32"}))
		assert(rtnl.class_del(s, {dev="v0", parent="1:", handle="1:1"}))`)
	if f := tcJSONIn(t, ns, "filter", "show", "dev", "v0"); len(f) != 0 {
		t.Errorf("filters left after rtnl.filter_del: %v", f)
	}
	if c := tcIn(t, ns, "class", "show", "dev", "v0"); strings.Contains(c, "1:1") {
		t.Errorf("class 1:1 left after rtnl.class_del:\n%s", c)
	}
}

// TestRtnlTcErrors: a wrong kind, option or handle is a clear error before
// anything is sent; a kernel refusal is nil, msg, errname.
func TestRtnlTcErrors(t *testing.T) {
	ns := tcNamespace(t)
	L, _ := newState(t, ns)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("route"))`)
	for _, tt := range []struct{ code, want string }{
		{`rtnl.qdiscs(s, {colour=1})`, "unknown field colour"},
		{`rtnl.classes(s, {})`, "field 'dev' is required"},
		{`rtnl.filters(s, {dev="v0", parent="x:y"})`, `field 'parent': handle "x:y": major "x" is not a hex number`},
		{`rtnl.qdisc_add(s, {dev="v0", parent="1", kind="pfifo"})`, `want MAJ:MIN in hex`},
		{`rtnl.qdisc_add(s, {dev="v0", parent="root", kind="pfifo", options={limt=3}})`, `kind pfifo: takes no attribute "limt" (members of tc-fifo-qopt: limit)`},
		{`rtnl.qdisc_add(s, {dev="v0", parent="root", kind="htb", options={init={colour=1}}})`, `struct tc-htb-glob has no member "colour"`},
		{`rtnl.qdisc_add(s, {dev="v0", parent="root", kind="nosuch", options={}})`, `no format for kind "nosuch"`},
		{`rtnl.qdisc_add(s, {dev="v0", parent="root", options={limit=1}})`, "options need a kind"},
		{`rtnl.filter_add(s, {dev="v0", kind="u32", protocol="ipx"})`, `field 'protocol': "ipx" is not`},
	} {
		luabindtest.WantError(t, L, tt.code, tt.want)
	}
	luabindtest.MustRun(t, L, `
		local ok, msg, code = rtnl.qdisc_add(s, {dev="v0", parent="root", handle="1:", kind="fq_codel", options={limit=100}})
		assert(ok == nil and code == "ENOENT" and msg:match("qdisc add fq_codel on v0"), tostring(msg) .. " " .. tostring(code))
		local ok, msg, code = rtnl.qdisc_del(s, {dev="v0", parent="1:7"})
		assert(ok == nil and code, tostring(msg))
		local ok, msg, code = rtnl.classes(s, {dev="nope0"})
		assert(ok == nil and code == "ENODEV" and msg:match("nope0"), tostring(msg) .. " " .. tostring(code))
		assert(#assert(rtnl.qdiscs(s, {dev="v0"})) == 1 and #assert(rtnl.qdiscs(s)) >= 2)`)
}
