package ynl

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
)

// TestRoundTrip encodes tables by name and decodes them back.
func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name, family, set string
		in, want          Attrs // want nil: same as in
	}{
		{"scalars and strings", "nlctrl", "ctrl-attrs",
			Attrs{"family-id": uint64(16), "family-name": "nlctrl", "version": uint64(2)}, nil},
		{"indexed arrays of nests with flags", "nlctrl", "ctrl-attrs",
			Attrs{"ops": []any{Attrs{"id": uint64(3), "flags": []any{"cmd-cap-do", "cmd-cap-dump"}}},
				"mcast-groups": []any{Attrs{"name": "notify", "id": uint64(16)}}}, nil},
		{"nest-type-value", "nlctrl", "ctrl-attrs",
			Attrs{"policy": []any{Attrs{"policy-id": uint64(0), "attr-id": uint64(1), "type": "u16", "min-value-s": int64(-5)},
				Attrs{"policy-id": uint64(0), "attr-id": uint64(2), "type": "nested", "policy-idx": uint64(1)}},
				"op-policy": []any{Attrs{"op-id": uint64(3), "do": uint64(0), "dump": uint64(1)}}}, nil},
		{"numbers from Lua", "nlctrl", "ctrl-attrs",
			Attrs{"family-id": float64(16), "version": 2, "hdrsize": "0x10"},
			Attrs{"family-id": uint64(16), "version": uint64(2), "hdrsize": uint64(16)}},
		{"big-endian and binary", "mptcp_pm", "attr",
			Attrs{"addr": Attrs{"family": uint64(2), "addr4": uint64(0x0a000001), "port": uint64(8080), "if-idx": int64(-1)}, "token": uint64(7)}, nil},
		{"multi-attr nests and subsets", "netdev", "dmabuf",
			Attrs{"ifindex": uint64(2), "queues": []any{Attrs{"id": uint64(0), "type": "rx"}, Attrs{"id": uint64(1), "type": "tx"}}}, nil},
		{"uint picks its size", "netdev", "page-pool",
			Attrs{"id": uint64(5), "inflight": uint64(1 << 40)}, nil},
		{"flags as a number and as names", "netdev", "dev",
			Attrs{"xdp-features": uint64(3)},
			Attrs{"xdp-features": []any{"basic", "redirect"}}},
		{"unknown bits and values stay numbers", "netdev", "dev",
			Attrs{"xdp-features": []any{"basic", uint64(1 << 40)}}, nil},
		{"unknown attributes kept raw", "netdev", "dev",
			Attrs{"ifindex": uint64(1), UnknownKey: []RawAttr{{Type: 99, Data: []byte{1, 2, 3}}}}, nil},
		{"struct in binary", "rt-addr", "addr-attrs",
			Attrs{"ifa-cacheinfo": Attrs{"ifa-prefered": uint64(1), "ifa-valid": uint64(2), "cstamp": uint64(3), "tstamp": uint64(4)}, "ifa-label": "lo"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := loadSpec(t, tt.family)
			b, err := s.Encode(tt.set, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Decode(tt.set, b)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == nil {
				want = tt.in
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEncodingBytes checks the wire layout of what the spec says.
func TestEncodingBytes(t *testing.T) {
	s := loadSpec(t, "mptcp_pm")
	b, err := s.Encode("attr", Attrs{"addr": Attrs{"addr4": 0x0a000001}})
	if err != nil {
		t.Fatal(err)
	}
	var e nlsock.AttrEncoder
	e.Nest(1|nlsock.AttrNested, func(in *nlsock.AttrEncoder) { in.Raw(3, []byte{10, 0, 0, 1}) })
	if !bytes.Equal(b, e.Bytes()) {
		t.Errorf("nest with a big-endian address:\n got %x\nwant %x", b, e.Bytes())
	}
	nd := loadSpec(t, "netdev")
	b, _ = nd.Encode("page-pool", Attrs{"id": 1})
	if len(b) != 8 || binary.NativeEndian.Uint16(b) != 8 {
		t.Errorf("uint 1 = %x, want a 4-byte value", b)
	}
	// Spec order, whatever the map order.
	nl := loadSpec(t, "nlctrl")
	b, _ = nl.Encode("ctrl-attrs", Attrs{"op": 1, "family-id": 2, "version": 3})
	attrs, _ := nlsock.ParseAttrs(b)
	if len(attrs) != 3 || attrs[0].Type != 1 || attrs[1].Type != 3 || attrs[2].Type != 10 {
		t.Errorf("attribute order %v, want types 1, 3, 10", attrs)
	}
}

// TestEncodeErrors: each mistake gives one line naming the attribute.
func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name, family, set string
		in                Attrs
		want              string
	}{
		{"unknown attribute", "netdev", "dev", Attrs{"ifidx": 1}, `attribute-set dev has no attribute "ifidx" (attributes: ifindex, xdp-features`},
		{"string for a number", "netdev", "dev", Attrs{"ifindex": "one"}, `attribute ifindex (u32): want a number, got string "one"`},
		{"out of range", "mptcp_pm", "address", Attrs{"id": 256}, "attribute id (u8): 256 does not fit in 8 bits"},
		{"negative unsigned", "netdev", "dev", Attrs{"ifindex": -1}, "attribute ifindex (u32): -1 is negative"},
		{"fraction", "netdev", "dev", Attrs{"ifindex": 1.5}, "1.5 is not an integer"},
		{"number for a string", "nlctrl", "ctrl-attrs", Attrs{"family-name": 7}, "attribute family-name (string): want a string, got number"},
		{"unknown enum name", "netdev", "queue", Attrs{"type": "sideways"}, `"sideways" is not in queue-type (rx, tx)`},
		{"unknown flag name", "netdev", "dev", Attrs{"xdp-features": []any{"basic", "warp"}}, `"warp" is not in xdp-act`},
		{"number for a nest", "mptcp_pm", "attr", Attrs{"addr": 5}, "attribute addr (nest): want a table of attributes, got number"},
		{"unknown nested attribute", "mptcp_pm", "attr", Attrs{"addr": Attrs{"famly": 2}}, `attribute addr (nest): attribute-set address has no attribute "famly"`},
		{"flag not boolean", "ethtool", "bitset", Attrs{"nomask": "x"}, "attribute nomask (flag): want true or false, got string"},
		{"padding", "netdev", "dev", Attrs{"pad": 1}, "attribute pad (pad): is pad and cannot be set"},
		{"no such set", "netdev", "devs", Attrs{}, `netdev has no attribute-set "devs"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadSpec(t, tt.family).Encode(tt.set, tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Encode = %v, want one line with %q", err, tt.want)
			}
		})
	}
}

// TestDecodeMalformed: wrong sizes keep bytes and report; nothing panics.
func TestDecodeMalformed(t *testing.T) {
	s := loadSpec(t, "netdev")
	var e nlsock.AttrEncoder
	e.Raw(1, []byte{1, 2}) // ifindex of 2 bytes
	e.Uint32(4, 7)
	got, err := s.Decode("dev", append(e.Bytes(), 9, 9))
	if err == nil || !strings.Contains(err.Error(), "u32 of 2 bytes") {
		t.Errorf("error %v, want the short ifindex named", err)
	}
	want := Attrs{"ifindex": []byte{1, 2}, "xdp-zc-max-segs": uint64(7)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("partial decode (-want +got):\n%s", diff)
	}
}

// TestDecodeBody names the operation of replies and notifications, and
// reads fixed headers.
func TestDecodeBody(t *testing.T) {
	nd := loadSpec(t, "netdev")
	body, _ := nd.Encode("dev", Attrs{"ifindex": 3})
	for cmd, op := range map[uint16]string{1: "dev-get", 2: "dev-add-ntf", 4: "dev-change-ntf"} {
		m, err := nd.DecodeBody(cmd, body)
		if err != nil || m.Op != op || m.Attrs["ifindex"] != uint64(3) {
			t.Errorf("cmd %d: %+v, %v; want %s with ifindex 3", cmd, m, err, op)
		}
	}
	m, _ := nd.DecodeBody(200, body)
	if m.Op != "" || len(m.Attrs[UnknownKey].([]RawAttr)) != 1 {
		t.Errorf("unknown command: %+v, want raw attributes", m)
	}
	ra := loadSpec(t, "rt-addr")
	op, err := ra.Op("getaddr")
	if err != nil {
		t.Fatal(err)
	}
	req, err := ra.EncodeRequest(op, Attrs{"ifa-family": 2, "ifa-index": 1, "ifa-prefixlen": 24})
	if err != nil || len(req) != 8 {
		t.Fatalf("EncodeRequest = %x, %v; want an 8-byte ifaddrmsg", req, err)
	}
	m, err = ra.DecodeBody(20, req) // getaddr's reply
	want := Attrs{"ifa-family": uint64(2), "ifa-prefixlen": uint64(24), "ifa-flags": []any{}, "ifa-scope": uint64(0), "ifa-index": uint64(1)}
	if diff := cmp.Diff(want, m.Attrs); err != nil || diff != "" {
		t.Errorf("fixed header (-want +got):\n%s%v", diff, err)
	}
}
