package nlsock_test

import (
	"encoding/binary"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// TestAttrData: integers read in the order asked, a short payload is an
// error naming width and order, and a string stops at its first NUL.
func TestAttrData(t *testing.T) {
	b := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	if v, err := nlsock.AttrUint16(b, binary.BigEndian); v != 0x0102 || err != nil {
		t.Errorf("AttrUint16 big-endian: %#x, %v", v, err)
	}
	if v, err := nlsock.AttrUint32(b, binary.LittleEndian); v != 0x04030201 || err != nil {
		t.Errorf("AttrUint32 little-endian: %#x, %v", v, err)
	}
	if v, err := nlsock.AttrUint64(b, binary.BigEndian); v != 0x0102030405060708 || err != nil {
		t.Errorf("AttrUint64 big-endian: %#x, %v", v, err)
	}
	for _, tc := range []struct {
		name string
		read func() error
		want string
	}{
		{"be64", func() error { _, err := nlsock.AttrUint64(b[:3], binary.BigEndian); return err }, "be64 needs 8 bytes, have 3"},
		{"u32", func() error { _, err := nlsock.AttrUint32(b[:1], binary.NativeEndian); return err }, "u32 needs 4 bytes, have 1"},
		{"u16", func() error { _, err := nlsock.AttrUint16(nil, binary.LittleEndian); return err }, "u16 needs 2 bytes, have 0"},
	} {
		if err := tc.read(); err == nil || err.Error() != tc.want {
			t.Errorf("%s short: %v, want %q", tc.name, err, tc.want)
		}
	}
	for in, want := range map[string]string{"eth0\x00": "eth0", "eth0": "eth0", "a\x00b\x00": "a", "": ""} {
		if got := nlsock.AttrCString([]byte(in)); got != want {
			t.Errorf("AttrCString(%q) = %q, want %q", in, got, want)
		}
	}
}
