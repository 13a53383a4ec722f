package ynl

import (
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestYnlKernelTreeFamilies drives families of the kernel tree's specs
// from Lua: nftables (message types 0x0a00 and up) and rt-link's
// undeclared RTM_DELLINK.
func TestYnlKernelTreeFamilies(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	L, _ := newYnlState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local nft = assert(ynl.family("nftables"))
		local r, msg, errname = nft:call("gettable", {name = "nosuch"})
		assert(r == nil and errname == "ENOENT", "gettable nosuch: " .. tostring(msg))
		nft:close()

		local rl = assert(ynl.family("rt-link"))
		assert(rl:join("rtnlgrp-link"))
		assert(netns.exec(nil, {"ip", "link", "add", "y0", "type", "veth", "peer", "name", "y1"}))
		assert(netns.exec(nil, {"ip", "link", "del", "y0"}))
		local dellink
		repeat
			local ev = assert(rl:recv(5))
			if ev.cmd == 17 then dellink = ev end
		until dellink
		assert(dellink.op == "dellink" and dellink.raw == true, tostring(dellink.op))
		assert(dellink.attrs["ifi-index"] > 0)
		rl:close()
	`)
}
