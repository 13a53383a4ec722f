package mods

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	lua "github.com/yuin/gopher-lua"
)

// TestScripts runs every testdata/lua/*.lua in a fresh Lua state whose
// default namespace is a fresh throwaway namespace, and checks that nothing
// leaks: no socket left open after Env.Close, no file descriptor, no thread
// left in a foreign namespace.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "lua", "*.lua"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	sort.Strings(files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { runScript(t, f) })
	}
}

func runScript(t *testing.T, path string) {
	ns := nlsocktest.NewNamespace(t)
	fds := luabindtest.StableFDs()
	L := lua.NewState()
	env := Open(L, luabind.Options{DefaultNS: ns.NetNS(), Stdout: os.Stdout})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	L.SetContext(ctx)
	runErr := L.DoFile(path)
	cancel()
	env.Close()
	L.Close()
	if runErr != nil {
		t.Fatalf("%v", runErr)
	}
	if n := env.Sockets(); n != 0 {
		t.Errorf("%d sockets still open after Env.Close", n)
	}
	if n := env.Namespaces(); n != 0 {
		t.Errorf("%d namespaces still open after Env.Close", n)
	}
	if got := luabindtest.SettledFDs(fds); got != fds {
		t.Errorf("file descriptors: %d before, %d after", fds, got)
	}
	if th := nlsocktest.ForeignThreads(); len(th) != 0 {
		t.Errorf("threads left in a foreign namespace: %v", th)
	}
}
