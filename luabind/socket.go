//go:build linux

package luabind

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// SocketType is the metatable name of socket userdata.
const SocketType = "nlsh.socket"

// Socket is the Go side of a socket handed to Lua.
type Socket struct {
	Env   *Env
	Sock  *nlsock.Socket
	Proto int

	closed atomic.Bool
	mu     sync.Mutex        // guards names
	names  map[uint32]string // group names joined by name on this socket
}

// close closes the socket once; it reports whether this call closed it.
func (s *Socket) Close() bool {
	return closeOnce(s.Env, &s.Env.sockets, s, &s.closed, func() { s.Sock.Close() })
}

func (s *Socket) IsClosed() bool { return s.closed.Load() }

func (s *Socket) String() string {
	if s.IsClosed() {
		return fmt.Sprintf("netlink socket (%s, closed)", ProtoLabel(s.Proto))
	}
	return fmt.Sprintf("netlink socket (%s, portid %d, netns %s)", ProtoLabel(s.Proto), s.Sock.PortID(), s.Sock.NetNS())
}

// socketMethod is a socket method: fn gets the checked socket; its Lua
// argument 1 is at stack index 2.
type socketMethod struct {
	name string
	fn   func(L *lua.LState, s *Socket) int
}

// registerSocketType creates the nlsh.socket metatable.
func registerSocketType(e *Env, L *lua.LState) {
	mt := L.NewTypeMetatable(SocketType)
	methods := L.CreateTable(0, 16)
	for _, m := range e.socketMethods() {
		methods.RawSetString(m.name, L.NewFunction(Guard("sock:"+m.name, checkedMethod(m))))
	}
	setObjectType(L, mt, methods, SocketType, "a netlink socket")
}

func (e *Env) socketMethods() []socketMethod {
	return []socketMethod{
		{"seq", sockSeq}, {"join", e.sockJoin}, {"leave", e.sockLeave}, {"groups", e.sockGroups},
		{"set_rcvbuf", sockSetRcvbuf}, {"rcvbuf", sockRcvbuf},
		{"send", e.sockSend}, {"recv", e.sockRecv}, {"request", e.sockRequest},
		{"portid", sockPortID}, {"protocol", sockProtocol}, {"fd", sockFD},
		{"stats", sockStats}, {"close", sockClose},
		{"capture", e.sockCapture}, // capture.go
	}
}

// checkedMethod checks self (a dot call gets a hint to use a colon) and
// answers nil, "socket closed", "EBADF" on a closed socket, except for close.
func checkedMethod(m socketMethod) lua.LGFunction {
	return func(L *lua.LState) int {
		s := selfSocket(L)
		if s == nil {
			L.RaiseError("use sock:%s(...) (colon), not sock.%s(...)", m.name, m.name)
		}
		if m.name != "close" && s.IsClosed() {
			return ClosedFailure(L)
		}
		return m.fn(L, s)
	}
}

func selfSocket(L *lua.LState) *Socket {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if s, ok := ud.Value.(*Socket); ok {
			return s
		}
	}
	return nil
}

func ClosedFailure(L *lua.LState) int {
	L.Push(lua.LNil)
	L.Push(lua.LString("socket closed"))
	L.Push(lua.LString("EBADF"))
	return 3
}

// luaOpen is netlink.open(proto [, ns]).
func (e *Env) luaOpen(L *lua.LState) int {
	const fn = "netlink.open"
	proto := checkProto(L, fn, 1, 1)
	ns, err := e.CheckNS(L, fn, 2, 2)
	if err != nil {
		return Failure(L, err)
	}
	s, err := e.OpenTracked(fn, proto, ns)
	if err != nil {
		return Failure(L, err)
	}
	ud := L.NewUserData()
	ud.Value = s
	L.SetMetatable(ud, L.GetTypeMetatable(SocketType))
	L.Push(ud)
	return 1
}

