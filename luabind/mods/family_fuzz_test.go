package mods

import (
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// FuzzFamilyBodies feeds arbitrary messages to the generic, netfilter and
// sock_diag body decoders: they must return a value (maybe with an error
// field), never panic.
func FuzzFamilyBodies(f *testing.F) {
	f.Add(uint16(0x10), uint16(0), []byte{1, 2, 0, 0, 8, 0, 2, 0, 'x', 0, 0, 0})
	f.Add(uint16(0xa00), uint16(0), []byte{1, 0, 0, 7, 6, 0, 1, 0, 't', 0})
	f.Add(uint16(0xa06), uint16(0), []byte{2, 0, 0, 1, 8, 0, 4, 0x80, 4, 0, 1, 0})
	f.Add(uint16(20), uint16(2), make([]byte, 72))
	f.Add(uint16(20), uint16(2), []byte{1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, '/'})
	L := lua.NewState()
	defer L.Close()
	env := Open(L, luabind.Options{})
	defer env.Close()
	var decoders []luabind.BodyDecoder
	for _, proto := range []int{luabind.ProtoGeneric, luabind.ProtoNetfilter, luabind.ProtoSockDiag} {
		dec := env.BodyDecoder(proto)
		if dec == nil {
			f.Fatalf("no body decoder for protocol %d", proto)
		}
		decoders = append(decoders, dec)
	}
	f.Fuzz(func(t *testing.T, typ, flags uint16, payload []byte) {
		m := nlsock.Message{Header: nlsock.Header{Type: typ, Flags: flags}, Payload: payload}
		for _, dec := range decoders {
			_ = dec(L, m)
		}
		L.SetTop(0)
	})
}
