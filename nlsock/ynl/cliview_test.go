package ynl

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
)

// TestViewSubMessages: linkinfo data decodes by the kind's format; a kind
// the spec has no format for keeps its bytes (hex) without an error.
func TestViewSubMessages(t *testing.T) {
	rl, err := Load(ynltest.SpecPath(t, "rt-link"))
	if err != nil {
		t.Fatal(err)
	}
	op, _ := rl.Op("getlink")
	bridgeData, _ := rl.Encode("linkinfo-bridge-attrs", Attrs{"forward-delay": 1500})
	for _, tt := range []struct{ kind, want string }{
		{"bridge", `{"kind": "bridge", "data": {"forward-delay": 1500}}`},
		{"veth", `{"kind": "veth", "data": "` + hexOf(bridgeData) + `"}`},
	} {
		body, err := rl.EncodeRequest(op, Attrs{"linkinfo": Attrs{"kind": tt.kind, "data": bridgeData}})
		if err != nil {
			t.Fatal(err)
		}
		obj, err := rl.View(op, body, ViewOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tt.kind, err)
		}
		li, _ := obj.Get("linkinfo")
		if b, _ := AppendJSON(nil, li); string(b) != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.kind, b, tt.want)
		}
	}
}

func hexOf(b []byte) string {
	out, _ := AppendJSON(nil, b)
	return string(out[1 : len(out)-1])
}
