//go:build linux

package rtnl

import (
	"bytes"
	"os"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// The typed decoder and the request builder take an attribute's number
// and type from the description, not from Go: in a copy of rt-link.yaml
// where mtu is a u16 numbered 200, Link's binding of "mtu" reads
// attribute 200 of 2 bytes, leaves the old attribute 4 unknown, reports a
// 4-byte attribute 200 as malformed, and a request puts mtu as 200.
func TestDescriptionNumbersTheFields(t *testing.T) {
	text, err := os.ReadFile("../ynl/builtin/descriptions/rt-link.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for old, moved := range map[string]string{
		"{name: mtu, type: u32}":  "{name: mtu, type: u16, value: 200}",
		"{name: link, type: u32,": "{name: link, type: u32, value: 5,",
	} {
		if !bytes.Contains(text, []byte(old)) {
			t.Fatalf("rt-link.yaml no longer has %q", old)
		}
		text = bytes.Replace(text, []byte(old), []byte(moved), 1)
	}
	spec, err := ynl.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	set := spec.Sets["link-attrs"]
	table := ynl.MustTable(set, linkKind.decoderList()...)

	var l Link
	b := payload(t, nil, func(e *nlsock.AttrEncoder) {
		e.String(IFLA_IFNAME, "v0")
		e.Uint32(IFLA_MTU, 9000) // attribute 4: no longer mtu
		e.Uint16(200, 1400)
		e.Uint32(IFLA_LINK, 7) // still 5
	})
	if err := table.Walk(&l, b, 0, &l.Malformed); err != nil {
		t.Fatal(err)
	}
	if l.MTU != 1400 || l.Name != "v0" || l.Link != 7 || len(l.Malformed) != 0 {
		t.Errorf("MTU %d, name %q, link %d, malformed %v; want 1400 from attribute 200, v0, 7", l.MTU, l.Name, l.Link, l.Malformed)
	}
	if table.Bound(IFLA_MTU) || !table.Bound(200) {
		t.Error("attribute 4 is still bound, or 200 is not")
	}

	l = Link{}
	bad := payload(t, nil, func(e *nlsock.AttrEncoder) { e.Uint32(200, 1400) })
	if err := table.Walk(&l, bad, 16, &l.Malformed); err != nil {
		t.Fatal(err)
	}
	if len(l.Malformed) != 1 || l.Malformed[0].String() != "IFLA_MTU: 4 bytes, want 2" || l.MTU != 0 {
		t.Errorf("a 4-byte attribute 200: malformed %v, MTU %d; want [IFLA_MTU: 4 bytes, want 2], 0", l.Malformed, l.MTU)
	}

	w := attrWriter{e: new(nlsock.AttrEncoder), set: set}
	w.put("mtu", uint32(1400))
	want := payload(t, nil, func(e *nlsock.AttrEncoder) { e.Uint16(200, 1400) })
	if w.err != nil || !bytes.Equal(w.e.Bytes(), want) {
		t.Errorf("request mtu = % x, %v; want % x", w.e.Bytes(), w.err, want)
	}
}

// A description whose struct is shorter than the Go fields a setter fills
// (ifa-cacheinfo cut to two members) lets a short attribute through the
// table's check; the setter leaves the fields unset rather than read past
// the data.
func TestShrunkStructDoesNotPanic(t *testing.T) {
	text, err := os.ReadFile("../ynl/builtin/descriptions/rt-addr.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const cut = `      - {name: cstamp, type: u32, doc: "Created, in hundredths of a second since boot."}
      - {name: tstamp, type: u32, doc: "Last updated, in hundredths of a second since boot."}
`
	if !bytes.Contains(text, []byte(cut)) {
		t.Fatal("rt-addr.yaml's ifa-cacheinfo changed")
	}
	spec, err := ynl.Parse(bytes.Replace(text, []byte(cut), nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	table := ynl.MustTable(spec.Sets["addr-attrs"], addrKind.decoderList()...)
	var a Address
	b := payload(t, nil, func(e *nlsock.AttrEncoder) { e.Raw(IFA_CACHEINFO, make([]byte, 8)) })
	if err := table.Walk(&a, b, 0, &a.Malformed); err != nil || a.HasCacheInfo || len(a.Malformed) != 0 {
		t.Errorf("err %v, HasCacheInfo %v, malformed %v", err, a.HasCacheInfo, a.Malformed)
	}
}
