//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"

	nlrt "github.com/nlsh/nlsh/runtime"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // a script raised an error
	exitUsage = 2
)

// run is nlsh: it parses args (without the program name), runs what they
// ask and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() { // never a Go stack trace for users
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "nlsh: internal error: %v (please report)\n", r)
			code = exitError
		}
	}()
	cl, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "nlsh: %v\n%s", err, usageHint)
		return exitUsage
	}
	switch {
	case cl.sub != "":
		return cl.runSubcommand(stdin, stdout, stderr)
	case cl.help:
		fmt.Fprint(stdout, mainUsage()) // help.go
		return exitOK
	case cl.version:
		fmt.Fprintln(stdout, nlrt.Version())
		return exitOK
	}
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	capture, closeCapture, err := openCapture(cl.capture) // capture.go
	if err != nil {
		fmt.Fprintf(stderr, "nlsh: %v\n", err)
		return exitError
	}
	defer closeCapture()
	s := nlrt.New(nlrt.Options{
		Capture:    capture,
		SpecDirs:   cl.specs,
		JSON:       cl.json,
		Stdout:     stdout,
		Stderr:     stderr,
		NetNS:      cl.netns(),
		Interrupts: sig,
		Debug:      os.Getenv("NLSH_DEBUG") != "",
	})
	defer s.Close()
	return cl.exec(s, stdin)
}

// exec runs the -e/-l actions, the script, then the REPL, as lua does.
func (cl *cmdline) exec(s *nlrt.State, stdin io.Reader) int {
	scriptArgs := s.SetArgs(append([]string{"nlsh"}, cl.argv...), cl.scriptIndex())
	for _, a := range cl.actions {
		var code int
		var ok bool
		if a.require {
			code, ok = s.Require(a.text)
		} else {
			code, ok = s.RunString(a.text, "(command line)")
		}
		if !ok {
			return code
		}
	}
	if cl.script != "" {
		code, ok := s.RunFile(cl.script, stdin, scriptArgs)
		if !ok || !cl.interactive {
			return code
		}
	}
	if cl.interactive || (cl.script == "" && len(cl.actions) == 0) {
		if !cl.interactive && !isTerminal(stdin) {
			code, _ := s.RunFile("-", stdin, scriptArgs)
			return code
		}
		return s.Interactive(stdin)
	}
	return exitOK
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && nlrt.IsTerminal(f)
}
