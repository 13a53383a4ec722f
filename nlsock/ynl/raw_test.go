package ynl

import (
	"encoding/json"
	"net/netip"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// routeClient binds a netlink-raw spec to a NETLINK_ROUTE socket in a
// fresh namespace.
func routeClient(t *testing.T, family string) (*Client, *nlsock.Namespace) {
	t.Helper()
	return mustClientInNewNS(t, loadSpec(t, family))
}

// TestRtLinkAgreesWithIP dumps rt-link getlink (ifinfomsg fixed header,
// message types instead of a genl family) and compares with `ip -j link`.
func TestRtLinkAgreesWithIP(t *testing.T) {
	c, ns := routeClient(t, "rt-link")
	runIn(t, ns, "ip", "link", "add", "ynl0", "type", "veth", "peer", "name", "ynl1")
	var links []struct {
		Ifindex uint64
		Ifname  string
		Mtu     uint64
	}
	if err := json.Unmarshal(runIn(t, ns, "ip", "-j", "link"), &links); err != nil {
		t.Fatal(err)
	}
	want := map[uint64]string{}
	for _, l := range links {
		want[l.Ifindex] = l.Ifname
	}
	msgs, err := c.Dump(testCtx(t), "getlink", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[uint64]string{}
	for _, m := range msgs {
		if m.Op != "getlink" {
			t.Errorf("reply decoded as %q, want getlink", m.Op)
		}
		idx, _ := toUint(m.Attrs["ifi-index"], 32) // s32 in ifinfomsg
		got[idx] = m.Attrs["ifname"].(string)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("links (-ip +ynl):\n%s", diff)
	}
	one, err := c.Do(testCtx(t), "getlink", Attrs{"ifname": "ynl0"})
	if err != nil || len(one) != 1 || one[0].Attrs["ifname"] != "ynl0" {
		t.Fatalf("do getlink ynl0: %v, %v", one, err)
	}
	li, _ := one[0].Attrs["linkinfo"].(Attrs)
	if li["kind"] != "veth" {
		t.Errorf("linkinfo %v, want kind veth", li)
	}
	_, err = c.Do(testCtx(t), "getlink", Attrs{"ifname": "nope0"})
	checkOpError(t, err, unix.ENODEV, "getlink", "", "")
}

// TestRtAddrAgreesWithIP dumps rt-addr getaddr and compares with
// `ip -j addr`.
func TestRtAddrAgreesWithIP(t *testing.T) {
	c, ns := routeClient(t, "rt-addr")
	runIn(t, ns, "ip", "link", "set", "lo", "up")
	runIn(t, ns, "ip", "addr", "add", "192.0.2.1/24", "dev", "lo")
	var links []struct {
		AddrInfo []struct {
			Local     string
			Prefixlen uint64
		} `json:"addr_info"`
	}
	if err := json.Unmarshal(runIn(t, ns, "ip", "-j", "addr"), &links); err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, l := range links {
		for _, a := range l.AddrInfo {
			want = append(want, a.Local)
		}
	}
	msgs, err := c.Dump(testCtx(t), "getaddr", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		b, _ := m.Attrs["ifa-address"].([]byte)
		if local, ok := m.Attrs["ifa-local"].([]byte); ok {
			b = local
		}
		addr, ok := netip.AddrFromSlice(b)
		if !ok {
			t.Fatalf("address %x", b)
		}
		got = append(got, addr.String())
	}
	sort.Strings(want)
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("addresses (-ip +ynl):\n%s", diff)
	}
}

// TestRawJoin joins rt-link's link group by the spec's name and decodes
// the notification a new link sends.
func TestRawJoin(t *testing.T) {
	c, ns := routeClient(t, "rt-link")
	if _, err := c.Join("rtnlgrp-link"); err != nil {
		t.Fatal(err)
	}
	runIn(t, ns, "ip", "link", "add", "ynl0", "type", "veth", "peer", "name", "ynl1")
	ctx := testCtx(t)
	for {
		m, err := c.Socket().Receive(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Owns(m) {
			continue
		}
		dm, err := c.Decode(m)
		if err != nil {
			t.Fatal(err)
		}
		// 6.12's rt-link declares no notification: RTM_NEWLINK is
		// getlink's reply.
		if dm.Op == "getlink" && dm.Attrs["ifname"] == "ynl0" {
			return
		}
	}
}
