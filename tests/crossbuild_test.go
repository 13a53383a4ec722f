package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestBuildsOnOtherSystems cross-compiles the whole module for systems
// without netlink. Each package that needs Linux has //go:build linux on its
// files (nlsock: *_linux.go) and nlsock's stubs return ErrNotLinux, so a new
// file that calls Linux-only code without the tag breaks this test, not a
// user's build on a Mac.
func TestBuildsOnOtherSystems(t *testing.T) {
	nlsocktest.SkipShort(t, "cross-compiles the module three times")
	for _, goos := range []string{"darwin", "freebsd", "windows"} {
		t.Run(goos, func(t *testing.T) {
			exe := filepath.Join(t.TempDir(), "nlsh")
			if goos == "windows" {
				exe += ".exe"
			}
			// go build -o DIR ./... would build only the main packages, so
			// the libraries and the binary are two builds.
			for _, args := range [][]string{{"./..."}, {"-o", exe, "./cmd/nlsh"}} {
				cmd := exec.Command("go", append([]string{"build"}, args...)...)
				cmd.Dir = ".."
				cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=")
				if msg, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("GOOS=%s go build %s: %v\n%s\n(a file of a package that needs Linux wants "+
						"//go:build linux at its top; nlsock's own Linux files are named *_linux.go)",
						goos, strings.Join(args, " "), err, msg)
				}
			}
			if _, err := os.Stat(exe); err != nil {
				t.Fatalf("GOOS=%s: no nlsh binary: %v", goos, err)
			}
		})
	}
}
