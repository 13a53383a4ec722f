package ynl

import "testing"

// TestUndeclaredMessageDelivered: rt-link declares no RTM_DELLINK
// notification, yet the kernel sends one when a link goes; it is
// delivered, named after dellink and kept raw, never dropped.
func TestUndeclaredMessageDelivered(t *testing.T) {
	c, ns := kernelTreeClient(t, "rt-link")
	if _, err := c.Join("rtnlgrp-link"); err != nil {
		t.Fatal(err)
	}
	runIn(t, ns, "ip", "link", "add", "ynl0", "type", "veth", "peer", "name", "ynl1")
	runIn(t, ns, "ip", "link", "del", "ynl0")
	ctx := testCtx(t)
	for {
		m, err := c.Socket().Receive(ctx)
		if err != nil {
			t.Fatalf("no RTM_DELLINK delivered: %v", err)
		}
		if !c.Owns(m) {
			continue
		}
		dm, err := c.Decode(m)
		if err != nil {
			t.Fatal(err)
		}
		if m.Header.Type != 17 { // RTM_DELLINK
			continue
		}
		raw, _ := dm.Attrs[UnknownKey].([]RawAttr)
		if dm.Op != "dellink" || !dm.Raw || dm.Attrs["ifi-index"] == nil || !hasRaw(raw, 3, "ynl0\x00") {
			t.Errorf("RTM_DELLINK decoded as %+v; want dellink, raw, ifi-index and IFLA_IFNAME raw", dm)
		}
		return
	}
}

func hasRaw(raw []RawAttr, typ uint16, data string) bool {
	for _, r := range raw {
		if r.Type == typ && string(r.Data) == data {
			return true
		}
	}
	return false
}
