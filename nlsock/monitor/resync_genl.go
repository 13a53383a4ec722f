//go:build linux

package monitor

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// Generic netlink families are re-dumped through their YNL spec: a
// notification that says `notify: dev-get` has the replies of dev-get as
// its layout, so dev-get's dump lists the objects the notifications are
// about, and the attributes its do request takes to fetch one object
// (ifindex) are what identifies one.

// newGenlState tracks, for each generic family group of subs, the objects
// its notifications are about; notes say why a group cannot be re-dumped.
func newGenlState(subs []Subscription, fams map[uint16]*genlFamily) (*state, []string) {
	st := &state{proto: unix.NETLINK_GENERIC, objs: map[string]string{}, describe: func(ev *Event) { describeEvent(fams, ev) }}
	var notes []string
	for _, sub := range subs {
		if sub.Proto != unix.NETLINK_GENERIC {
			continue
		}
		classes, why := genlClasses(sub, fams[sub.FamilyID])
		switch {
		case why == "":
		case len(classes) > 0:
			notes = append(notes, fmt.Sprintf("resync: %s is re-dumped only in part: %s", sub.Spec, why))
		default:
			notes = append(notes, fmt.Sprintf("resync: %s cannot be re-dumped: %s", sub.Spec, why))
		}
		for _, c := range classes {
			if !slices.ContainsFunc(st.classes, func(o *class) bool { return o.name == c.name }) {
				st.classes = append(st.classes, c)
			}
		}
	}
	if len(st.classes) == 0 {
		return nil, notes
	}
	return st, notes
}

// genlClasses are the classes of the objects the notifications of sub's
// group are about, and why some (or all) cannot be re-dumped.
func genlClasses(sub Subscription, f *genlFamily) ([]*class, string) {
	_, group, _ := strings.Cut(sub.Spec, ":")
	switch {
	case f == nil:
		return nil, "nlsh decodes nlctrl's events itself and tracks no families for a resync"
	case f.spec == nil:
		return nil, fmt.Sprintf("no YNL spec of %s was found (see --specs)", f.name)
	}
	var classes []*class
	var why []string
	var sources []string
	for _, op := range f.spec.Ops {
		switch {
		case op.Group != group:
		case op.Event != nil:
			why = append(why, fmt.Sprintf("%s carries attributes of its own, which no dump lists", op.Name))
		case op.Notify != "" && !slices.Contains(sources, op.Notify):
			sources = append(sources, op.Notify)
		}
	}
	for _, name := range sources {
		src, _ := f.spec.Op(name) // resolved when the spec loaded
		switch {
		case src.Dump == nil:
			why = append(why, fmt.Sprintf("%s, whose replies its notifications copy, has no dump", name))
		case src.Do == nil || src.Do.Request == nil || len(src.Do.Request.Attrs) == 0:
			why = append(why, fmt.Sprintf("%s names no attribute that identifies one object (its do takes none)", name))
		default:
			classes = append(classes, genlClass(sub.FamilyID, f, src))
		}
	}
	if len(classes) == 0 && len(why) == 0 {
		why = append(why, fmt.Sprintf("the spec of %s declares no notification of group %s", f.name, group))
	}
	return classes, strings.Join(why, "; ")
}

// genlClass tracks the objects src lists, keyed by the attributes its do
// request takes: "netdev dev", keyed by ifindex. A notification whose name
// has the word del or delete (dev-del-ntf, pin-delete-ntf) removes its
// object; YNL specs say no more than their names about that.
func genlClass(id uint16, f *genlFamily, src *ynl.Op) *class {
	object := strings.TrimSuffix(src.Name, "-get")
	keyAttrs := src.Do.Request.Attrs
	return &class{
		name: f.name + " " + object,
		dump: func(ctx context.Context, s *nlsock.Socket) ([]nlsock.Message, error) {
			c, err := ynl.NewClient(ctx, s, f.spec)
			if err != nil {
				return nil, err
			}
			_, req, err := c.Request(src.Name, true, nil)
			if err != nil {
				return nil, err
			}
			return rtnl.Dump(ctx, s, req)
		},
		identify: func(ev *Event) (tracked, bool) {
			attrs, ok := ev.Value.(ynl.Attrs)
			if !ok || ev.Message.Header.Type != id {
				return tracked{}, false
			}
			op, err := f.spec.Op(strings.TrimPrefix(ev.Type, f.name+" "))
			if err != nil || (op != src && op.Notify != src.Name) {
				return tracked{}, false
			}
			key := f.name + "/" + object
			for _, a := range keyAttrs {
				v, ok := attrs[a]
				if !ok {
					return tracked{}, false
				}
				key += "/" + attrText(v)
			}
			words := strings.Split(op.Name, "-")
			gone := slices.Contains(words, "del") || slices.Contains(words, "delete")
			return tracked{key: key, text: f.name + " " + object + " " + ev.Text, gone: gone}, true
		},
	}
}

// describeEvent describes a message as the monitor's events are: a
// generic family the monitor subscribed to by its spec.
func describeEvent(fams map[uint16]*genlFamily, ev *Event) {
	if f := fams[ev.Message.Header.Type]; f != nil && ev.Proto == unix.NETLINK_GENERIC {
		f.describe(ev)
	} else {
		Describe(ev)
	}
}
