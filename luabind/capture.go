//go:build linux

package luabind

import (
	"fmt"
	"os"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/pcap"
	lua "github.com/yuin/gopher-lua"
)

// sockCapture is sock:capture(path) / sock:capture(nil): record every
// datagram the socket sends and receives into a pcap file (PCAP.md), or
// stop. The file belongs to the socket and is closed when the capture stops
// or the socket closes. If writing the file failed, the capture stopped
// there (the socket carries on) and sock:capture(nil) returns nil, msg,
// errname saying why.
func (e *Env) sockCapture(L *lua.LState, s *Socket) int {
	const fn = "sock:capture"
	switch v := L.Get(2).(type) {
	case *lua.LNilType:
		s.Sock.StopCapture()
		if err := s.Sock.CaptureError(); err != nil {
			return Failure(L, err) // the capture had stopped early: say why
		}
	case lua.LString:
		if v == "" {
			ArgError(L, fn, 1, "file name must not be empty")
		}
		w, err := pcap.Create(string(v))
		if err != nil {
			return Failure(L, err)
		}
		if err := s.Sock.SetCaptureOwned(w); err != nil {
			os.Remove(string(v))
			return Failure(L, err)
		}
	default:
		ArgError(L, fn, 1, "file name or nil expected, got %s", TypeName(v))
	}
	L.Push(lua.LTrue)
	return 1
}

// luaPcap is netlink.pcap(path): every message of a capture (nlsh's or an
// nlmon device's) as message tables (on a damaged file, or a record whose
// bytes are not whole messages: nil, msg, errname and every message that
// could be read), each with direction ("sent" or
// "received"), proto, time (seconds since the epoch) and record (the
// 1-based record it came from).
func (e *Env) luaPcap(L *lua.LState) int {
	const fn = "netlink.pcap"
	path, ok := L.Get(1).(lua.LString)
	if !ok {
		ArgError(L, fn, 1, "file name expected, got %s", TypeName(L.Get(1)))
	}
	recs, err := pcap.ReadFile(string(path))
	if err != nil && len(recs) == 0 {
		return Failure(L, err)
	}
	out := L.CreateTable(len(recs), 0)
	for i, r := range recs {
		msgs, merr := r.Messages() // whole messages before any damage
		for _, m := range msgs {
			out.Append(e.recordTable(L, r, m, i+1))
		}
		if merr != nil && err == nil {
			err = fmt.Errorf("%s: record %d: %w", path, i+1, merr)
		}
	}
	if err != nil {
		// A damaged capture (cut short, or a record holding a broken
		// message) is still a failure, but the messages read come fourth:
		// nil, msg, errname, messages.
		n := Failure(L, err)
		L.Push(out)
		return n + 1
	}
	L.Push(out)
	return 1
}

func (e *Env) recordTable(L *lua.LState, r pcap.Record, m nlsock.Message, n int) *lua.LTable {
	t := e.MsgTable(L, m, r.Protocol)
	t.RawSetString("direction", lua.LString(r.Direction.String()))
	t.RawSetString("time", lua.LNumber(float64(r.Time.UnixNano())/1e9))
	t.RawSetString("record", lua.LNumber(n))
	return t
}

// captureSession makes a new socket record to the session's capture
// (Options.Capture, nlsh --capture), if there is one.
func (e *Env) captureSession(s *nlsock.Socket) {
	if e.opts.Capture != nil {
		s.SetCapture(e.opts.Capture)
	}
}
