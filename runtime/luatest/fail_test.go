package luatest

import (
	"os"
	"os/exec"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// childEnv makes the test binary, run again by TestFailuresFail, run the
// failing files through Run instead of checking them.
const childEnv = "LUATEST_FAILING_CHILD"

// TestFailuresFail runs deliberately failing Lua files through Run in a
// child go test process and requires that process to fail, naming each
// failed case and the file whose top level fails: a failure that Run only
// logged would leave the child green, and every Lua suite with it.
func TestFailuresFail(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		Run(t, []string{"../testrun/testdata/failing.lua", "../testrun/testdata/syntax.lua"}, onKernelOrFake(t, Options{}))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFailuresFail$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("child go test: %v, want exit status 1 (a failure)\n%s", err, out)
	}
	nlsocktest.ContainsAll(t, "child output", string(out),
		"--- FAIL: TestFailuresFail/failing.lua/numbers_differ",
		"--- FAIL: TestFailuresFail/failing.lua/expect_fails",
		"--- PASS: TestFailuresFail/failing.lua/passes",
		"--- SKIP: TestFailuresFail/failing.lua/skips",
		"--- FAIL: TestFailuresFail/syntax.lua",
		"\nFAIL\n",
	)
}
