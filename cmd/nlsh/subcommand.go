//go:build linux

package main

import (
	"flag"
	"fmt"
	"io"
)

// parseInterspersed parses a subcommand's args with fs, accepting options
// before, between and after the operands (the flag package alone stops at
// the first operand), and returns the operands in order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return operands, nil
		}
		operands = append(operands, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// globals are the options of nlsh given before a subcommand:
// nlsh -n NS monitor link, nlsh --specs DIR explain x.pcap.
type globals struct {
	nsOption
	capture string
	specs   []string
}

// subcommand is a word that, after nlsh's options, is a command rather
// than a script name. Adding one is one entry in subcommands.
type subcommand struct {
	run func(g globals, args []string, stdin io.Reader, stdout, stderr io.Writer) int
	// notFor says why an option of nlsh does not apply to it; an option
	// missing here applies (-n, --netns, --capture, --specs, -h).
	notFor map[string]string
}

var subcommands = map[string]*subcommand{
	"monitor": {run: runMonitor, notFor: notFor(nil)},
	"test": {run: runTest, notFor: notFor(map[string]string{
		"-n":      "each test file runs in a fresh namespace of its own",
		"--netns": "each test file runs in a fresh namespace of its own",
	})},
	"explain": {run: runExplain, notFor: notFor(map[string]string{
		"-n":        "it reads capture files, not a namespace",
		"--netns":   "it reads capture files, not a namespace",
		"--capture": "it opens no netlink socket to record",
	})},
	"ynl":        {run: runYnlWithGlobals, notFor: notFor(nil)},
	"help":       {run: withoutGlobals(runHelp), notFor: notFor(notInNamespace)},
	"completion": {run: withoutGlobals(runCompletion), notFor: notFor(notInNamespace)},
}

// notInNamespace are the options that mean nothing to a command that opens
// no socket: help and completion only print.
var notInNamespace = map[string]string{
	"-n":        "it opens no socket",
	"--netns":   "it opens no socket",
	"--capture": "it opens no socket to record",
}

// withoutGlobals adapts a subcommand that takes none of nlsh's options.
func withoutGlobals(run func(args []string, stdin io.Reader, stdout, stderr io.Writer) int) func(globals, []string, io.Reader, io.Writer, io.Writer) int {
	return func(_ globals, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
		return run(args, stdin, stdout, stderr)
	}
}

// notFor adds to more the options no subcommand takes: they are for a Lua
// session.
func notFor(more map[string]string) map[string]string {
	m := map[string]string{
		"-e":        "it runs Lua code in the shell",
		"-l":        "it loads a module into the shell",
		"-i":        "it enters the REPL",
		"--version": "it is an option of its own: nlsh --version",
	}
	for k, v := range more {
		m[k] = v
	}
	return m
}

// runSubcommand runs cl.sub with the options given before it, after
// checking that each applies.
func (cl *cmdline) runSubcommand(stdin io.Reader, stdout, stderr io.Writer) int {
	sc := subcommands[cl.sub]
	for _, opt := range cl.given {
		if why, ok := sc.notFor[opt]; ok {
			fmt.Fprintf(stderr, "nlsh: option '%s' does not apply to 'nlsh %s': %s\n%s", opt, cl.sub, why, usageHint)
			return exitUsage
		}
	}
	args := cl.subArgs
	if cl.help {
		args = []string{"--help"}
	}
	g := globals{nsOption: cl.nsOption, capture: cl.capture, specs: cl.specs}
	return sc.run(g, args, stdin, stdout, stderr)
}

// runYnlWithGlobals is nlsh ynl with nlsh's options given before it
// (nlsh -n NS --specs DIR ynl ...) passed on as its own, which come first so
// that a --specs DIR given before ynl is searched first.
func runYnlWithGlobals(g globals, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var own []string
	if g.nsName != "" {
		own = append(own, "-n", g.nsName)
	}
	if g.nsPath != "" {
		own = append(own, "--netns", g.nsPath)
	}
	if g.capture != "" {
		own = append(own, "--capture", g.capture)
	}
	for _, dir := range g.specs {
		own = append(own, "--specs", dir)
	}
	return runYnl(append(own, args...), stdin, stdout, stderr)
}
