//go:build linux

package builtin

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// messageIndexFile is the index of the message types the netlink-raw
// descriptions declare, one "PROTO TYPE NAME" line each, written by
// gensets (MessageIndex): ForMessage reads it and parses only the
// description it names, where building the index parses all of them
// (tens of milliseconds on a first netlink.explain or monitor event).
const messageIndexFile = "compiled/messages.idx"

type messageKey struct {
	proto int
	typ   uint16
}

// ForMessage returns the built-in description of a netlink-raw family that
// declares message type typ of netlink protocol proto (rt-link for
// RTM_NEWLINK of protocol 0), or nil: the descriptions are the one place
// that says which message types a family has.
func ForMessage(proto int, typ uint16) *ynl.Spec {
	name, ok := messageOwners()[messageKey{proto, typ}]
	if !ok {
		return nil
	}
	return MustSpec(name)
}

// MessageIndex is the text of the message index from the descriptions:
// every message type that names one operation (ynl.Spec.MessageTypes) of a
// netlink-raw description, sorted by protocol and type.
func MessageIndex() []byte {
	owners := map[messageKey]string{}
	for _, n := range Names() {
		s := MustSpec(n)
		if s.IsGeneric() {
			continue
		}
		for _, typ := range s.MessageTypes() {
			owners[messageKey{s.ProtoNum, typ}] = n
		}
	}
	keys := make([]messageKey, 0, len(owners))
	for k := range owners {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].proto != keys[j].proto {
			return keys[i].proto < keys[j].proto
		}
		return keys[i].typ < keys[j].typ
	})
	var b bytes.Buffer
	for _, k := range keys {
		fmt.Fprintf(&b, "%d %d %s\n", k.proto, k.typ, owners[k])
	}
	return b.Bytes()
}

// messageOwners is the message index read once. The index is generated
// and checked by tests, so a bad one is a bug in nlsh.
var messageOwners = sync.OnceValue(func() map[messageKey]string {
	text, err := compiled.ReadFile(messageIndexFile)
	if err != nil {
		panic(err)
	}
	m := map[messageKey]string{}
	for i, line := range strings.Split(strings.TrimSuffix(string(text), "\n"), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			panic(fmt.Sprintf("%s: line %d is not PROTO TYPE NAME", messageIndexFile, i+1))
		}
		proto, err1 := strconv.Atoi(f[0])
		typ, err2 := strconv.ParseUint(f[1], 10, 16)
		if err1 != nil || err2 != nil {
			panic(fmt.Sprintf("%s: line %d is not PROTO TYPE NAME", messageIndexFile, i+1))
		}
		m[messageKey{proto, uint16(typ)}] = f[2]
	}
	return m
})
