package help_test

import (
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// sampleObjects builds real objects in a fresh namespace (a bridge, a veth
// pair on it, addresses, routes, a neighbour, a rule, messages, an error
// with extack, a socket's stats, genl families, diag sockets) and returns,
// per object kind, the fields they carry, lazy ones read by name.
const sampleObjects = `
local ns = assert(netns.new())
local s = assert(netlink.open("route", ns))
assert(rtnl.link_add(s, {name = "br0", kind = "bridge", up = true}))
assert(rtnl.link_add(s, {name = "v0", kind = "veth", peer = "v1", master = "br0", up = true}))
assert(rtnl.link_set(s, "v1", {up = true}))
assert(rtnl.addr_add(s, "v0", "10.9.0.1/24"))
assert(rtnl.addr_add(s, "v0", "2001:db8::1/64"))
assert(rtnl.route_add(s, {dst = "10.8.0.0/16", gateway = "10.9.0.2", dev = "v0"}))
assert(netns.exec(ns, {"ip", "neigh", "add", "10.9.0.3", "lladdr", "02:00:00:00:00:03", "dev", "v0"}))
assert(netns.exec(ns, {"ip", "rule", "add", "fwmark", "7", "table", "100"}))
local seen = {}
local function keys(kind, t)
  seen[kind] = seen[kind] or {}
  for k in pairs(t) do seen[kind][k] = true end
end
for _, l in ipairs(assert(rtnl.links(s))) do keys("link", l) end
for _, a in ipairs(assert(rtnl.addrs(s))) do keys("address", a) end
for _, r in ipairs(assert(rtnl.routes(s, {table = "all"}))) do keys("route", r) end
for _, n in ipairs(assert(rtnl.neighbours(s))) do keys("neighbour", n) end
for _, r in ipairs(assert(rtnl.rules(s))) do keys("rule", r) end
for _, m in ipairs(assert(s:request({type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = string.rep("\0", 16)}))) do
  keys("message", m)
end
s:send{type = rtnl.RTM_NEWLINK, flags = netlink.F_REQUEST + netlink.F_ACK + netlink.F_CREATE + netlink.F_EXCL,
  payload = string.rep("\0", 16) .. netlink.attr(rtnl.IFLA_IFNAME, string.rep("x", 34) .. "\0")}
local err = assert(s:recv(5))
keys("message", err)
keys("extack", err.extack)
keys("stats", s:stats())
local g = assert(netlink.open("generic", ns))
for _, f in ipairs(assert(genl.families(g))) do keys("family", f) end
-- the test's own listeners are in the host's namespace
local d = assert(netlink.open("sock_diag", "host"))
for _, x in ipairs(assert(diag.sockets(d))) do keys("socket", x) end
assert(rtnl.link_set(s, "lo", {up = true}))
assert(rtnl.nexthop_add(s, {id = 1, gateway = "10.9.0.2", dev = "v0"}))
assert(rtnl.nexthop_add(s, {id = 2, group = {{id = 1}}, type = "resilient", buckets = 4}))
for _, n in ipairs(assert(rtnl.nexthops(s))) do keys("nexthop", n) end
for _, c in ipairs(assert(rtnl.netconf(s))) do keys("netconf", c) end
local nf = assert(netlink.open("netfilter", ns))
assert(netns.exec(ns, {"conntrack", "-I", "-p", "tcp", "-s", "10.9.0.1", "-d", "10.9.0.2", "--sport", "1000",
  "--dport", "80", "--state", "ESTABLISHED", "-t", "100", "-u", "SEEN_REPLY,ASSURED", "-m", "3"}))
for _, c in ipairs(assert(nfnl.conntrack(nf))) do keys("conntrack", c) end
nf:close()
assert(netns.exec(ns, {"tc", "qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb"}))
assert(netns.exec(ns, {"tc", "class", "add", "dev", "v0", "parent", "1:", "classid", "1:1", "htb", "rate", "1mbit"}))
assert(netns.exec(ns, {"tc", "qdisc", "add", "dev", "v0", "parent", "1:1", "handle", "10:", "pfifo"}))
assert(netns.exec(ns, {"tc", "filter", "add", "dev", "v0", "parent", "1:", "u32", "match", "u32", "0", "0", "flowid", "1:1"}))
for _, q in ipairs(assert(rtnl.qdiscs(s))) do keys("tc", q) end
for _, c in ipairs(assert(rtnl.classes(s, {dev = "v0"}))) do keys("tc", c) end
for _, f in ipairs(assert(rtnl.filters(s, {dev = "v0", parent = "1:"}))) do keys("tc", f) end
s:close() g:close() d:close() ns:close()
return seen
`

// TestReferenceMatchesRealObjects: every field real objects carry has an
// entry (this also proves objectSources finds the code that sets them).
func TestReferenceMatchesRealObjects(t *testing.T) {
	nlsocktest.RequireRoot(t)
	r := ref(t)
	for _, network := range []string{"unix", "tcp"} {
		addr := "127.0.0.1:0"
		if network == "unix" {
			addr = filepath.Join(t.TempDir(), "sock")
		}
		l, err := net.Listen(network, addr)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
	}
	s := newState(t)
	L := s.L
	fn, err := L.LoadString(sampleObjects)
	if err != nil {
		t.Fatal(err)
	}
	L.Push(fn)
	if err := L.PCall(0, 1, nil); err != nil {
		t.Fatalf("building sample objects: %v", err)
	}
	seen := L.CheckTable(-1)
	L.Pop(1)
	kinds := 0
	seen.ForEach(func(kind, fields lua.LValue) {
		kinds++
		fields.(*lua.LTable).ForEach(func(f, _ lua.LValue) {
			if r.Entry(kind.String()+"."+f.String()) == nil {
				t.Errorf("a real %s has the field %s, which docs/reference.md lacks: add '### %s.%s' under '## object %s'",
					kind, f, kind, f, kind)
			}
		})
	})
	if kinds < 10 {
		t.Errorf("sampled only %d kinds of object", kinds)
	}
	// Every documented lazy field reads without an error on a link.
	for _, e := range r.Section("link").Entries {
		for _, k := range e.Keys {
			code := "local s = assert(netlink.open('route')); local l = rtnl.links(s)[1]; local _ = l." +
				strings.TrimPrefix(k, "link.") + "; s:close()"
			if c, ok := s.RunString(code, "lazy"); !ok {
				t.Errorf("reading %s failed (exit %d)", k, c)
			}
		}
	}
}

// TestReferenceFamOnRealFamily: each documented method and field of a ynl
// family is there on a real one (netdev, from the kernel's specs): its
// __index is a function, so this reads every name the reference gives.
func TestReferenceFamOnRealFamily(t *testing.T) {
	t.Setenv("NLSH_SPECS", nlsocktest.KernelSpecs(t))
	r := ref(t)
	s := newState(t)
	if code, ok := s.RunString(`fam = assert(ynl.family("netdev"))`, "fam"); !ok {
		t.Fatalf("ynl.family(\"netdev\"): exit %d", code)
	}
	defer s.RunString("fam:close()", "fam")
	fam := s.L.GetGlobal("fam")
	for _, e := range r.Section("fam").Entries {
		for _, k := range e.Keys {
			name := k[len("fam")+1:]
			if v := s.L.GetField(fam, name); v == lua.LNil {
				t.Errorf("docs/reference.md line %d: a ynl family has no %s", e.Line, k)
			}
		}
	}
}
