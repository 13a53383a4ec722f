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
	name     string         // in notes: "link", "tc", "netdev dev"
	families map[uint8]bool // nil: every family
	// dump reads every object of the class; identify names the object an
	// event (of a dump or a group) is about, false if it is not the class's.
	dump     func(context.Context, *nlsock.Socket) ([]nlsock.Message, error)
	identify func(*Event) (tracked, bool)
}

// tracked is the object an event is about, as the state keeps it.
type tracked struct {
	key    string // "link/7", "filter/3/1:/0/u32/1/2048/800::800": the object's kind before the first slash
	text   string // what the state keeps: the event's text without its sign
	family uint8
	gone   bool // the event removes the object
	whole  bool // with gone: it removes every object whose key starts with key (a tc filter's whole priority)
}

// state tracks the objects of one protocol that the monitored groups
// cover: key -> text.
type state struct {
	proto    int
	classes  []*class
	describe func(*Event) // how the protocol's messages become events (generic netlink: by spec)
	objs     map[string]string
}

// newState picks the classes a protocol's groups cover; nil if it has
// nothing a resync can re-dump. notes say, one line each, what the groups
// carry that cannot be re-dumped, and why.
func newState(proto int, groups []uint32, subs []Subscription, fams map[uint16]*genlFamily) (st *state, notes []string) {
	switch proto {
	case unix.NETLINK_ROUTE:
		st, notes = newRouteState(groups)
	case unix.NETLINK_NETFILTER:
		st = newNftState(groups)
		for _, sub := range subs {
			if sub.Proto == unix.NETLINK_NETFILTER && sub.Spec != "nftables" {
				notes = append(notes, fmt.Sprintf("resync: %s cannot be re-dumped: nlsh tracks none of its entries", sub.Spec))
			}
		}
	case unix.NETLINK_GENERIC:
		st, notes = newGenlState(subs, fams)
	}
	if st != nil && st.describe == nil {
		st.describe = Describe
	}
	return st, notes
}

// dumpOf is a class's dump of one request.
func dumpOf(req func() nlsock.Message) func(context.Context, *nlsock.Socket) ([]nlsock.Message, error) {
	return func(ctx context.Context, s *nlsock.Socket) ([]nlsock.Message, error) {
		return rtnl.Dump(ctx, s, req())
	}
}

// signed is the object of an event whose text starts with its sign
// ("+link ...", "-route ..."): keyed by key.
func signed(ev *Event, key string, family uint8) (tracked, bool) {
	if len(ev.Text) < 2 {
		return tracked{}, false
	}
	return tracked{key: key, text: ev.Text[1:], family: family, gone: ev.Text[0] == '-'}, true
}

// byObject identifies the events of one Object by objectKey.
func byObject(object string) func(*Event) (tracked, bool) {
	return func(ev *Event) (tracked, bool) {
		if ev.Object != object {
			return tracked{}, false
		}
		k, fam, ok := objectKey(ev)
		if !ok {
			return tracked{}, false
		}
		return signed(ev, k, fam)
	}
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
				{name: "table", dump: dumpOf(nftDumpRequest(nft.MsgGetTable)), identify: byObject("table")},
				{name: "chain", dump: dumpOf(nftDumpRequest(nft.MsgGetChain)), identify: byObject("chain")},
				{name: "set", dump: dumpOf(nftDumpRequest(nft.MsgGetSet)), identify: byObject("set")},
				{name: "rule", dump: dumpOf(nftDumpRequest(nft.MsgGetRule)), identify: byObject("rule")},
			}}
		}
	}
	return nil
}

// routeGroupObjects says which object each rtnetlink group carries, the
// request that dumps it and the address family the group is limited to (0
// for all).
var routeGroupObjects = map[uint32]struct {
	obj    string
	dump   func() nlsock.Message
	family uint8
}{
	rtnl.RTNLGRP_LINK:        {"link", rtnl.LinkDumpRequest, 0},
	rtnl.RTNLGRP_IPV4_IFADDR: {"address", rtnl.AddrDumpRequest, unix.AF_INET},
	rtnl.RTNLGRP_IPV6_IFADDR: {"address", rtnl.AddrDumpRequest, unix.AF_INET6},
	rtnl.RTNLGRP_IPV4_ROUTE:  {"route", rtnl.RouteDumpRequest, unix.AF_INET},
	rtnl.RTNLGRP_IPV6_ROUTE:  {"route", rtnl.RouteDumpRequest, unix.AF_INET6},
	rtnl.RTNLGRP_NEIGH:       {"neigh", rtnl.NeighDumpRequest, 0},
	rtnl.RTNLGRP_IPV4_RULE:   {"rule", rtnl.RuleDumpRequest, unix.AF_INET},
	rtnl.RTNLGRP_IPV6_RULE:   {"rule", rtnl.RuleDumpRequest, unix.AF_INET6},
}

