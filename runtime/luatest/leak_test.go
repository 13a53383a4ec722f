package luatest

import (
	"os"
	"os/exec"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestLeakWarns: a file that leaves a socket and a namespace open passes;
// the harness closes them (checkProcess then finds every descriptor closed).
func TestLeakWarns(t *testing.T) {
	Run(t, "../testrun/testdata/leak.lua", Options{})
}

// strictChild makes TestLeakStrict's child run the leaking file strictly.
const strictChild = "NLSH_LUATEST_STRICT_CHILD"

// TestLeakStrict: with Options.Strict the same file fails its subtest by
// name. It runs in a child test process, since the failure is the point.
func TestLeakStrict(t *testing.T) {
	if os.Getenv(strictChild) == "1" {
		Run(t, "../testrun/testdata/leak.lua", Options{Strict: true})
		return
	}
	if !canCreateNamespaces(t) {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLeakStrict$", "-test.v")
	cmd.Env = append(os.Environ(), strictChild+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the strict run passed:\n%s", out)
	}
	nlsocktest.ContainsAll(t, "child output", string(out),
		"--- FAIL: TestLeakStrict/leak.lua",
		"leak: 1 netlink socket left open at the end of the file: route, portid ",
		"leak: 1 namespace from netns.new left open at the end of the file: netns#",
	)
}
