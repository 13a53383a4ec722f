package rtnl

import (
	"net/netip"
	"reflect"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// The fuzz targets check that decoders never panic and that what they keep
// raw is exactly the attribute region of the input.

// fuzzedObject is what a fuzz target needs of a decoded type (*Link, ...):
// its Decode and where its raw attributes went.
type fuzzedObject[T any] interface {
	object[T]
	Decode([]byte) error
}

// fuzzObject is one fuzz target: decode every input into the kind's type,
// read it back (every exported accessor without arguments, every field of
// the kind), and check that what it keeps raw is the input after the
// kind's header, or that a short header is an error. seeds are requests
// the package builds, beside generic ones.
func fuzzObject[T any, P fuzzedObject[T]](f *testing.F, k *objectKind[T], seeds ...[]byte) {
	hdrLen := k.hdrLen
	f.Add(make([]byte, hdrLen))
	f.Add([]byte{})
	f.Add(append(make([]byte, hdrLen), 4, 0, 1, 0))
	f.Add(append(make([]byte, hdrLen), 0xff, 0xff, 1, 0))
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v T
		err := P(&v).Decode(b)
		callAccessors(P(&v))
		for _, field := range k.fieldList() {
			field.Get(&v)
		}
		raw, _ := P(&v).body()
		if len(b) >= hdrLen && len(*raw) != len(b)-hdrLen {
			t.Fatalf("Raw has %d bytes, input %d after a %d-byte header", len(*raw), len(b), hdrLen)
		}
		if len(b) < hdrLen && err == nil {
			t.Fatal("short header accepted")
		}
	})
}

// callAccessors calls every exported method of v that takes no argument
// (Attrs, Unknown, FlagNames, Prefix, ...), so that a decoded value none of
// them can read is a panic the fuzzer sees.
func callAccessors(v any) {
	rv := reflect.ValueOf(v)
	for i := range rv.NumMethod() {
		if m := rv.Method(i); m.Type().NumIn() == 0 {
			m.Call(nil)
		}
	}
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
	fuzzObject(f, &linkKind, append(requestSeed(LinkAddRequest(LinkSpec{Name: "v0", Kind: "veth", Peer: "v1"})), linkPayload(f))...)
}

func FuzzDecodeAddress(f *testing.F) {
	fuzzObject(f, &addrKind, requestSeed(AddrAddRequest(1, netip.MustParsePrefix("10.0.0.1/24")))...)
}

func FuzzDecodeRoute(f *testing.F) {
	fuzzObject(f, &routeKind, requestSeed(RouteAddRequest(RouteSpec{Gateway: netip.MustParseAddr("10.0.0.1"), Table: 1000}))...)
}

func FuzzDecodeNeighbour(f *testing.F) { fuzzObject(f, &neighKind) }

func FuzzDecodeRule(f *testing.F) { fuzzObject(f, &ruleKind) }
