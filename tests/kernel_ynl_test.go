package tests

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/runtime/luatest"
)

// kernelYNLEnv is where tests/lua/kernel/*.lua find the kernel tree's YNL
// specs (DIR/Documentation/netlink/specs) and CLI (DIR/tools/net/ynl).
const kernelYNLEnv = "NLSH_KERNEL_YNL"

// exportKernelYNL makes sure $NLSH_KERNEL_YNL names the extracted kernel
// YNL directory before the Lua files run: CI sets it; otherwise
// scripts/kernel-ynl.sh prints it (extracting it from linux-source once).
// Without it the kernel selftest scripts cannot run, which fails the test
// under NLSH_REQUIRE_NETNS=1 and skips it otherwise.
func exportKernelYNL(t *testing.T) {
	t.Helper()
	if dir := os.Getenv(kernelYNLEnv); dir != "" {
		if _, err := os.Stat(dir + "/Documentation/netlink/specs/netdev.yaml"); err != nil {
			t.Fatalf("%s=%s holds no kernel YNL specs: %v", kernelYNLEnv, dir, err)
		}
		return
	}
	out, err := exec.Command("bash", "../scripts/kernel-ynl.sh").Output()
	if err != nil {
		reason := "kernel YNL specs unavailable (scripts/kernel-ynl.sh: " + err.Error() + "); tests/lua/kernel needs them"
		if os.Getenv(luatest.RequireEnv) == "1" {
			t.Fatal(reason)
		}
		t.Skip(reason)
	}
	// Set for the whole process (the Lua files run in parallel subtests,
	// where t.Setenv is not allowed); restored when the test ends.
	prev, had := os.LookupEnv(kernelYNLEnv)
	os.Setenv(kernelYNLEnv, strings.TrimSpace(string(out)))
	t.Cleanup(func() {
		if had {
			os.Setenv(kernelYNLEnv, prev)
		} else {
			os.Unsetenv(kernelYNLEnv)
		}
	})
}
