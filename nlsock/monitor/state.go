//go:build linux

package monitor

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// class is one kind of object a resync re-dumps.
type class struct {
	object   string // "link", "address", ...
	req      func() nlsock.Message
	families map[uint8]bool // nil: every family
}

// state tracks the objects of one protocol that the monitored groups
// cover: key -> text.
type state struct {
	proto   int
	classes []*class
	objs    map[string]string
}

// newState picks the classes a protocol's groups cover; nil if it has
// nothing a resync can re-dump.
func newState(proto int, groups []uint32) *state {
	switch proto {
	case unix.NETLINK_ROUTE:
		return newRouteState(groups)
	case unix.NETLINK_NETFILTER:
		return newNftState(groups)
	}
	return nil
}

// nftDumpRequest asks for every object of one nf_tables kind.
func nftDumpRequest(msg uint8) func() nlsock.Message {
	return func() nlsock.Message {
		return nlsock.Message{Header: nlsock.Header{Type: nft.Type(msg), Flags: nlsock.FlagDump},
			Payload: nft.Header{Family: nft.FamilyUnspec}.Append(nil)}
	}
}

// newNftState tracks nf_tables' tables, chains, sets and rules (set
// elements are not re-dumped: each set is its own dump).
func newNftState(groups []uint32) *state {
	for _, g := range groups {
		if g == nft.GroupNFTables {
			return &state{proto: unix.NETLINK_NETFILTER, objs: map[string]string{}, classes: []*class{
				{object: "table", req: nftDumpRequest(nft.MsgGetTable)},
				{object: "chain", req: nftDumpRequest(nft.MsgGetChain)},
				{object: "set", req: nftDumpRequest(nft.MsgGetSet)},
				{object: "rule", req: nftDumpRequest(nft.MsgGetRule)},
			}}
		}
	}
	return nil
}

// newRouteState picks the rtnetlink classes the groups cover.
func newRouteState(groups []uint32) *state {
	byObj := map[string]*class{}
	add := func(obj string, req func() nlsock.Message, fam uint8) {
		c := byObj[obj]
		if c == nil {
			c = &class{object: obj, req: req}
			byObj[obj] = c
		}
		if fam != 0 {
			if c.families == nil {
				c.families = map[uint8]bool{}
			}
			c.families[fam] = true
		}
	}
	for _, g := range groups {
		switch g {
		case rtnl.RTNLGRP_LINK:
			add("link", rtnl.LinkDumpRequest, 0)
		case rtnl.RTNLGRP_IPV4_IFADDR:
			add("address", rtnl.AddrDumpRequest, unix.AF_INET)
		case rtnl.RTNLGRP_IPV6_IFADDR:
			add("address", rtnl.AddrDumpRequest, unix.AF_INET6)
		case rtnl.RTNLGRP_IPV4_ROUTE:
			add("route", rtnl.RouteDumpRequest, unix.AF_INET)
		case rtnl.RTNLGRP_IPV6_ROUTE:
			add("route", rtnl.RouteDumpRequest, unix.AF_INET6)
		case rtnl.RTNLGRP_NEIGH:
			add("neigh", rtnl.NeighDumpRequest, 0)
		case rtnl.RTNLGRP_IPV4_RULE:
			add("rule", rtnl.RuleDumpRequest, unix.AF_INET)
		case rtnl.RTNLGRP_IPV6_RULE:
			add("rule", rtnl.RuleDumpRequest, unix.AF_INET6)
		}
	}
	st := &state{proto: unix.NETLINK_ROUTE, objs: map[string]string{}}
	for _, obj := range []string{"link", "address", "route", "neigh", "rule"} {
		if c := byObj[obj]; c != nil {
			st.classes = append(st.classes, c)
		}
	}
	if len(st.classes) == 0 {
		return nil
	}
	return st
}

func (st *state) names() string {
	var n []string
	for _, c := range st.classes {
		n = append(n, c.object)
	}
	return strings.Join(n, ", ")
}

