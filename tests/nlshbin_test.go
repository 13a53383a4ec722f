package tests

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// The examples and README tests run nlsh as a user does: the built binary,
// with its arguments, exit status and output.

var built struct {
	once sync.Once
	path string
	err  error
}

// nlshBinary builds cmd/nlsh once per test binary and returns its path.
func nlshBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "nlsh-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "nlsh")
		if out, err := exec.Command("go", "build", "-o", built.path, "../cmd/nlsh").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build ./cmd/nlsh: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// TestMain removes the binary nlshBinary built.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.path != "" {
		os.RemoveAll(filepath.Dir(built.path))
	}
	os.Exit(code)
}

// namedNetns makes a throwaway namespace /run/netns/NAME (what -n NAME
// names) with lo up, deleted when the test ends.
func namedNetns(t *testing.T) string {
	t.Helper()
	nlsocktest.RequireRoot(t)
	name := fmt.Sprintf("nlsh-test-%d-%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		t.Fatalf("ip netns add: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("ip", "netns", "del", name).Run() })
	if out, err := exec.Command("ip", "-n", name, "link", "set", "lo", "up").CombinedOutput(); err != nil {
		t.Fatalf("ip link set lo up: %v: %s", err, out)
	}
	return name
}

// result is what a run of nlsh printed and its exit status.
type result struct {
	stdout, stderr string
	code           int
}

// runNlsh runs the built nlsh with args in dir ("" for tests/) and waits
// at most timeout.
func runNlsh(t *testing.T, dir string, timeout time.Duration, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, nlshBinary(t), args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("nlsh %q did not finish within %v\nstdout:\n%s\nstderr:\n%s", args, timeout, out.String(), errOut.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("nlsh %q: %v", args, err)
	}
	return result{out.String(), errOut.String(), code}
}
