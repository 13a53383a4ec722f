//go:build linux

package luabindtest

import (
	"encoding/json"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
	lua "github.com/yuin/gopher-lua"
)

// Tests that touch namespaces keep the main goroutine on the main thread, so
// the thread the process started on can never be wedged in another netns
// (every test binary of luabind imports this package).
func init() { runtime.LockOSThread() }

// NewState returns a fresh Lua state with the default libraries, netlink,
// netns and the family modules given open (luabind.Open), closed (with the
// Env) at the end of the test.
func NewState(tb testing.TB, opts luabind.Options, families ...luabind.Module) (*lua.LState, *luabind.Env) {
	tb.Helper()
	L := lua.NewState()
	env := luabind.Open(L, opts, families)
	tb.Cleanup(func() {
		env.Close()
		L.Close()
	})
	return L, env
}

// MustRun runs code and fails the test on a Lua error.
func MustRun(tb testing.TB, L *lua.LState, code string) {
	tb.Helper()
	if err := L.DoString(code); err != nil {
		tb.Fatalf("lua error: %v\ncode:\n%s", err, code)
	}
}

// WantError runs code and checks that it raises an error containing want.
func WantError(tb testing.TB, L *lua.LState, code, want string) {
	tb.Helper()
	err := L.DoString(code)
	if err == nil {
		tb.Fatalf("no error from %q; want one containing %q", code, want)
	}
	if !strings.Contains(err.Error(), want) {
		tb.Fatalf("error from %q:\n  %v\nwant it to contain %q", code, err, want)
	}
}

// SettledFDs waits up to a second for the process's fd count to reach want
// (nlsock.NewNamespace closes a helper fd on its own goroutine just after it
// returns) and returns the last count.
func SettledFDs(want int) int {
	got := nlsocktest.CountFDs()
	for deadline := time.Now().Add(time.Second); got != want && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		got = nlsocktest.CountFDs()
	}
	return got
}

// StableFDs returns the fd count once two reads 20ms apart agree (up to a
// second), so a helper fd still being closed is not counted.
func StableFDs() int {
	n := nlsocktest.CountFDs()
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		m := nlsocktest.CountFDs()
		if m == n {
			break
		}
		n = m
	}
	return n
}

func RunOut(ns nlsock.NetNS, cmd *exec.Cmd) (string, error) {
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	err := ns.Run(cmd)
	return out.String(), err
}

// IPRun runs ip (or another tool) in ns and fails the test on an error.
func IPRun(t *testing.T, ns nlsock.NetNS, args ...string) {
	t.Helper()
	if out, err := RunOut(ns, exec.Command(args[0], args[1:]...)); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// IPBatch runs `ip -batch -` in ns on lines (one ip command a line) and
// fails the test on an error.
func IPBatch(tb testing.TB, ns nlsock.NetNS, lines []string) {
	tb.Helper()
	cmd := exec.Command("ip", "-batch", "-")
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	if out, err := RunOut(ns, cmd); err != nil {
		tb.Fatalf("ip -batch: %v\n%s", err, out)
	}
}

// IPJSON runs a tool's JSON listing in ns and decodes it.
func IPJSON(t *testing.T, ns nlsock.NetNS, args ...string) []map[string]any {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := ns.Run(cmd); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	var v []map[string]any
	if s := strings.TrimSpace(out.String()); s != "" {
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, s)
		}
	}
	return v
}

// LuaObjects evaluates expr (an array of tables) and returns it in Go.
func LuaObjects(t *testing.T, L *lua.LState, expr string) []ynl.Attrs {
	t.Helper()
	MustRun(t, L, "__objs = assert("+expr+")")
	v := luabind.LuaToGo(L, "test", 1, L.GetGlobal("__objs"), 0)
	list, _ := v.([]any)
	out := make([]ynl.Attrs, len(list))
	for i, o := range list {
		out[i], _ = o.(ynl.Attrs)
	}
	return out
}

// SpecDir is the kernel's own spec files (scripts/kernel-ynl.sh); never
// copied into the repository.
func SpecDir(tb testing.TB) string {
	tb.Helper()
	return nlsocktest.KernelSpecs(tb)
}
