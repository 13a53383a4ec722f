package help_test

import (
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// describedObjects are the objects whose fields come from nlsh's built-in
// YNL descriptions (nlsock/rtnl/nexthop.go, netconf.go, nlsock/conntrack)
// rather than from luabind's source: every attribute of the operation's
// reply, with underscores, under the name the Go layer gives it (renamed,
// or "" when it is not a field of its own), plus the fields that layer
// makes itself.
var describedObjects = []struct {
	object, spec, op string
	renamed          map[string]string
	made             []string
}{
	{"nexthop", "rt-nexthop", "getnexthop",
		map[string]string{"oif": "ifindex", "group-type": "type", "res-group": "resilient"},
		[]string{"family", "scope", "protocol", "flags", "op_flags"}},
	{"netconf", "rt-netconf", "getnetconf", nil, []string{"family", "interface"}},
	{"conntrack", "conntrack", "get",
		map[string]string{"tuple-orig": "orig", "tuple-reply": "reply", "tuple-master": "master",
			"counters-orig": "counters", "counters-reply": "counters"},
		[]string{"family", "protocol", "protonum", "state", "event"}},
}

// describedFields lists the fields of describedObjects for bindings.
func describedFields(t *testing.T) map[string]string {
	t.Helper()
	have := map[string]string{}
	for _, o := range describedObjects {
		spec, err := builtin.Spec(o.spec)
		if err != nil {
			t.Fatal(err)
		}
		op, err := spec.Op(o.op)
		if err != nil || op.Dump == nil || op.Dump.Reply == nil {
			t.Fatalf("description %s: no dump reply of %s (%v): update describedObjects", o.spec, o.op, err)
		}
		where := "an attribute of the " + o.spec + " description's " + o.op + " reply"
		for _, a := range op.Dump.Reply.Attrs {
			name, ok := o.renamed[a]
			if !ok {
				name = strings.ReplaceAll(a, "-", "_")
			}
			if name != "" {
				have[o.object+"."+name] = where
			}
		}
		for _, f := range o.made {
			have[o.object+"."+f] = "a field the Go layer of " + o.spec + " makes"
		}
	}
	return have
}
