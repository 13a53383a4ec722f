package main

import (
	"fmt"
	"io"

	"github.com/nlsh/nlsh/nlsock"
	nlrt "github.com/nlsh/nlsh/runtime"
)

// runNotLinux is nlsh where netlink does not exist: --version answers as on
// Linux, help says where nlsh runs (its reference is built from Linux's
// netlink families), and everything else fails with nlsock.ErrNotLinux in
// one line. It is compiled on every system
// so that its test runs on Linux; main_others.go calls it.
func runNotLinux(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 {
		switch args[0] {
		case "--version":
			fmt.Fprintln(stdout, nlrt.Version())
			return 0
		case "help", "-h", "--help":
			fmt.Fprintf(stdout, "%s\n%v.\nOn Linux, nlsh help lists its commands, Lua modules and objects.\n",
				nlrt.Version(), nlsock.ErrNotLinux)
			return 0
		}
	}
	fmt.Fprintf(stderr, "nlsh: %v\n", nlsock.ErrNotLinux)
	return 1 // exitError: as a script that cannot open its socket
}
