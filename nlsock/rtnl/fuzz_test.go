package rtnl

import (
	"net/netip"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// The fuzz targets check that decoders never panic and that what they keep
// raw is exactly the attribute region of the input.

// fuzzDecoder is one fuzz target: decode every input, check that what it
// keeps raw (returned by use, which also calls the value's accessors) is
// the input after the hdrLen-byte header, or that a short header is an
// error. seeds are requests the package builds, beside generic ones.
func fuzzDecoder[T any](f *testing.F, hdrLen int, decode func([]byte) (T, error), use func(*T) []byte, seeds ...[]byte) {
	f.Add(make([]byte, hdrLen))
	f.Add([]byte{})
	f.Add(append(make([]byte, hdrLen), 4, 0, 1, 0))
	f.Add(append(make([]byte, hdrLen), 0xff, 0xff, 1, 0))
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := decode(b)
		raw := use(&v)
		if len(b) >= hdrLen && len(raw) != len(b)-hdrLen {
			t.Fatalf("Raw has %d bytes, input %d after a %d-byte header", len(raw), len(b), hdrLen)
		}
		if len(b) < hdrLen && err == nil {
			t.Fatal("short header accepted")
		}
	})
}

// requestSeed is the payload of a request the package builds, or none if
// it could not build it.
func requestSeed(m nlsock.Message, err error) [][]byte {
	if err != nil {
		return nil
	}
	return [][]byte{m.Payload}
}

func FuzzDecodeLink(f *testing.F) {
	fuzzDecoder(f, IfInfoMsgLen, DecodeLink, func(l *Link) []byte {
		l.Attrs()
		l.Unknown()
		l.FlagNames()
		return l.Raw
	}, append(requestSeed(LinkAddRequest(LinkSpec{Name: "v0", Kind: "veth", Peer: "v1"})), linkPayload(f))...)
}

func FuzzDecodeAddress(f *testing.F) {
	fuzzDecoder(f, IfAddrMsgLen, DecodeAddress, func(a *Address) []byte {
		a.Unknown()
		a.FlagNames()
		a.Prefix()
		return a.Raw
	}, requestSeed(AddrAddRequest(1, netip.MustParsePrefix("10.0.0.1/24")))...)
}

func FuzzDecodeRoute(f *testing.F) {
	fuzzDecoder(f, RtMsgLen, DecodeRoute, func(r *Route) []byte {
		r.Unknown()
		r.FlagNames()
		r.Prefix()
		return r.Raw
	}, requestSeed(RouteAddRequest(RouteSpec{Gateway: netip.MustParseAddr("10.0.0.1"), Table: 1000}))...)
}

func FuzzDecodeNeighbour(f *testing.F) {
	fuzzDecoder(f, NdMsgLen, DecodeNeighbour, func(n *Neighbour) []byte {
		n.Unknown()
		n.StateNames()
		return n.Raw
	})
}

func FuzzDecodeRule(f *testing.F) {
	fuzzDecoder(f, FibRuleHdrLen, DecodeRule, func(r *Rule) []byte {
		r.Unknown()
		r.FlagNames()
		return r.Raw
	})
}
