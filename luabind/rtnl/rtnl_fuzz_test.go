package rtnl

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// rtnlLazyKeys are every lazy field the object tables answer.
var rtnlLazyKeys = []string{"type", "family", "change", "ifi_flags", "broadcast", "perm_address",
	"alias", "altnames", "linkmode", "link_netnsid", "slave_kind", "info_data", "slave_data", "peer",
	"stats", "attrs", "unknown", "link", "txqlen", "qdisc", "group", "min_mtu", "carrier",
	"flags", "ifa_flags", "local", "anycast", "valid_lft", "cacheinfo", "pref", "metrics",
	"dst_len", "iif", "ndm_state", "probes", "uid_range", "fwmask", "tun_id", "nosuch"}

// FuzzRtnlBody feeds arbitrary route messages to the body decoder and asks
// every lazy field: nothing may panic.
func FuzzRtnlBody(f *testing.F) {
	for _, typ := range []uint16{rtnl.RTM_NEWLINK, rtnl.RTM_NEWADDR, rtnl.RTM_NEWROUTE, rtnl.RTM_NEWNEIGH, rtnl.RTM_NEWRULE} {
		f.Add(typ, make([]byte, rtnl.HeaderLen(typ)))
	}
	if m, err := rtnl.LinkAddRequest(rtnl.LinkSpec{Name: "v0", Kind: "veth", Peer: "v1"}); err == nil {
		f.Add(rtnl.RTM_NEWLINK, m.Payload)
	}
	L := lua.NewState()
	defer L.Close()
	get := L.NewFunction(func(L *lua.LState) int {
		L.Push(L.GetField(L.CheckTable(1), L.CheckString(2)))
		return 1
	})
	f.Fuzz(func(t *testing.T, typ uint16, payload []byte) {
		body := rtnlBody(L, nlsock.Message{Header: nlsock.Header{Type: typ}, Payload: payload})
		tb, ok := body.(*lua.LTable)
		if !ok {
			return
		}
		for _, k := range rtnlLazyKeys {
			L.Push(get)
			L.Push(tb)
			L.Push(lua.LString(k))
			if err := L.PCall(2, 1, nil); err != nil {
				t.Fatalf("body.%s: %v", k, err)
			}
			if peer, ok := L.Get(-1).(*lua.LTable); ok && k == "peer" {
				L.GetField(peer, "attrs")
			}
			L.SetTop(0)
		}
	})
}
