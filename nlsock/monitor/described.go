//go:build linux

package monitor

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/conntrack"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Events of the objects nlsh reads through its built-in YNL descriptions
// rather than a decoder of its own: nexthops and netconf (rtnetlink) and
// conntrack entries (nfnetlink). ev.Value is the object as the Lua API
// gives it (rtnl.NexthopObject, rtnl.NetconfObject, conntrack.Object).

// describedRoute maps rtnetlink message types to their description and
// object name.
var describedRoute = map[uint16]struct{ spec, object string }{
	rtnl.RTM_NEWNEXTHOP: {"rt-nexthop", "nexthop"}, rtnl.RTM_DELNEXTHOP: {"rt-nexthop", "nexthop"},
	rtnl.RTM_NEWNETCONF: {"rt-netconf", "netconf"}, rtnl.RTM_DELNETCONF: {"rt-netconf", "netconf"},
}

// describeDescribedRoute fills ev for a message of describedRoute;
// false for other types.
func describeDescribedRoute(ev *Event, m nlsock.Message) bool {
	d, ok := describedRoute[m.Header.Type]
	if !ok {
		return false
	}
	dm, err := builtin.MustSpec(d.spec).DecodeBody(m.Header.Type, m.Payload)
	var obj ynl.Attrs
	if d.object == "nexthop" {
		var oerr error
		obj, oerr = rtnl.NexthopObject(dm)
		if err == nil {
			err = oerr
		}
	} else {
		obj = rtnl.NetconfObject(dm)
	}
	ev.Object, ev.Value, ev.Err = d.object, obj, err
	ev.Text = sign(ev.Type) + d.object + appendAttrs(nil, obj)
	return true
}

// conntrackTypes names ctnetlink's message types.
var conntrackTypes = map[uint16]string{conntrack.MsgNew: "IPCTNL_MSG_CT_NEW",
	conntrack.MsgGet: "IPCTNL_MSG_CT_GET", conntrack.MsgDelete: "IPCTNL_MSG_CT_DELETE"}

// describeConntrack fills ev for a ctnetlink message; false for other
// netfilter subsystems. Text: "+conntrack inet tcp ESTABLISHED
// 10.0.0.1:4000 -> 10.0.0.2:80 [SEEN_REPLY,ASSURED] id 7".
func describeConntrack(ev *Event, m nlsock.Message) bool {
	obj, ok, err := conntrack.Decode(m.Header.Type, m.Payload)
	if !ok {
		return false
	}
	ev.Type = conntrackTypes[m.Header.Type]
	if ev.Type == "" {
		ev.Type = fmt.Sprintf("IPCTNL message %d", m.Header.Type&0xff)
	}
	ev.Object, ev.Value, ev.Err = "conntrack", obj, err
	fam, _ := obj["family"].(string)
	ev.Family = fam
	var b strings.Builder
	fmt.Fprintf(&b, "%sconntrack %s %v", sign(ev.Type), fam, obj["protocol"])
	if st, ok := obj["state"]; ok {
		fmt.Fprintf(&b, " %v", st)
	}
	if t, ok := obj["orig"].(ynl.Attrs); ok {
		fmt.Fprintf(&b, " %s -> %s", endpoint(t, "src", "sport"), endpoint(t, "dst", "dport"))
	}
	if s, ok := obj["status"]; ok {
		fmt.Fprintf(&b, " [%s]", attrText(s))
	}
	if id, ok := obj["id"]; ok {
		fmt.Fprintf(&b, " id %v", id)
	}
	ev.Text = b.String()
	return true
}

func endpoint(t ynl.Attrs, addr, port string) string {
	a := fmt.Sprint(t[addr])
	if p, ok := t[port]; ok {
		if strings.Contains(a, ":") {
			return fmt.Sprintf("[%s]:%v", a, p)
		}
		return fmt.Sprintf("%s:%v", a, p)
	}
	return a
}
