//go:build linux

package monitor

import (
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// describeTC describes a qdisc, class or filter event through nlsh's tc
// description (rtnl.DecodeTC): "+qdisc htb 1: ifindex 3 parent root
// options {...}". Value is the decoded attributes with the handles as tc
// writes them. It reports false for other message types.
func describeTC(ev *Event, m nlsock.Message) bool {
	t := m.Header.Type
	if !rtnl.IsTC(t) {
		return false
	}
	o, err := rtnl.DecodeTC(t, m.Payload)
	ev.Err = err
	handle := rtnl.HandleString(o.Handle)
	switch {
	case t <= rtnl.RTM_GETQDISC:
		ev.Object, handle = "qdisc", rtnl.QdiscHandleString(o.Handle)
	case t <= rtnl.RTM_GETTCLASS:
		ev.Object = "class"
	default:
		ev.Object, handle = "filter", rtnl.FilterHandleString(o.Kind, o.Handle)
	}
	v := ynl.Attrs{"ifindex": int64(o.Ifindex), "handle": handle, "parent": rtnl.HandleString(o.Parent)}
	if o.Kind != "" {
		v["kind"] = o.Kind
	}
	if ev.Object == "filter" {
		v["pref"], v["protocol"] = uint64(o.Pref()), uint64(o.Protocol())
	}
	for k, a := range o.Attrs {
		v[k] = a
	}
	ev.Value = v
	var b strings.Builder
	b.WriteString(sign(ev.Type) + ev.Object)
	if o.Kind != "" {
		b.WriteString(" " + o.Kind)
	}
	b.WriteString(" " + handle + appendAttrs(nil, ynl.Attrs{"ifindex": v["ifindex"], "parent": v["parent"]}))
	if opts, ok := o.Attrs["options"]; ok {
		b.WriteString(" options " + attrText(opts))
	}
	ev.Text = b.String()
	return true
}
