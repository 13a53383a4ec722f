package testrun

import (
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestFailingScript checks how each deliberately failing case of
// testdata/failing.lua is reported: its status, and the file:line and
// values in the failure text.
func TestFailingScript(t *testing.T) {
	cases := runFile(t, "failing.lua", Options{})
	tests := []struct {
		name   string
		status Status
		want   []string // substrings of the failure text, or of the skip reason
	}{
		{"passes", Pass, nil},
		{"tables differ", Fail, []string{"testdata/failing.lua:8: not equal: link",
			`got:  {flags = {"UP"}, mtu = 1500, name = "eth0"}`,
			`want: {flags = {"UP", "LOWER_UP"}, mtu = 9000, name = "eth0"}`,
			"diff (-want +got):", `- .flags[2] = "LOWER_UP"`, "- .mtu = 9000", "+ .mtu = 1500"}},
		{"numbers differ", Fail, []string{"testdata/failing.lua:12: not equal", "got:  41", "want: 42"}},
		{"expect fails", Fail, []string{"testdata/failing.lua:16: expectation failed: the kernel agreed"}},
		{"errors without an error", Fail, []string{"testdata/failing.lua:20: expected an error matching \"boom\""}},
		{"errors with another error", Fail, []string{"testdata/failing.lua:24: error does not match \"boom\"", "bang"}},
		{"a Lua error", Fail, []string{"testdata/failing.lua:29: attempt to index", "stack traceback:\n\ttestdata/failing.lua:29: in test \"a Lua error\""}},
		{"pcall cannot hide a failure", Fail, []string{"testdata/failing.lua:33: not equal", `got:  "a"`, `want: "b"`}},
		{"os.exit fails only this test", Fail, []string{"testdata/failing.lua:37: os.exit(3) called inside a test"}},
		{"runs after os.exit", Pass, nil},
		{"skips", Skip, []string{"no such hardware"}},
	}
	if len(cases) != len(tests) {
		t.Errorf("%d cases reported, want %d: %v", len(cases), len(tests), cases)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := cases[tt.name]
			if !ok {
				t.Fatalf("case not reported")
			}
			if c.Status != tt.status {
				t.Fatalf("status %v, want %v; failures:\n%s", c.Status, tt.status, c.Detail())
			}
			text := strings.Join(c.Failures, "\n") + c.Reason
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("report lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

// TestTimeout: a recv that would block forever and a busy loop both end at
// the file's timeout; the file's later cases are reported, not run.
func TestTimeout(t *testing.T) {
	for _, file := range []string{"hang.lua", "spin.lua"} {
		t.Run(file, func(t *testing.T) {
			start := time.Now()
			cases := runFile(t, file, Options{Timeout: 300 * time.Millisecond})
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v with a 300ms timeout", d)
			}
			for name, c := range cases {
				if c.Status != Fail {
					t.Errorf("%s: status %v, want FAIL", name, c.Status)
				}
			}
			first := cases[map[string]string{"hang.lua": "hangs in recv", "spin.lua": "spins"}[file]]
			if !strings.Contains(strings.Join(first.Failures, "\n"), "timed out: the file's timeout (300ms) expired") {
				t.Errorf("failure does not say it timed out:\n%s", first.Detail())
			}
			if c, ok := cases["never runs"]; ok && !strings.Contains(c.Failures[0], "not run") {
				t.Errorf("later case: %q", c.Failures)
			}
		})
	}
}

// leakFiles leave a socket, and with root a namespace (netns.new), open
// in a passing case: want are the warnings each gets from Close.
var leakFiles = []struct {
	file       string
	namespaces bool // needs them (root)
	want       []string
}{
	{"leaksocket.lua", false, []string{"testdata/leaksocket.lua left 1 netlink socket open (route, portid ", "); closed it"}},
	{"leak.lua", true, []string{"testdata/leak.lua left 1 netlink socket open (route, portid ", "); closed it",
		"testdata/leak.lua left 1 namespace from netns.new open (netns#"}},
}

// TestLeak: a file whose case passes but leaves a socket and a namespace
// open passes; the harness closes both and names them in a warning.
func TestLeak(t *testing.T) {
	for _, tt := range leakFiles {
		t.Run(tt.file, func(t *testing.T) {
			if tt.namespaces {
				requireNamespaces(t)
			}
			m, _ := NewMatcher("")
			fr := RunFile("testdata/"+tt.file, onKernelOrFake(t, Options{}), m)
			if len(fr.Cases) != 1 || fr.Cases[0].Name != "opens and forgets" || fr.Cases[0].Status != Pass {
				t.Fatalf("want the one case, passing; got %+v", fr.Cases)
			}
			nlsocktest.ContainsAll(t, "warnings", strings.Join(fr.Warnings, "\n"), tt.want...)
			if n := len(tt.want) - 1; len(fr.Warnings) != n {
				t.Errorf("%d warnings, want %d: %q", len(fr.Warnings), n, fr.Warnings)
			}
		})
	}
}

// TestLeakStrict: with Options.Strict the same files fail by name in the
// (file) pseudo-case.
func TestLeakStrict(t *testing.T) {
	for _, tt := range leakFiles {
		t.Run(tt.file, func(t *testing.T) {
			want := []string{"leak: 1 netlink socket left open at the end of the file: route, portid "}
			if tt.namespaces {
				requireNamespaces(t)
				want = append(want, "leak: 1 namespace from netns.new left open at the end of the file: netns#")
			}
			cases := runFile(t, tt.file, Options{Strict: true})
			if c := cases["opens and forgets"]; c.Status != Pass {
				t.Errorf("the case itself passes; got %v", c.Status)
			}
			c, ok := cases[FileCase]
			if !ok || c.Status != Fail {
				t.Fatalf("no failing %s case: %v", FileCase, cases)
			}
			nlsocktest.ContainsAll(t, "leak report", strings.Join(c.Failures, "\n"), want...)
			if len(c.Failures) != len(want) {
				t.Errorf("%d failures, want %d: %q", len(c.Failures), len(want), c.Failures)
			}
		})
	}
}

// TestTopLevel covers files whose top level fails, skips, declares cases
// wrongly, or declares none.
func TestTopLevel(t *testing.T) {
	tests := []struct {
		file   string
		name   string
		status Status
		want   string
	}{
		{"syntax.lua", TopLevel, Fail, "testdata/syntax.lua:2: syntax error near '='"},
		{"topskip.lua", TopLevel, Skip, "whole file skipped"},
		{"nocases.lua", TopLevel, Pass, ""},
		{"dup.lua", TopLevel, Fail, `testdata/dup.lua:2: test("dup"): duplicate name (first declared at testdata/dup.lua:1)`},
		{"misuse.lua", "nested test", Fail, "cases are declared at the top level"},
		{"misuse.lua", "still runs", Pass, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.name, func(t *testing.T) {
			cases := runFile(t, tt.file, Options{})
			c, ok := cases[tt.name]
			if !ok {
				t.Fatalf("no case %q in %v", tt.name, cases)
			}
			if c.Status != tt.status {
				t.Fatalf("status %v, want %v:\n%s", c.Status, tt.status, c.Detail())
			}
			if text := strings.Join(c.Failures, "\n") + c.Reason; !strings.Contains(text, tt.want) {
				t.Errorf("report lacks %q:\n%s", tt.want, text)
			}
		})
	}
}

// TestOutputCaptured: what a case prints is its Output, not the process's.
func TestOutputCaptured(t *testing.T) {
	m, _ := NewMatcher("harness.lua/print")
	fr := RunFile("../../tests/lua/harness.lua", onKernelOrFake(t, Options{}), m)
	if len(fr.Cases) != 1 {
		t.Fatalf("-run selected %d cases, want 1: %v", len(fr.Cases), fr.Cases)
	}
	if got := fr.Cases[0].Output; got != "this line is shown with -v or on failure\n" {
		t.Errorf("output %q", got)
	}
}

// TestCleanup: cleanup(fn) in a case runs after it, last first, even after
// a failure; a failing cleanup fails its case; a top-level cleanup runs
// after the cases and closes what they shared.
func TestCleanup(t *testing.T) {
	cases := runFile(t, "cleanup.lua", Options{})
	want := map[string]Status{"registers two": Pass, "they ran last first": Pass, "fails, then cleans up": Fail,
		"the cleanup ran": Pass, "a failing cleanup": Fail}
	for name, st := range want {
		if c := cases[name]; c.Status != st {
			t.Errorf("%s: status %v, want %v\n%s", name, c.Status, st, c.Detail())
		}
	}
	if f := strings.Join(cases["a failing cleanup"].Failures, "\n"); !strings.Contains(f, "cleanup: testdata/cleanup.lua:25: cleanup broke") {
		t.Errorf("failing cleanup reported as %q", f)
	}
	cases = runFile(t, "cleanup_file.lua", Options{})
	if c, ok := cases[FileCase]; ok {
		t.Errorf("the top-level cleanup did not close the shared socket:\n%s", c.Detail())
	}
	if len(cases) != 2 {
		t.Errorf("cases: %v", cases)
	}
}

// TestAbandoned: a case stuck in a builtin past the timeout and the grace
// period is abandoned: it fails, the rest of the file is not run, and the
// file still closes (its state is left to the stuck goroutine).
func TestAbandoned(t *testing.T) {
	old := abandonGrace
	abandonGrace = 50 * time.Millisecond
	t.Cleanup(func() { abandonGrace = old })
	start := time.Now()
	cases := runFile(t, "stuck.lua", Options{Timeout: 100 * time.Millisecond})
	if d := time.Since(start); d > 700*time.Millisecond {
		t.Errorf("took %v; want about timeout + grace", d)
	}
	if f := strings.Join(cases["stuck in a builtin"].Failures, "\n"); !strings.Contains(f, "did not stop within 50ms") {
		t.Errorf("stuck case: %q", f)
	}
	if f := strings.Join(cases["after it"].Failures, "\n"); !strings.Contains(f, "not run: an earlier case of this file did not stop") {
		t.Errorf("later case: %q", f)
	}
}
