//go:build linux

package ynltest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// Python is the interpreter the kernel's CLI runs with: Debian's, which
// has python3-yaml and python3-jsonschema.
const Python = "/usr/bin/python3"

// CLI runs the kernel tree's tools/net/ynl/cli.py.
type CLI struct {
	Dir string // the kernel tree (nlsocktest.KernelYNL)
}

// NewCLI finds the kernel's CLI, skipping tb (failing it under
// NLSH_REQUIRE_NETNS=1) when it or python3 is missing.
func NewCLI(tb testing.TB) *CLI {
	tb.Helper()
	c := &CLI{Dir: nlsocktest.KernelYNL(tb)}
	nlsocktest.LookPath(tb, Python, "python3")
	return c
}

// Result is what one run of the CLI printed.
type Result struct {
	Args           []string
	Stdout, Stderr string
	Exit           int
}

// Run runs the CLI with args inside ns and waits for it, at most timeout.
func (c *CLI) Run(tb testing.TB, ns nlsock.NetNS, timeout time.Duration, args ...string) Result {
	tb.Helper()
	cmd, wait := c.start(tb, ns, args)
	timer := time.AfterFunc(timeout, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	return wait()
}

// Start starts the CLI with args inside ns for a caller that does
// something else meanwhile (a --subscribe session); wait returns what it
// printed once it exits.
func (c *CLI) Start(tb testing.TB, ns nlsock.NetNS, args ...string) (wait func() Result) {
	tb.Helper()
	cmd, wait := c.start(tb, ns, args)
	tb.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return wait
}

// start starts the CLI; wait (called on the test's goroutine) waits for
// it and fails tb when it could not be waited for (an exit status other
// than 0 is the Result's Exit, not a failure).
func (c *CLI) start(tb testing.TB, ns nlsock.NetNS, args []string) (*exec.Cmd, func() Result) {
	tb.Helper()
	cmd := c.command(args)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := ns.Start(cmd); err != nil {
		tb.Fatalf("kernel ynl CLI: %v", err)
	}
	return cmd, func() Result {
		tb.Helper()
		err := cmd.Wait()
		r := Result{Args: args, Stdout: out.String(), Stderr: errb.String()}
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			r.Exit = ee.ExitCode()
		case err != nil:
			tb.Fatalf("kernel ynl CLI %s: %v", strings.Join(args, " "), err)
		}
		return r
	}
}

func (c *CLI) command(args []string) *exec.Cmd {
	cli := filepath.Join(c.Dir, "tools", "net", "ynl", "cli.py")
	cmd := exec.Command(Python, append([]string{cli}, args...)...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"}
	return cmd
}

// SpecArgs is the CLI's --spec for family in the kernel tree.
func (c *CLI) SpecArgs(tb testing.TB, family string) []string {
	tb.Helper()
	return []string{"--spec", SpecPath(tb, family)}
}

// JSON parses each line the CLI printed with --output-json (numbers kept
// exact as json.Number). A run that failed fails tb.
func (r Result) JSON(tb testing.TB) []any {
	tb.Helper()
	if r.Exit != 0 {
		tb.Fatalf("kernel ynl CLI %s: exit %d\n%s%s", strings.Join(r.Args, " "), r.Exit, r.Stdout, r.Stderr)
	}
	vals, err := ParseJSONLines(r.Stdout)
	if err != nil {
		tb.Fatalf("kernel ynl CLI %s: %v\n%s", strings.Join(r.Args, " "), err, r.Stdout)
	}
	return vals
}

// ParseJSONLines parses one JSON value per non-empty line, numbers as
// json.Number.
func ParseJSONLines(text string) ([]any, error) {
	var vals []any
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		d := json.NewDecoder(strings.NewReader(line))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		vals = append(vals, v)
	}
	return vals, nil
}

// CLIError is a failure as the CLI reports it: "Netlink error: <strerror>"
// and the extended ACK, with the attribute it names.
type CLIError struct {
	Text     string // strerror(3), e.g. "No such file or directory"
	BadAttr  string // extack bad-attr, e.g. ".ifindex"
	MissType string // extack miss-type, by name when the spec has one
}

var (
	cliErrText  = regexp.MustCompile(`(?m)^Netlink error: (.+)$`)
	cliBadAttr  = regexp.MustCompile(`'bad-attr': '([^']*)'`)
	cliMissType = regexp.MustCompile(`'miss-type': '?([^',}]*)'?`)
)

// Error reads the failure of a run that exited 1 with a netlink error.
func (r Result) Error(tb testing.TB) CLIError {
	tb.Helper()
	m := cliErrText.FindStringSubmatch(r.Stdout)
	if r.Exit != 1 || m == nil {
		tb.Fatalf("kernel ynl CLI %s: want a netlink error, got exit %d\n%s%s", strings.Join(r.Args, " "), r.Exit, r.Stdout, r.Stderr)
	}
	e := CLIError{Text: m[1]}
	if m := cliBadAttr.FindStringSubmatch(r.Stdout); m != nil {
		e.BadAttr = m[1]
	}
	if m := cliMissType.FindStringSubmatch(r.Stdout); m != nil {
		e.MissType = m[1]
	}
	return e
}
