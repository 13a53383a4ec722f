//go:build linux

package luabind

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"sync/atomic"
	"syscall"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// namespaceType is the metatable name of namespace userdata.
const namespaceType = "nlsh.netns"

// namespace is a network namespace made by netns.new and owned by the script.
type namespace struct {
	env *Env
	ns  *nlsock.Namespace

	closed atomic.Bool
}

func (n *namespace) close() bool {
	return closeOnce(n.env, &n.env.spaces, n, &n.closed, func() { n.ns.Close() })
}

func (n *namespace) isClosed() bool { return n.closed.Load() }

func (n *namespace) String() string {
	if n.isClosed() {
		return "netns (closed)"
	}
	return n.ns.NetNS().String()
}

// errNSClosed is using a namespace object after ns:close(); errname EBADF.
var errNSClosed error = nsClosedError{}

type nsClosedError struct{}

func (nsClosedError) Error() string {
	return "network namespace object is closed (ns:close() was called)"
}
func (nsClosedError) Unwrap() error { return syscall.EBADF }

// registerNamespaceType creates the nlsh.netns metatable.
func registerNamespaceType(e *Env, L *lua.LState) {
	mt := L.NewTypeMetatable(namespaceType)
	methods := L.CreateTable(0, 2)
	methods.RawSetString("close", L.NewFunction(Guard("ns:close", func(L *lua.LState) int {
		n := selfNamespace(L)
		if n == nil {
			L.RaiseError("use ns:close() (colon), not ns.close()")
		}
		n.close()
		L.Push(lua.LTrue)
		return 1
	})))
	methods.RawSetString("exec", L.NewFunction(Guard("ns:exec", func(L *lua.LState) int {
		if selfNamespace(L) == nil {
			L.RaiseError("use ns:exec(argv) (colon), not ns.exec(argv)")
		}
		return e.luaExec(L)
	})))
	setObjectType(L, mt, methods, namespaceType, "a network namespace object")
}

func selfNamespace(L *lua.LState) *namespace {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if n, ok := ud.Value.(*namespace); ok {
			return n
		}
	}
	return nil
}

// openNetns builds the netns module table.
func openNetns(e *Env, L *lua.LState) *lua.LTable {
	t := L.CreateTable(0, 2)
	SetFuncs(L, t, []Binding{
		{"netns.new", e.luaNewNS},
		{"netns.exec", e.luaExec},
	})
	return t
}

// netns.new() -> namespace object, or nil, msg, errname.
func (e *Env) luaNewNS(L *lua.LState) int {
	ns, err := nlsock.NewNamespace()
	if err != nil {
		return Failure(L, err)
	}
	n := &namespace{env: e, ns: ns}
	if !e.trackNS(n) {
		ns.Close()
		return Failure(L, errors.New("netns.new: nlsh is shutting down"))
	}
	ud := L.NewUserData()
	ud.Value = n
	L.SetMetatable(ud, L.GetTypeMetatable(namespaceType))
	L.Push(ud)
	return 1
}

// netns.exec(ns, argv) -> ok, stdout, stderr [, exit code]; or nil, msg,
// errname when the program could not run at all.
func (e *Env) luaExec(L *lua.LState) int {
	const fn = "netns.exec"
	ns, err := e.CheckNS(L, fn, 1, 1)
	if err != nil {
		return Failure(L, err)
	}
	argv := checkArgv(L, fn, 2, 2)
	ctx := Context(L)
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = ns.Run(cmd)
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return IOFailure(L, ctx, err)
	case errors.As(err, &exit) && interruptedBy(exit):
		// Ctrl-C reaches the whole foreground process group: the program
		// died of it, usually before our own interrupt cancels ctx.
		L.Push(lua.LNil)
		L.Push(lua.LString(fmt.Sprintf("exec %s in netns %s: interrupted", argv[0], ns)))
		L.Push(lua.LString("interrupted"))
		return 3
	case errors.As(err, &exit):
		L.Push(lua.LFalse)
		L.Push(lua.LString(stdout.String()))
		L.Push(lua.LString(stderr.String()))
		L.Push(lua.LNumber(exit.ExitCode()))
		return 4
	case errors.Is(err, exec.ErrNotFound):
		L.Push(lua.LNil)
		L.Push(lua.LString(fmt.Sprintf("exec %s in netns %s: %v", argv[0], ns, err)))
		L.Push(lua.LString("ENOENT"))
		return 3
	case err != nil:
		return Failure(L, fmt.Errorf("exec %s in netns %s: %w", argv[0], ns, err))
	}
	L.Push(lua.LTrue)
	L.Push(lua.LString(stdout.String()))
	L.Push(lua.LString(stderr.String()))
	return 3
}

