package nlsock_test

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestFailedSwitchBackDiscardsThread: when the thread cannot return to the
// host namespace after running something inside another, the call fails
// and the thread must die with its goroutine (it stays locked), never go
// back to the runtime's pool where any goroutine could run in the wrong
// namespace.
func TestFailedSwitchBackDiscardsThread(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	restore := nlsock.FailSwitchBackForTest()
	cmd := exec.Command("true")
	err := ns.NetNS().Start(cmd)
	restore()
	if cmd.Process != nil {
		cmd.Wait()
	}
	if err == nil || !strings.Contains(err.Error(), "setns back to the original namespace") {
		t.Errorf("Start with a failing switch back: %v, want the failure reported", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(nlsocktest.ForeignThreads()) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // the locked goroutine's thread exiting
	}
	if tids := nlsocktest.ForeignThreads(); len(tids) > 0 {
		t.Errorf("threads %v stayed in the foreign namespace: the thread whose switch back failed went back to the runtime", tids)
	}
}
