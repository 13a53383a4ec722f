//go:build linux

package nlsocktest

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// RunAll runs each command line (split at spaces: no quoting) inside ns,
// in order, and fails tb with the command's output at the first that
// fails: the ip, tc and conntrack lines a test sets its namespace up with.
func RunAll(tb testing.TB, ns nlsock.NetNS, lines ...string) {
	tb.Helper()
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) == 0 {
			tb.Fatalf("RunAll: an empty command line")
		}
		cmd := exec.Command(f[0], f[1:]...)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := ns.Run(cmd); err != nil {
			tb.Fatalf("%s: %v\n%s", line, err, out.String())
		}
	}
}
