package conntrack

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// TestUnderscoreKeys: the keys of nests at every depth, and of nests in
// lists, become Lua field names, and a NAT range's addresses (v4-minip,
// v6-maxip) become text while other bytes stay bytes.
func TestUnderscoreKeys(t *testing.T) {
	in := ynl.Attrs{
		"nat-src": ynl.Attrs{
			"v4-minip": []byte{10, 0, 0, 1},
			"v6-maxip": []byte{0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2},
			"proto":    ynl.Attrs{"port-min": uint64(80)},
		},
		"some-list": []any{ynl.Attrs{"seq-adj": []byte{1, 2}}},
	}
	want := ynl.Attrs{
		"nat_src": ynl.Attrs{
			"v4_minip": "10.0.0.1",
			"v6_maxip": "fd00::2",
			"proto":    ynl.Attrs{"port_min": uint64(80)},
		},
		"some_list": []any{ynl.Attrs{"seq_adj": []byte{1, 2}}},
	}
	if diff := cmp.Diff(want, underscoreKeys(in)); diff != "" {
		t.Errorf("underscoreKeys (-want +got):\n%s", diff)
	}
}
