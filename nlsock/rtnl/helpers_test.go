package rtnl

import (
	"encoding/binary"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// payload joins a family header and encoded attributes.
func payload(tb testing.TB, hdr []byte, fn func(e *nlsock.AttrEncoder)) []byte {
	tb.Helper()
	var e nlsock.AttrEncoder
	fn(&e)
	if err := e.Err(); err != nil {
		tb.Fatal(err)
	}
	return append(append([]byte(nil), hdr...), e.Bytes()...)
}

func le32(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }
