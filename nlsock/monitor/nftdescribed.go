//go:build linux

package monitor

import (
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// describeNftDescribed fills ev for an nf_tables event nft has no struct
// for (stateful objects, flowtables) from nlsh's description of nf_tables:
// the object is the operation's ("obj" of getobj and delobj-ntf), the
// value and the text its attributes. Text: "+obj inet name c1 table t
// type counter data {bytes 0 packets 0} ...".
func describeNftDescribed(ev *Event, m nlsock.Message) {
	dm, err := builtin.MustSpec("nft").DecodeBody(m.Header.Type, m.Payload)
	ev.Err = err
	if dm.Op == "" || dm.Raw {
		return
	}
	for _, member := range []string{"nfgen-family", "version", "res-id"} {
		delete(dm.Attrs, member) // the family is ev.Family; the rest says nothing
	}
	object := opObject(dm.Op)
	ev.Object, ev.Value = object, dm.Attrs
	ev.Text = sign(ev.Type) + object + " " + ev.Family + appendAttrs(nil, dm.Attrs)
}
