package ynl

import (
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// TestYnlBuiltinFallback: with no kernel spec installed, ynl.family
// ("rt-link") reads nlsh's own description and dumps links. (linkinfo's
// kind-selected data is decoded by the CLI view, TestLiveDumpsAgree in
// nlsock/ynl/builtin; Decode keeps sub-messages raw for now.)
func TestYnlBuiltinFallback(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("NLSH_SPECS", "")
	if p, err := ynl.Find("rt-link", ynl.SearchPath(empty)); err == nil {
		nlsocktest.Skipf(t, "a kernel rt-link spec is installed (%s): the fallback is not reached", p)
	}
	ns := nlsocktest.NewNamespace(t)
	L, _ := luabindtest.NewState(t, luabind.Options{DefaultNS: ns.NetNS(), SpecDirs: []string{empty}}, Module)
	luabindtest.MustRun(t, L, `
		assert(netns.exec(nil, {"ip", "link", "add", "br0", "type", "bridge"}))
		assert(netns.exec(nil, {"ip", "link", "add", "y0", "mtu", "1400", "master", "br0", "type", "veth", "peer", "name", "y1"}))
		assert(ynl.path("rt_link") == "builtin:rt-link", ynl.path("rt_link"))
		local names = table.concat((ynl.specs()), " ")
		assert(names:find("rt-link", 1, true) and names:find("rt-route", 1, true), names)
		local fam = assert(ynl.family("rt-link"))
		assert(fam.spec == "builtin:rt-link", fam.spec)
		local byname = {}
		for _, l in ipairs(assert(fam:dump("getlink"))) do byname[l.ifname] = l end
		local y0, br0 = assert(byname.y0, "no y0"), assert(byname.br0, "no br0")
		assert(y0.mtu == 1400 and y0.linkinfo.kind == "veth", tostring(y0.mtu))
		assert(y0.master == br0["ifi-index"], "master")
		assert(y0.linkinfo["slave-kind"] == "bridge" and br0.linkinfo.kind == "bridge", "kinds")
	`)
}