// interruptedBy reports whether the program was killed by SIGINT.
func interruptedBy(exit *exec.ExitError) bool {
	ws, ok := exit.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGINT
}

func checkArgv(L *lua.LState, fn string, n, pos int) []string {
	t, ok := L.Get(n).(*lua.LTable)
	if !ok || t.Len() == 0 {
		ArgError(L, fn, pos, "argv (a non-empty array of strings, e.g. {\"ip\", \"link\"}) expected, got %s", TypeName(L.Get(n)))
	}
	argv := make([]string, t.Len())
	for i := range argv {
		switch v := t.RawGetInt(i + 1).(type) {
		case lua.LString:
			argv[i] = string(v)
		case lua.LNumber:
			argv[i] = v.String()
		default:
			ArgError(L, fn, pos, "argv[%d] must be a string, got %s", i+1, TypeName(v))
		}
	}
	return argv
}

// CheckNS reads argument n as a namespace: nil (the default), "host",
// {pid=}, {path=}, {name=} or a netns object. A closed netns object is an
// error returned to Lua, not raised.
func (e *Env) CheckNS(L *lua.LState, fn string, n, pos int) (nlsock.NetNS, error) {
	switch v := L.Get(n).(type) {
	case *lua.LNilType:
		return e.opts.DefaultNS, nil
	case lua.LString:
		if v == "host" {
			return nlsock.Host(), nil
		}
		ArgError(L, fn, pos, `namespace must be nil, "host", {pid=N}, {path=P}, {name=N} or a netns object; for a named namespace write {name=%q}`, string(v))
	case *lua.LTable:
		return nsTable(L, fn, pos, v), nil
	case *lua.LUserData:
		if ns, ok := v.Value.(*namespace); ok {
			if ns.isClosed() {
				return nlsock.NetNS{}, errNSClosed
			}
			return ns.ns.NetNS(), nil
		}
	}
	ArgError(L, fn, pos, `namespace (nil, "host", {pid=N}, {path=P}, {name=N} or a netns object) expected, got %s`, TypeName(L.Get(n)))
	return nlsock.NetNS{}, nil
}

// nsTable reads {pid=N}, {path=P} or {name=N}; exactly one key.
func nsTable(L *lua.LState, fn string, pos int, t *lua.LTable) nlsock.NetNS {
	var ns nlsock.NetNS
	keys := 0
	t.ForEach(func(k, v lua.LValue) {
		keys++
		switch k.String() {
		case "pid":
			num, ok := v.(lua.LNumber)
			if !ok {
				ArgError(L, fn, pos, "namespace field 'pid' must be a number, got %s", TypeName(v))
			}
			ns = nlsock.PID(int(IntIn(L, fn, pos, "namespace field 'pid'", float64(num), 1, math.MaxInt32)))
		case "path", "name":
			s, ok := v.(lua.LString)
			if !ok || s == "" {
				ArgError(L, fn, pos, "namespace field '%s' must be a non-empty string, got %s", k.String(), TypeName(v))
			}
			if k.String() == "path" {
				ns = nlsock.Path(string(s))
			} else {
				ns = nlsock.Name(string(s))
			}
		default:
			ArgError(L, fn, pos, "unknown namespace field %q (use pid, path or name)", k.String())
		}
	})
	if keys != 1 {
		ArgError(L, fn, pos, "namespace table needs exactly one of pid, path, name (got %d fields)", keys)
	}
	return ns
}
