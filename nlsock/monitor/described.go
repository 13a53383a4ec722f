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
	"golang.org/x/sys/unix"
)

// Events of the rtnetlink objects nlsh reads through its built-in YNL
// descriptions rather than a decoder of its own (nexthops, netconf, link
// statistics, ...): whichever description declares the message type
// (builtin.ForMessage) decodes it. ev.Value is the object as the Lua API
// gives it (rtnl.NexthopObject, rtnl.NetconfObject), or the decoded
// attributes; conntrack entries (nfnetlink) are conntrack.Object.

// objectViews turn a decoded message into the object the Lua API gives,
// for the descriptions that have one.
var objectViews = map[string]func(ynl.Message) (ynl.Attrs, error){
	"rt-nexthop": rtnl.NexthopObject,
	"rt-netconf": func(m ynl.Message) (ynl.Attrs, error) { return rtnl.NetconfObject(m), nil },
}

// describeDescribedRoute fills ev for a message type a description
// declares; false for other types.
func describeDescribedRoute(ev *Event, m nlsock.Message) bool {
	spec := builtin.ForMessage(unix.NETLINK_ROUTE, m.Header.Type)
	if spec == nil {
		return false
	}
	dm, err := spec.DecodeBody(m.Header.Type, m.Payload)
	obj := dm.Attrs
	if view := objectViews[spec.Name]; view != nil {
		var verr error
		obj, verr = view(dm)
		if err == nil {
			err = verr
		}
	}
	ev.Object, ev.Value, ev.Err = opObject(dm.Op), obj, err
	ev.Text = sign(ev.Type) + ev.Object + appendAttrs(nil, obj)
	return true
}

// opObject is the object an operation is about: getnexthop and
// newnexthop-ntf are both "nexthop".
func opObject(op string) string {
	for _, verb := range []string{"get", "new", "del", "set"} {
		if o, ok := strings.CutPrefix(op, verb); ok {
			op = o
			break
		}
	}
	return strings.TrimSuffix(op, "-ntf")
}

// describeConntrack fills ev for a ctnetlink message; false for other
// netfilter subsystems. Text: "+conntrack inet tcp ESTABLISHED
// 10.0.0.1:4000 -> 10.0.0.2:80 [SEEN_REPLY,ASSURED] id 7".
func describeConntrack(ev *Event, m nlsock.Message) bool {
	obj, ok, err := conntrack.Decode(m.Header.Type, m.Payload)
	if !ok {
		return false
	}
	ev.Type = nlsock.MessageTypeName(unix.NETLINK_NETFILTER, m.Header.Type)
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
