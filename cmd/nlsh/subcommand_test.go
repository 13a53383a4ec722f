package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestNetnsBeforeMonitor: nlsh --netns PATH monitor watches that namespace,
// as nlsh monitor --netns PATH does.
func TestNetnsBeforeMonitor(t *testing.T) {
	path, ns := nsPath(t)
	var out, errOut nlsocktest.SyncBuffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"--netns", path, "monitor", "--count", "2", "link"}, nil, &out, &errOut) }()
	waitStarted(t, &errOut)
	vethPair(t, ns, "gl0", "gl1")
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.Contains(l, " "+path+" RTM_NEWLINK +link gl") {
			t.Errorf("line %q is not a new link gl* in %s", l, path)
		}
	}
}

// TestGlobalsBeforeTest: nlsh --specs DIR --capture FILE test runs the
// files with the spec directory and records their sockets.
func TestGlobalsBeforeTest(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nlsh-globals-probe.yaml"), []byte("name: nlsh-globals-probe\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	capture := filepath.Join(dir, "test.pcap")
	var out, errOut bytes.Buffer
	code := run([]string{"--specs", dir, "--capture", capture, "test", "testdata/globals/specs_and_capture.lua"}, nil, &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), "2 passed, 0 failed") {
		t.Fatalf("exit %d:\n%s%s", code, out.String(), errOut.String())
	}
	var exp bytes.Buffer
	if code := run([]string{"explain", capture}, nil, &exp, &errOut); code != 0 || !strings.Contains(exp.String(), "RTM_GETLINK") {
		t.Errorf("explain of the capture: exit %d:\n%s%s", code, exp.String(), errOut.String())
	}
}

func waitStarted(t *testing.T, errOut *nlsocktest.SyncBuffer) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !started(errOut.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("monitor did not start: %s", errOut.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSpecsBeforeMonitor: nlsh --specs DIR monitor decodes generic netlink
// events by the family's spec in DIR.
func TestSpecsBeforeMonitor(t *testing.T) {
	dir := kernelSpecs(t)
	path, ns := nsPath(t)
	var out, errOut nlsocktest.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"--specs", dir, "--netns", path, "monitor", "--count", "2", "netdev:mgmt"}, nil, &out, &errOut)
	}()
	waitStarted(t, &errOut)
	vethPair(t, ns, "sp0", "sp1")
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.Contains(l, " netdev dev-add-ntf ifindex ") {
			t.Errorf("line %q is not a decoded dev-add-ntf", l)
		}
	}
}

// TestSpecsBeforeExplain: nlsh --specs DIR explain names a generic family's
// attributes by its spec in DIR; without it they stay numbered.
func TestSpecsBeforeExplain(t *testing.T) {
	dir := kernelSpecs(t)
	t.Setenv("NLSH_SPECS", "")
	capture := filepath.Join(t.TempDir(), "netdev.pcap")
	var out, errOut bytes.Buffer
	code := run([]string{"--capture", capture, "--specs", dir, "-e", `assert(assert(ynl.family("netdev")):call("dev-get", {ifindex = 1}))`}, nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("capturing: exit %d: %s", code, errOut.String())
	}
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"--specs", dir, "explain", capture}, true},
		{[]string{"explain", capture}, false},
	} {
		out.Reset()
		if code := run(tc.args, nil, &out, &errOut); code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errOut.String())
		}
		if got := strings.Contains(out.String(), "ifindex (type 1) len 8: 1"); got != tc.want {
			t.Errorf("%v: decoded by the spec: %v, want %v:\n%s", tc.args, got, tc.want, out.String())
		}
	}
}
