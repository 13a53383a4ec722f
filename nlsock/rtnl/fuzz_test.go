package rtnl

import (
	"net/netip"
	"testing"
)

// The fuzz targets check that decoders never panic and that what they keep
// raw is exactly the attribute region of the input.

func fuzzSeeds(f *testing.F, hdrLen int) {
	f.Add(make([]byte, hdrLen))
	f.Add([]byte{})
	f.Add(append(make([]byte, hdrLen), 4, 0, 1, 0))
	f.Add(append(make([]byte, hdrLen), 0xff, 0xff, 1, 0))
}

func checkRaw(t *testing.T, b, raw []byte, hdrLen int, err error) {
	if len(b) >= hdrLen && len(raw) != len(b)-hdrLen {
		t.Fatalf("Raw has %d bytes, input %d after a %d-byte header", len(raw), len(b), hdrLen)
	}
	if len(b) < hdrLen && err == nil {
		t.Fatal("short header accepted")
	}
}

func FuzzDecodeLink(f *testing.F) {
	fuzzSeeds(f, IfInfoMsgLen)
	f.Add(linkPayload(f))
	if m, err := LinkAddRequest(LinkSpec{Name: "v0", Kind: "veth", Peer: "v1"}); err == nil {
		f.Add(m.Payload)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := DecodeLink(b)
		checkRaw(t, b, l.Raw, IfInfoMsgLen, err)
		l.Attrs()
		l.Unknown()
		l.FlagNames()
	})
}

func FuzzDecodeAddress(f *testing.F) {
	fuzzSeeds(f, IfAddrMsgLen)
	if m, err := AddrAddRequest(1, netip.MustParsePrefix("10.0.0.1/24")); err == nil {
		f.Add(m.Payload)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := DecodeAddress(b)
		checkRaw(t, b, a.Raw, IfAddrMsgLen, err)
		a.Unknown()
		a.FlagNames()
		a.Prefix()
	})
}

func FuzzDecodeRoute(f *testing.F) {
	fuzzSeeds(f, RtMsgLen)
	if m, err := RouteAddRequest(RouteSpec{Gateway: netip.MustParseAddr("10.0.0.1"), Table: 1000}); err == nil {
		f.Add(m.Payload)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeRoute(b)
		checkRaw(t, b, r.Raw, RtMsgLen, err)
		r.Unknown()
		r.FlagNames()
		r.Prefix()
	})
}

func FuzzDecodeNeighbour(f *testing.F) {
	fuzzSeeds(f, NdMsgLen)
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := DecodeNeighbour(b)
		checkRaw(t, b, n.Raw, NdMsgLen, err)
		n.Unknown()
		n.StateNames()
	})
}

func FuzzDecodeRule(f *testing.F) {
	fuzzSeeds(f, FibRuleHdrLen)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeRule(b)
		checkRaw(t, b, r.Raw, FibRuleHdrLen, err)
		r.Unknown()
		r.FlagNames()
	})
}
