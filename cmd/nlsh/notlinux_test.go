package main

import (
	"bytes"
	"strings"
	"testing"

	nlrt "github.com/nlsh/nlsh/runtime"
)

// runNotLinux is main on other systems; it compiles everywhere so that this
// test checks, on Linux, what a user on a Mac sees.
func TestRunNotLinux(t *testing.T) {
	const notLinux = "nlsh runs on Linux only: netlink is a Linux interface"
	for _, tc := range []struct {
		args         []string
		code         int
		stdout       string // a substring of standard output
		stderrIsLine bool   // standard error is exactly the one-line error
	}{
		{args: []string{"--version"}, code: 0, stdout: nlrt.Version() + "\n"},
		{args: []string{"help"}, code: 0, stdout: notLinux},
		{args: []string{"--help"}, code: 0, stdout: notLinux},
		{args: nil, code: 1, stderrIsLine: true},
		{args: []string{"-e", "print(rtnl.links())"}, code: 1, stderrIsLine: true},
		{args: []string{"-n", "x", "monitor", "link"}, code: 1, stderrIsLine: true},
		{args: []string{"help", "rtnl"}, code: 1, stderrIsLine: true},
	} {
		var stdout, stderr bytes.Buffer
		code := runNotLinux(tc.args, &stdout, &stderr)
		if code != tc.code {
			t.Errorf("nlsh %q: exit %d, want %d", tc.args, code, tc.code)
		}
		if !strings.Contains(stdout.String(), tc.stdout) {
			t.Errorf("nlsh %q: stdout %q lacks %q", tc.args, stdout.String(), tc.stdout)
		}
		if tc.stderrIsLine {
			if want := "nlsh: " + notLinux + "\n"; stderr.String() != want {
				t.Errorf("nlsh %q: stderr %q, want %q", tc.args, stderr.String(), want)
			}
		} else if stderr.Len() != 0 {
			t.Errorf("nlsh %q: stderr %q, want none", tc.args, stderr.String())
		}
	}
}
