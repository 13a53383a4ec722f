package nlsock_test

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

const buggyEnv = "NLSH_TEST_BUGGY_SETNS"

// TestProbeCatchesBuggySetns proves that the probes of TestNoStrandedThreads
// can fail: in a separate process (the pattern poisons threads), goroutines
// switch into a namespace and unlock without switching back, and the same
// probes must see foreign samples there.
func TestProbeCatchesBuggySetns(t *testing.T) {
	nlsocktest.RequireRoot(t)
	if os.Getenv(buggyEnv) == "1" {
		runBuggySetns(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestProbeCatchesBuggySetns$", "-test.v")
	cmd.Env = append(os.Environ(), buggyEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	var samples, wrong int
	for _, line := range splitLines(string(out)) {
		if _, err := fmt.Sscanf(line, "buggy: %d samples, %d wrong", &samples, &wrong); err == nil {
			break
		}
	}
	t.Logf("buggy setns pattern: %d samples, %d in a foreign namespace", samples, wrong)
	if wrong == 0 {
		t.Errorf("the probes did not notice threads left in a foreign namespace:\n%s", out)
	}
}

// runBuggySetns is the helper process: the buggy pattern under the probes.
func runBuggySetns(t *testing.T) {
	fd := nsFD(t, nlsocktest.NewNamespace(t))
	probe := startNSProbe(16)
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			runtime.LockOSThread()
			unix.Setns(fd, unix.CLONE_NEWNET)
			runtime.UnlockOSThread() // the bug: no switch back
		})
	}
	wg.Wait()
	for probe.samples.Load() < 20000 {
		runtime.Gosched()
	}
	samples, wrong := probe.stop()
	fmt.Printf("buggy: %d samples, %d wrong\n", samples, wrong)
}

func splitLines(s string) []string { return strings.Split(s, "\n") }
