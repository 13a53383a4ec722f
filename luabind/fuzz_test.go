package luabind_test

import (
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// FuzzDecode feeds arbitrary bytes to netlink.decode (with the route names
// and error decoding) and netlink.attrs: they must return a table or nil,
// msg, never raise or panic.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{})
	f.Add(nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 18, Flags: 0x301}, Payload: make([]byte, 16)}))
	f.Add(nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 2, Flags: 0x300}, Payload: append([]byte{0xde, 0xff, 0xff, 0xff}, make([]byte, 16)...)}))
	f.Add(nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 3}, Payload: []byte{1, 2}}))
	f.Add(nlsock.AppendAttr(nil, 3|nlsock.AttrNested, nlsock.AppendAttr(nil, 1, []byte("x"))))
	L := lua.NewState()
	defer L.Close()
	env := luabind.Open(L, luabind.Options{}, nil)
	defer env.Close()
	decode := L.GetGlobal("netlink").(*lua.LTable).RawGetString("decode")
	attrs := L.GetGlobal("netlink").(*lua.LTable).RawGetString("attrs")
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, fn := range []lua.LValue{decode, attrs} {
			err := L.CallByParam(lua.P{Fn: fn, NRet: 2, Protect: true}, lua.LString(b), lua.LNumber(0))
			if err != nil {
				t.Fatalf("raised on %x: %v", b, err)
			}
			v, msg := L.Get(-2), L.Get(-1)
			L.Pop(2)
			if _, ok := v.(*lua.LTable); !ok && msg == lua.LNil {
				t.Fatalf("neither a table nor a message for %x", b)
			}
		}
	})
}
