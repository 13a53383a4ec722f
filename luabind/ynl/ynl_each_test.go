package ynl

import (
	"fmt"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestYnlEach streams rt-link's getlink dump of 401 links by spec: the
// same replies as fam:dump, in order; break leaves the family's socket
// usable; a dump the kernel refuses raises its errno.
func TestYnlEach(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	var lines []string
	for i := range 200 {
		lines = append(lines, fmt.Sprintf("link add a%d type veth peer name b%d", i, i))
	}
	luabindtest.IPBatch(t, ns.NetNS(), lines)
	L, _ := newYnlState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local fam = assert(ynl.family("rt-link"))
		local all = assert(fam:dump("getlink"))
		assert(#all == 401, #all)
		local n = 0
		for l in fam:each("getlink") do
			n = n + 1
			assert(l.ifname == all[n].ifname and l["ifi-index"] == all[n]["ifi-index"], n)
		end
		assert(n == #all, n)
		n = 0
		for l in fam:each("getlink") do n = n + 1 if n == 5 then break end end
		assert(#assert(fam:dump("getlink")) == #all)
		-- strict checking refuses a link dump filtered by index
		local ok, err = pcall(function() for l in fam:each("getlink", {["ifi-index"] = 1}) do end end)
		assert(not ok and err:match("fam:each: .*EINVAL"), tostring(err))
		ok, err = pcall(fam.each, fam, "nope")
		assert(not ok and err:match("bad argument #1 to fam:each"), err)
		fam:close()
	`)
}
