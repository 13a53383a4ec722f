package ynlcmd

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// TestParseRequest reads --json as the kernel's CLI: binary attributes as
// hex (also in nests and fixed headers), integers exact to 64 bits.
func TestParseRequest(t *testing.T) {
	ra, err := ynl.Load(ynltest.SpecPath(t, "rt-addr"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseRequest(ra, "newaddr", `{"ifa-family": 2, "ifa-index": 18446744073709551615, "ifa-address": "c0 00 02 01", "ifa-label": "c0000201"}`)
	if err != nil {
		t.Fatal(err)
	}
	want := ynl.Attrs{"ifa-family": int64(2), "ifa-index": uint64(1<<64 - 1), "ifa-address": []byte{192, 0, 2, 1}, "ifa-label": "c0000201"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, bad := range []string{`{"ifa-address": "zz"}`, `[1]`, `{"a": 1} {}`, `{`} {
		if _, err := parseRequest(ra, "newaddr", bad); !errors.Is(err, ErrUsage) {
			t.Errorf("%s: %v, want a usage error", bad, err)
		}
	}
	et, err := ynl.Load(ynltest.SpecPath(t, "ethtool"))
	if err != nil {
		t.Fatal(err)
	}
	got, err = parseRequest(et, "linkinfo-get", `{"header": {"dev-name": "lo", "dev-index": 1}}`)
	if err != nil || !cmp.Equal(got, ynl.Attrs{"header": ynl.Attrs{"dev-name": "lo", "dev-index": int64(1)}}) {
		t.Errorf("nested: %#v, %v", got, err)
	}
}

// A number that is not an integer of 64 bits reaches the encoder as it was
// written, which refuses it, instead of as the digits before its "." or
// "e" (1.5 and 1e40 were sent as ifindex 1).
func TestParseRequestNonInteger(t *testing.T) {
	ra, err := ynl.Load(ynltest.SpecPath(t, "rt-addr"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"1.5", "1e40", "1e3", "18446744073709551616"} {
		got, err := parseRequest(ra, "newaddr", `{"ifa-index": `+n+`}`)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if v := got["ifa-index"]; v == int64(1) || v == uint64(1) {
			t.Errorf("%s read as %v", n, v)
		}
		if _, err := ra.EncodeRequest(mustOp(t, ra, "newaddr"), got); n != "1e3" && err == nil {
			t.Errorf("%s: encoded as %v, want an error", n, got["ifa-index"])
		}
	}
}

func mustOp(t *testing.T, s *ynl.Spec, name string) *ynl.Op {
	t.Helper()
	op, err := s.Op(name)
	if err != nil {
		t.Fatal(err)
	}
	return op
}