// newRouteState picks the rtnetlink classes the groups cover; the note
// names the groups whose objects it does not track.
func newRouteState(groups []uint32) (*state, []string) {
	byObj := map[string]*class{}
	add := func(obj string, req func() nlsock.Message, fam uint8) {
		c := byObj[obj]
		if c == nil {
			c = &class{name: obj, dump: dumpOf(req), identify: byObject(obj)}
			byObj[obj] = c
		}
		if fam != 0 {
			if c.families == nil {
				c.families = map[uint8]bool{}
			}
			c.families[fam] = true
		}
	}
	var untracked []string
	for _, g := range groups {
		if t, ok := routeGroupObjects[g]; ok {
			add(t.obj, t.dump, t.family)
			continue
		}
		switch g {
		case rtnl.RTNLGRP_NEXTHOP:
			byObj["nexthop"] = nexthopClass()
		case rtnl.RTNLGRP_TC:
			byObj["tc"] = tcClass()
		default:
			untracked = append(untracked, GroupName(unix.NETLINK_ROUTE, g))
		}
	}
	st := &state{proto: unix.NETLINK_ROUTE, objs: map[string]string{}}
	for _, obj := range []string{"link", "address", "route", "neigh", "rule", "nexthop", "tc"} {
		if c := byObj[obj]; c != nil {
			st.classes = append(st.classes, c)
		}
	}
	var notes []string
	if len(untracked) > 0 {
		notes = append(notes, fmt.Sprintf("resync: the route groups %s cannot be re-dumped: nlsh tracks no objects of theirs", strings.Join(untracked, ", ")))
	}
	if len(st.classes) == 0 {
		return nil, notes
	}
	return st, notes
}

func (st *state) names() string {
	var n []string
	for _, c := range st.classes {
		n = append(n, c.name)
	}
	return strings.Join(n, ", ")
}

// objectKey is the key and family of the object of a decoded rtnetlink
// or nf_tables event, false if it is none a resync re-dumps.
func objectKey(ev *Event) (string, uint8, bool) {
	if len(ev.Text) < 2 {
		return "", 0, false
	}
	switch v := ev.Value.(type) {
	case *rtnl.Link:
		if v.Family != rtnl.AF_UNSPEC {
			return "", 0, false // a bridge port's view (its RTM_DELLINK deletes no link); dumps have none
		}
		return fmt.Sprintf("link/%d", v.Index), 0, true
	case *rtnl.Address:
		return fmt.Sprintf("address/%d/%d/%s", v.Family, v.Index, v.Prefix()), v.Family, true
	case *rtnl.Route:
		return fmt.Sprintf("route/%d/%d/%s/%d/%d/%d/%d", v.Family, v.Table, netip.PrefixFrom(v.Dst, int(v.DstLen)), v.TOS, v.Priority, v.OIF, v.Type), v.Family, true
	case *rtnl.Neighbour:
		return fmt.Sprintf("neigh/%d/%d/%s/%s/%d", v.Family, v.IfIndex, v.Dst, v.LLAddr, v.VLAN), 0, true
	case *rtnl.Rule:
		return "rule/" + ev.Text[1:], v.Family, true
	case nft.Message:
		// "table ip t", "chain ip t c", "set ip t s", "rule ip t c handle 4":
		// the text names the object whole.
		return ev.Object + "/" + ev.Text[1:], 0, true
	}
	return "", 0, false
}

// identify names the object an event is about, false if the state does
// not track it.
func (st *state) identify(ev *Event) (tracked, bool) {
	if ev.Err != nil {
		return tracked{}, false
	}
	for _, c := range st.classes {
		if o, ok := c.identify(ev); ok {
			return o, c.families == nil || c.families[o.family]
		}
	}
	return tracked{}, false
}

// apply updates the state with an event.
func (st *state) apply(ev *Event) {
	o, ok := st.identify(ev)
	switch {
	case !ok:
	case o.gone && o.whole:
		for k := range st.objs {
			if strings.HasPrefix(k, o.key) {
				delete(st.objs, k)
			}
		}
	case o.gone:
		delete(st.objs, o.key)
	default:
		st.objs[o.key] = o.text
	}
}

// dump reads every tracked object into a fresh map.
func (st *state) dump(ctx context.Context, opts Options) (map[string]string, error) {
	s, err := opts.open(st.proto, nlsock.Config{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.SetReadBuffer(4<<20, true) // big dumps; best effort
	objs := map[string]string{}
	for _, c := range st.classes {
		msgs, err := c.dump(ctx, s)
		if err != nil {
			return nil, fmt.Errorf("dump %s: %w", c.name, err)
		}
		for _, m := range msgs {
			ev := Event{Proto: st.proto, Message: m}
			st.describe(&ev)
			if o, ok := st.identify(&ev); ok && !o.gone {
				objs[o.key] = o.text
			}
		}
	}
	return objs, nil
}

func (st *state) load(ctx context.Context, opts Options) error {
	objs, err := st.dump(ctx, opts)
	if err == nil {
		st.objs = objs
	}
	return err
}

// resync re-dumps, diffs against the tracked state and returns the
// differences as events, then a note.
func (st *state) resync(ctx context.Context, opts Options, label string) []Event {
	now := time.Now()
	note := Event{Time: now, NetNS: label, Proto: st.proto, Type: "resync", Resync: true}
	cur, err := st.dump(ctx, opts)
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