// open opens a socket of proto in ns where the Env's sockets open: the
// kernel, or Options.Open's (a fake kernel in tests).
func (e *Env) open(proto int, ns nlsock.NetNS, cfg nlsock.Config) (*nlsock.Socket, error) {
	if e.opts.Open != nil {
		return e.opts.Open(proto, ns, cfg)
	}
	return nlsock.OpenConfig(proto, ns, cfg)
}

// OpenTracked opens a socket the Env closes at the end (netlink.open,
// ynl.family without a socket) and records it if the session captures.
func (e *Env) OpenTracked(fn string, proto int, ns nlsock.NetNS) (*Socket, error) {
	ns0, err := e.open(proto, ns, e.socketConfig(proto))
	if err != nil {
		return nil, err
	}
	e.captureSession(ns0) // capture.go
	s := &Socket{Env: e, Sock: ns0, Proto: proto}
	if !e.track(s) {
		ns0.Close()
		return nil, errors.New(fn + ": nlsh is shutting down")
	}
	return s, nil
}

// Context is the context blocking calls watch: the state's (cancelled by
// Ctrl-C or a test timeout) or none.
func Context(L *lua.LState) context.Context {
	if ctx := L.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// IOFailure reports err from a blocking call: "interrupted" when the state's
// context ended, "timeout" for a deadline, else nil, msg, errname.
func IOFailure(L *lua.LState, parent context.Context, err error) int {
	if Ended(parent) {
		L.Push(lua.LNil)
		L.Push(lua.LString("interrupted"))
		L.Push(lua.LString("interrupted"))
		return 3
	}
	return Failure(L, err)
}

// Ended reports whether ctx is done or its deadline has passed (a socket
// deadline set from it can fire a moment before ctx.Err is set).
func Ended(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	d, ok := ctx.Deadline()
	return ok && !time.Now().Before(d)
}

func sockSeq(L *lua.LState, s *Socket) int {
	L.Push(lua.LNumber(s.Sock.Seq()))
	return 1
}

func sockPortID(L *lua.LState, s *Socket) int {
	L.Push(lua.LNumber(s.Sock.PortID()))
	return 1
}

func sockProtocol(L *lua.LState, s *Socket) int {
	L.Push(lua.LNumber(s.Proto))
	return 1
}

func sockFD(L *lua.LState, s *Socket) int {
	L.Push(lua.LNumber(s.Sock.FD()))
	return 1
}

func sockClose(L *lua.LState, s *Socket) int {
	s.Close()
	L.Push(lua.LTrue)
	return 1
}

func sockSetRcvbuf(L *lua.LState, s *Socket) int {
	const fn = "sock:set_rcvbuf"
	v, ok := L.Get(2).(lua.LNumber)
	if !ok || float64(v) < 1 || float64(v) > 1<<31-1 || float64(v) != float64(int64(v)) {
		ArgError(L, fn, 1, "positive integer number of bytes expected, got %s", Describe(L.Get(2)))
	}
	force := lua.LVAsBool(L.Get(3))
	if err := s.Sock.SetReadBuffer(int(v), force); err != nil {
		return Failure(L, err)
	}
	L.Push(lua.LTrue)
	return 1
}

func sockRcvbuf(L *lua.LState, s *Socket) int {
	n, err := s.Sock.ReadBuffer()
	if err != nil {
		return Failure(L, err)
	}
	L.Push(lua.LNumber(n))
	return 1
}

var statsFields = NewFieldSet("overruns", "stale", "foreign", "queued", "multicast")

func sockStats(L *lua.LState, s *Socket) int {
	st := s.Sock.Stats()
	L.Push(statsFields.Table([]lua.LValue{lua.LNumber(st.Overruns), lua.LNumber(st.Stale), lua.LNumber(st.Foreign), lua.LNumber(st.Queued), lua.LNumber(st.Multicast)}))
	return 1
}

// Describe shows a bad argument: its type, and its value if a number.
func Describe(v lua.LValue) string {
	if n, ok := v.(lua.LNumber); ok {
		return n.String()
	}
	return TypeName(v)
}
