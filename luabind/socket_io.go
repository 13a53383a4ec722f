//go:build linux

package luabind

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// sock:send(msg) -> seq. msg is a message table, an array of them (one
// datagram), or a raw string of whole messages sent exactly as given.
func (e *Env) sockSend(L *lua.LState, s *Socket) int {
	const fn = "sock:send"
	ctx := Context(L)
	if raw, ok := L.Get(2).(lua.LString); ok {
		if err := s.Sock.SendRaw(ctx, []byte(raw)); err != nil {
			return IOFailure(L, ctx, err)
		}
		seq := 0.0
		if h, err := nlsock.ParseHeader([]byte(raw)); err == nil {
			seq = float64(h.Seq)
		}
		L.Push(lua.LNumber(seq))
		return 1
	}
	if _, ok := L.Get(2).(*lua.LTable); !ok {
		ArgError(L, fn, 1, "message table or string of bytes expected, got %s", TypeName(L.Get(2)))
	}
	msgs, hasSeq := tableMsgs(L, 2, MsgSpec{Fn: fn, Arg: 1, DefaultFlags: nlsock.FlagRequest, NoControl: true})
	for i := range msgs {
		if !hasSeq[i] {
			msgs[i].Header.Seq = s.Sock.Seq()
		}
	}
	if err := s.Sock.Send(ctx, msgs...); err != nil {
		return IOFailure(L, ctx, err)
	}
	L.Push(lua.LNumber(msgs[0].Header.Seq))
	return 1
}

// sock:recv([timeout_s]) -> message table, or nil, msg, errname.
func (e *Env) sockRecv(L *lua.LState, s *Socket) int {
	const fn = "sock:recv"
	parent := Context(L)
	ctx := parent
	if L.Get(2) != lua.LNil {
		d := CheckSeconds(L, fn, 2, 1, "timeout")
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(parent, d)
		defer cancel()
	}
	m, err := s.Sock.Receive(ctx)
	if err != nil {
		if !Ended(parent) && (Ended(ctx) || nlsock.ErrnoName(err) == "timeout") {
			L.Push(lua.LNil)
			L.Push(lua.LString("timeout"))
			L.Push(lua.LString("timeout"))
			return 3
		}
		return IOFailure(L, parent, err)
	}
	L.Push(e.MsgTable(L, m, s.Proto))
	return 1
}

// sock:request(msg [, opts]) -> array of replies, or nil, msg, errname,
// extack. opts: timeout (seconds), retries (re-runs of a dump the kernel
// marked NLM_F_DUMP_INTR). The array has interrupted=true when the last
// dump was still inconsistent, and warning=extack for an ACK with a warning.
func (e *Env) sockRequest(L *lua.LState, s *Socket) int {
	const fn = "sock:request"
	mt, ok := L.Get(2).(*lua.LTable)
	if !ok {
		ArgError(L, fn, 1, "message table expected, got %s", TypeName(L.Get(2)))
	}
	m, _ := TableMsg(L, mt, MsgSpec{Fn: fn, Arg: 1, NoControl: true})
	opts := requestOptions(L, fn, 3, 2)
	ctx := Context(L)
	reply, err := s.Sock.Request(ctx, m, opts...)
	if err != nil {
		return RequestFailure(L, ctx, err)
	}
	t := L.CreateTable(len(reply.Messages), 2)
	for i, rm := range reply.Messages {
		t.RawSetInt(i+1, e.MsgTable(L, rm, s.Proto))
	}
	if reply.Interrupted {
		t.RawSetString("interrupted", lua.LTrue)
	}
	if reply.Warning != nil {
		w := extackTable(L, *reply.Warning)
		setSentRequest(w, reply.Sent, s.Proto, 0)
		t.RawSetString("warning", w)
	}
	L.Push(t)
	return 1
}

// RequestFailure adds the extack table as a fourth value for kernel errors.
func RequestFailure(L *lua.LState, ctx context.Context, err error) int {
	n := IOFailure(L, ctx, err)
	var ke *nlsock.KernelError
	if n == 3 && ctx.Err() == nil && errors.As(err, &ke) {
		x := extackTable(L, ke.ExtAck)
		setSentRequest(x, ke.Sent, ke.Protocol(), -int32(ke.Errno))
		L.Push(x)
		return 4
	}
	return n
}

// setSentRequest adds to an extack table what netlink.explain needs to
// explain it alone: request (the bytes as sent, with the seq and flags the
// request filled in: ext-ack offsets count from their first byte), proto,
// and error (the negative errno; none for a warning).
func setSentRequest(x *lua.LTable, sent []byte, proto int, errno int32) {
	if sent != nil {
		x.RawSetString("request", lua.LString(sent))
	}
	x.RawSetString("proto", lua.LNumber(proto))
	if errno != 0 {
		x.RawSetString("error", lua.LNumber(errno))
	}
}

func requestOptions(L *lua.LState, fn string, n, pos int) []nlsock.RequestOption {
	switch v := L.Get(n).(type) {
	case *lua.LNilType:
		return nil
	case *lua.LTable:
		var opts []nlsock.RequestOption
		v.ForEach(func(k, val lua.LValue) {
			switch k.String() {
			case "timeout":
				opts = append(opts, nlsock.WithTimeout(RequestTimeoutIn(L, fn, pos, "option 'timeout'", val)))
			case "retries":
				r, ok := val.(lua.LNumber)
				if !ok {
					ArgError(L, fn, pos, "option 'retries' must be a number, got %s", TypeName(val))
				}
				opts = append(opts, nlsock.WithRetryInterrupted(int(IntIn(L, fn, pos, "option 'retries'", float64(r), 0, 1000))))
			default:
				ArgError(L, fn, pos, "unknown option %q (known: timeout, retries)", k.String())
			}
		})
		return opts
	default:
		ArgError(L, fn, pos, "options table expected, got %s", TypeName(v))
		return nil
	}
}

// CheckSeconds reads argument n as a non-negative number of seconds.
func CheckSeconds(L *lua.LState, fn string, n, pos int, what string) time.Duration {
	return secondsIn(L, fn, pos, what, L.Get(n))
}

func secondsIn(L *lua.LState, fn string, pos int, what string, v lua.LValue) time.Duration {
	f, ok := v.(lua.LNumber)
	if !ok || math.IsNaN(float64(f)) || f < 0 || float64(f) > 1e9 {
		ArgError(L, fn, pos, "%s must be a number of seconds >= 0 (at most 1e9), got %s", what, Describe(v))
	}
	return time.Duration(float64(f) * float64(time.Second))
}

// RequestTimeoutIn reads a request's timeout option: more than 0 seconds.
// nlsock takes a zero timeout as "the default" (5s), so 0 — or a value
// that rounds to 0ns — would silently wait 5 seconds.
func RequestTimeoutIn(L *lua.LState, fn string, pos int, what string, v lua.LValue) time.Duration {
	d := secondsIn(L, fn, pos, what, v)
	if f, _ := v.(lua.LNumber); f == 0 {
		ArgError(L, fn, pos, "%s must be more than 0 seconds (leave it out for the default, 5s)", what)
	}
	return max(d, time.Nanosecond)
}
