package rtnl_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// FuzzDecodeTC: any payload decodes without a panic; what decodes cleanly
// (no error, no bytes left undecoded) is encoded back by the description
// and decodes to the same kind and options. The committed corpus
// (testdata/fuzz/FuzzDecodeTC) holds qdiscs, classes and filters the
// kernel dumped for the tc scenario; the seeds add the hand-made kinds.
func FuzzDecodeTC(f *testing.F) {
	f.Add(uint16(rtnl.RTM_NEWQDISC), []byte{})
	f.Add(uint16(rtnl.RTM_NEWQDISC), tcmsgBytes(1, 0x10000, rtnl.TC_H_ROOT, 0))
	for _, k := range handMadeKinds {
		f.Add(k.typ, cat(tcmsgBytes(4, 0x10000, rtnl.TC_H_ROOT, 1<<16|8), rta(1, cstr(k.kind)), rta(2, k.options)))
	}
	f.Fuzz(func(t *testing.T, typ uint16, b []byte) {
		typ = rtnl.RTM_NEWQDISC + typ%11 // the tc types and the two between
		o, err := rtnl.DecodeTC(typ, b)
		o.Stats()
		o.XStats()
		rtnl.HandleString(o.Handle)
		rtnl.FilterHandleString(o.Kind, o.Handle)
		opts := o.Options()
		if err != nil || opts == nil || strings.Contains(fmt.Sprint(opts), "_unknown") || strings.ContainsRune(o.Kind, 0) {
			return
		}
		m, err := rtnl.TCRequest(typ, 0, rtnl.TCSpec{Ifindex: o.Ifindex, Handle: o.Handle, Parent: o.Parent, Info: o.Info, Kind: o.Kind, Options: opts})
		if err != nil {
			return // not every decoded value is one a request may carry (enum values without a name as numbers are)
		}
		again, err := rtnl.DecodeTC(typ, m.Payload)
		if err != nil {
			t.Fatalf("re-encoded %s options %v do not decode: %v", o.Kind, opts, err)
		}
		if got, want := fmt.Sprint(again.Options()), fmt.Sprint(opts); again.Kind != o.Kind || got != want {
			t.Fatalf("%s options %s came back as %s %s", o.Kind, want, again.Kind, got)
		}
	})
}