// key identifies the object of a decoded route event, and whether the
// monitor tracks it. text is the event's Text without its sign.
func (st *state) key(ev *Event) (string, bool) {
	var fam uint8
	var k string
	switch v := ev.Value.(type) {
	case rtnl.Link:
		if v.Family != rtnl.AF_UNSPEC {
			return "", false // a bridge port's view (its RTM_DELLINK deletes no link); dumps have none
		}
		k = fmt.Sprintf("link/%d", v.Index)
	case rtnl.Address:
		fam, k = v.Family, fmt.Sprintf("address/%d/%d/%s", v.Family, v.Index, v.Prefix())
	case rtnl.Route:
		fam = v.Family
		k = fmt.Sprintf("route/%d/%d/%s/%d/%d/%d/%d", v.Family, v.Table, netip.PrefixFrom(v.Dst, int(v.DstLen)), v.TOS, v.Priority, v.OIF, v.Type)
	case rtnl.Neighbour:
		k = fmt.Sprintf("neigh/%d/%d/%s/%s/%d", v.Family, v.IfIndex, v.Dst, v.LLAddr, v.VLAN)
	case rtnl.Rule:
		fam, k = v.Family, "rule/"+ev.Text[1:]
	case nft.Message:
		// "table ip t", "chain ip t c", "set ip t s", "rule ip t c handle 4":
		// the text names the object whole.
		if len(ev.Text) < 2 {
			return "", false
		}
		k = ev.Object + "/" + ev.Text[1:]
	default:
		return "", false
	}
	for _, c := range st.classes {
		if c.object == ev.Object {
			return k, c.families == nil || c.families[fam]
		}
	}
	return "", false
}

// apply updates the state with an event.
func (st *state) apply(ev *Event) {
	k, ok := st.key(ev)
	if !ok || ev.Err != nil || len(ev.Text) < 2 {
		return
	}
	if ev.Text[0] == '-' {
		delete(st.objs, k)
	} else {
		st.objs[k] = ev.Text[1:]
	}
}

// dump reads every tracked object into a fresh map.
func (st *state) dump(ctx context.Context, ns nlsock.NetNS) (map[string]string, error) {
	s, err := nlsock.Open(st.proto, ns)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.SetReadBuffer(4<<20, true) // big dumps; best effort
	objs := map[string]string{}
	for _, c := range st.classes {
		msgs, err := rtnl.Dump(ctx, s, c.req())
		if err != nil {
			return nil, fmt.Errorf("dump %s: %w", c.object, err)
		}
		for _, m := range msgs {
			ev := Event{Proto: st.proto, Message: m}
			Describe(&ev)
			if k, ok := st.key(&ev); ok && ev.Err == nil && len(ev.Text) > 1 {
				objs[k] = ev.Text[1:]
			}
		}
	}
	return objs, nil
}

func (st *state) load(ctx context.Context, ns nlsock.NetNS) error {
	objs, err := st.dump(ctx, ns)
	if err == nil {
		st.objs = objs
	}
	return err
}

// resync re-dumps, diffs against the tracked state and returns the
// differences as events, then a note.
func (st *state) resync(ctx context.Context, ns nlsock.NetNS, label string) []Event {
	now := time.Now()
	note := Event{Time: now, NetNS: label, Proto: st.proto, Type: "resync", Resync: true}
	cur, err := st.dump(ctx, ns)
	if err != nil {
		note.Err = err
		note.Text = fmt.Sprintf("resync: re-dumping %s failed: %v", st.names(), err)
		return []Event{note}
	}
	var evs []Event
	var added, removed, changed int
	keys := make([]string, 0, len(cur)+len(st.objs))
	for k := range cur {
		keys = append(keys, k)
	}
	for k := range st.objs {
		if _, ok := cur[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		old, had := st.objs[k]
		now, has := cur[k]
		var text string
		switch {
		case !had:
			added++
			text = "+" + now
		case !has:
			removed++
			text = "-" + old
		case old != now:
			changed++
			text = "~" + now
		default:
			continue
		}
		obj, _, _ := strings.Cut(k, "/")
		evs = append(evs, Event{Time: note.Time, NetNS: label, Proto: st.proto, Type: "resync", Object: obj, Text: text, Resync: true})
	}
	st.objs = cur
	note.Text = fmt.Sprintf("resync: re-dumped %s: %d added, %d removed, %d changed while events were lost", st.names(), added, removed, changed)
	return append(evs, note)
}
