package ynl

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// TestHintedBinaries: binaries a spec marks as addresses take the
// address's text (as the kernel's selftests write it) and go out as the
// address's bytes, never as the text's characters.
func TestHintedBinaries(t *testing.T) {
	tests := []struct {
		name, family, set, attr string
		value                   any
		want                    []byte // nil: an error containing wantErr
		wantErr                 string
	}{
		{"ipv4 text", "rt-addr", "addr-attrs", "ifa-local", "192.0.2.100", []byte{192, 0, 2, 100}, ""},
		{"ipv6 text", "rt-addr", "addr-attrs", "ifa-local", "2001:db8::1",
			[]byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, ""},
		{"raw bytes of an address", "rt-addr", "addr-attrs", "ifa-local", "\xc0\x00\x02\x01", []byte{192, 0, 2, 1}, ""},
		{"bytes from Go", "rt-addr", "addr-attrs", "ifa-local", []byte{10, 0, 0, 1}, []byte{10, 0, 0, 1}, ""},
		{"not an address", "rt-addr", "addr-attrs", "ifa-local", "192.0.2", nil, `want an IP address (display-hint ipv4), got "192.0.2"`},
		{"mac text", "rt-link", "link-attrs", "address", "11:22:33:44:55:66", []byte{0x11, 0x22, 0x33, 0x44, 0x55, 0x66}, ""},
		{"raw mac", "rt-link", "link-attrs", "address", "\x02\x00\x00\x00\x00\x01", []byte{2, 0, 0, 0, 0, 1}, ""},
		{"not a mac", "rt-link", "link-attrs", "address", "11:22:33", nil, "want a MAC address"},
		{"no hint: the string's bytes", "rt-addr", "addr-attrs", "ifa-label", "lo", []byte("lo\x00"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := loadSpec(t, tt.family)
			b, err := s.Encode(tt.set, Attrs{tt.attr: tt.value})
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			attrs, err := nlsock.ParseAttrs(b)
			if err != nil || len(attrs) != 1 {
				t.Fatalf("encoded %x: %v", b, err)
			}
			if !bytes.Equal(attrs[0].Data, tt.want) {
				t.Errorf("%s = %q encodes as %x, want %x", tt.attr, tt.value, attrs[0].Data, tt.want)
			}
		})
	}
}
