//go:build linux

package monitor

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// The rtnetlink objects a resync re-dumps through their ynl.Attrs values
// (the described nexthops, tc's qdiscs, classes and filters) rather than
// a decoder of nlsh's own.

// nexthopClass tracks nexthops by id, the one thing that names a nexthop
// (ip nexthop get id N).
func nexthopClass() *class {
	return &class{name: "nexthop", dump: dumpOf(rtnl.NexthopDumpRequest), identify: func(ev *Event) (tracked, bool) {
		v, ok := ev.Value.(ynl.Attrs)
		if ev.Object != "nexthop" || !ok || v["id"] == nil {
			return tracked{}, false
		}
		return signed(ev, fmt.Sprintf("nexthop/%v", v["id"]), 0)
	}}
}

// tcClass tracks qdiscs, classes and filters.
func tcClass() *class {
	return &class{name: "tc", dump: dumpTC, identify: identifyTC}
}

// identifyTC keys a qdisc or class by its link, parent and handle, and a
// filter by its link, parent, chain, kind, preference, protocol (together
// they name the filter's priority, tc's "tp") and handle. A filter message
// of handle 0 is about the whole priority: its RTM_DELTFILTER removes
// every filter of it, as `tc filter del dev X parent 1: prio 1` does.
func identifyTC(ev *Event) (tracked, bool) {
	v, ok := ev.Value.(ynl.Attrs)
	if !ok || !rtnl.IsTC(ev.Message.Header.Type) {
		return tracked{}, false
	}
	switch ev.Object {
	case "qdisc", "class":
		o, ok := signed(ev, fmt.Sprintf("%s/%v/%v/%v", ev.Object, v["ifindex"], v["parent"], v["handle"]), 0)
		if opts, isAttrs := v["options"].(ynl.Attrs); isAttrs {
			o.text = strings.Replace(o.text, " options "+attrText(opts), " options "+attrText(withoutUnannounced(opts)), 1)
		}
		return o, ok
	case "filter":
		parent := fmt.Sprint(v["parent"])
		tp := fmt.Sprintf("filter/%v/%s/%v/%v/%v/%v/", v["ifindex"], hookParent(parent), v["chain"], v["kind"], v["pref"], v["protocol"])
		o, ok := signed(ev, tp+fmt.Sprint(v["handle"]), 0)
		o.text = strings.Replace(o.text, " parent "+parent+" ", " parent "+hookParent(parent)+" ", 1)
		if p := ev.Message.Payload; len(p) >= rtnl.TcMsgLen && binary.NativeEndian.Uint32(p[8:]) == 0 {
			// A priority's own message: its removal, or in a dump the
			// header before its filters, which is no filter to track.
			o.key, o.whole = tp, true
			return o, ok && o.gone
		}
		return o, ok
	}
	return tracked{}, false
}

// unannounced are the options the kernel changes without an event: htb's
// count of packets sent past its classes, and a class's level, which
// rises when a class is added below it. A resync would find every htb
// qdisc that carried traffic changed.
var unannounced = [][2]string{{"init", "direct-pkts"}, {"parms", "level"}}

// withoutUnannounced is opts without the unannounced options; opts itself
// is not changed.
func withoutUnannounced(opts ynl.Attrs) ynl.Attrs {
	out := opts
	for _, u := range unannounced {
		inner, ok := out[u[0]].(ynl.Attrs)
		if _, has := inner[u[1]]; !ok || !has {
			continue
		}
		out = maps.Clone(out)
		inner = maps.Clone(inner)
		delete(inner, u[1])
		out[u[0]] = inner
	}
	return out
}

// hookParent is a filter's parent with the ingress side's names made one:
// on the ingress qdisc every minor of ffff: ("parent ffff:", "ingress",
// which is ffff:fff2) is its one filter block, which the dump lists under
// ffff:; clsact's egress hook (ffff:fff3) stays apart. The state keeps
// filters under it, key and text, so that a filter added as "ingress" is
// not found changed by a dump that lists it under ffff:.
func hookParent(parent string) string {
	if strings.HasPrefix(parent, "ffff:") && parent != "ffff:fff3" {
		return "ffff:fff2"
	}
	return parent
}

// tcParent is a link's qdisc or class that filters can hang off.
type tcParent struct {
	ifindex int32
	handle  uint32
}

// dumpTC reads every qdisc, then the classes of each link that has one,
// then the filters of each qdisc and class: the kernel dumps classes one
// link at a time and filters one parent at a time. Objects that go away
// meanwhile make their dump empty, not an error.
func dumpTC(ctx context.Context, s *nlsock.Socket) ([]nlsock.Message, error) {
	out, err := rtnl.Dump(ctx, s, rtnl.TCDumpRequest(rtnl.RTM_GETQDISC, 0, 0))
	if err != nil {
		return nil, fmt.Errorf("qdiscs: %w", err)
	}
	var links []int32
	seen := map[int32]bool{}
	var parents []tcParent
	for _, m := range out {
		o, _ := rtnl.DecodeTC(m.Header.Type, m.Payload) // a malformed qdisc shows in its own event
		if m.Header.Type != rtnl.RTM_NEWQDISC || o.Ifindex == 0 {
			continue
		}
		if !seen[o.Ifindex] {
			seen[o.Ifindex] = true
			links = append(links, o.Ifindex)
		}
		switch {
		case o.Kind == "ingress":
			parents = append(parents, tcParent{o.Ifindex, rtnl.TC_H_CLSACT&0xffff0000 | rtnl.TC_H_MIN_INGRESS})
		case o.Kind == "clsact":
			parents = append(parents, tcParent{o.Ifindex, rtnl.TC_H_CLSACT&0xffff0000 | rtnl.TC_H_MIN_INGRESS},
				tcParent{o.Ifindex, rtnl.TC_H_CLSACT&0xffff0000 | rtnl.TC_H_MIN_EGRESS})
		case o.Handle != 0: // noqueue's 0: holds no filters
			parents = append(parents, tcParent{o.Ifindex, o.Handle})
		}
	}
	for _, ifindex := range links {
		classes, err := rtnl.Dump(ctx, s, rtnl.TCDumpRequest(rtnl.RTM_GETTCLASS, ifindex, 0))
		if err != nil {
			return nil, fmt.Errorf("classes of link %d: %w", ifindex, err)
		}
		out = append(out, classes...)
		for _, m := range classes {
			if o, _ := rtnl.DecodeTC(m.Header.Type, m.Payload); m.Header.Type == rtnl.RTM_NEWTCLASS && o.Handle != 0 {
				parents = append(parents, tcParent{ifindex, o.Handle})
			}
		}
	}
	for _, p := range parents {
		filters, err := rtnl.Dump(ctx, s, rtnl.TCDumpRequest(rtnl.RTM_GETTFILTER, p.ifindex, p.handle))
		if err != nil {
			return nil, fmt.Errorf("filters of link %d parent %s: %w", p.ifindex, rtnl.HandleString(p.handle), err)
		}
		out = append(out, filters...)
	}
	return out, nil
}
