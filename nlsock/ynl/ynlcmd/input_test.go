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
