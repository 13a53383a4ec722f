package luatest

import (
	"os"
	"os/exec"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlfake"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// leakFile is a file whose case passes but leaves a socket and, as root, a
// namespace (netns.new) open; leaks names each.
func leakFile() (path string, leaks []string) {
	socket := "leak: 1 netlink socket left open at the end of the file: route, portid "
	if nlfake.InsteadOfRoot() {
		return "../testrun/testdata/leaksocket.lua", []string{socket}
	}
	return "../testrun/testdata/leak.lua", []string{socket, "leak: 1 namespace from netns.new left open at the end of the file: netns#"}
}

// TestLeakWarns: a file that leaves a socket and a namespace open passes;
// the harness closes them (checkProcess then finds every descriptor closed).
func TestLeakWarns(t *testing.T) {
	path, _ := leakFile()
	Run(t, path, onKernelOrFake(t, Options{}))
}

// strictChild makes TestLeakStrict's child run the leaking file strictly.
const strictChild = "NLSH_LUATEST_STRICT_CHILD"

// TestLeakStrict: with Options.Strict the same file fails its subtest by
// name. It runs in a child test process, since the failure is the point.
func TestLeakStrict(t *testing.T) {
	path, leaks := leakFile()
	if os.Getenv(strictChild) == "1" {
		Run(t, path, onKernelOrFake(t, Options{Strict: true}))
		return
	}
	if !canRun(t, onKernelOrFake(t, Options{}).testrun()) {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLeakStrict$", "-test.v")
	cmd.Env = append(os.Environ(), strictChild+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the strict run passed:\n%s", out)
	}
	nlsocktest.ContainsAll(t, "child output", string(out), append(leaks, "--- FAIL: TestLeakStrict/leak")...)
}
