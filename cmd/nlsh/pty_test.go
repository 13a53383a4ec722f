package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// These tests build nlsh and type into it through a real pseudo-terminal:
// line editing, completion, history and Ctrl-C as a user meets them.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// nlshBinary builds the command once per test run.
func nlshBinary(t *testing.T) string {
	t.Helper()
	nlsocktest.SkipShort(t, "builds and runs the binary")
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "nlsh-pty")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "nlsh")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, binPath)
	}
	return binPath
}

// term is nlsh running on a pseudo-terminal.
type term struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	seen int // output consumed by expect
	done chan struct{}
}

// freshState is the environment giving nlsh an empty state directory (so
// no history from elsewhere).
func freshState(t *testing.T) []string {
	return []string{"XDG_STATE_HOME=" + t.TempDir()}
}

func startTerm(t *testing.T, env []string, args ...string) *term {
	return startTermPrompt(t, "> ", env, args...)
}

// startTermPrompt starts nlsh and waits for prompt.
func startTermPrompt(t *testing.T, prompt string, env []string, args ...string) *term {
	t.Helper()
	cmd := exec.Command(nlshBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Fatalf("pty: %v", err)
	}
	tm := &term{t: t, cmd: cmd, ptmx: ptmx, done: make(chan struct{})}
	go func() {
		defer close(tm.done)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		ptmx.Close()
	})
	tm.expect(prompt, 5*time.Second)
	return tm
}

func (tm *term) typ(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.ptmx, s); err != nil {
		tm.t.Fatalf("write to pty: %v", err)
	}
}

// exchange types typed and waits up to two seconds for shown: one turn of
// a transcript.
func (tm *term) exchange(typed, shown string) {
	tm.t.Helper()
	tm.typ(typed)
	tm.expect(shown, 2*time.Second)
}

// expect waits for s in the output not yet consumed, and consumes up to it.
func (tm *term) expect(s string, within time.Duration) time.Duration {
	tm.t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		tm.mu.Lock()
		rest := tm.out.String()[tm.seen:]
		if i := strings.Index(rest, s); i >= 0 {
			tm.seen += i + len(s)
			tm.mu.Unlock()
			return time.Since(start)
		}
		tm.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.t.Fatalf("no %q within %v; output so far:\n%q", s, within, tm.out.String()[tm.seen:])
	return 0
}

// ctrlD types Ctrl-D at the prompt and checks that nlsh exits with status 0.
func (tm *term) ctrlD() {
	tm.t.Helper()
	tm.typ("\x04")
	if code := tm.wait(2 * time.Second); code != 0 {
		tm.t.Errorf("Ctrl-D: exit status %d, want 0", code)
	}
}

// wait waits for nlsh to exit and returns its status.
func (tm *term) wait(within time.Duration) int {
	tm.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- tm.cmd.Wait() }()
	select {
	case err := <-errc:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			tm.t.Fatalf("wait: %v", err)
		}
		return 0
	case <-time.After(within):
		tm.t.Fatalf("nlsh did not exit within %v", within)
	}
	return -1
}

func TestPTYCompletion(t *testing.T) {
	tm := startTerm(t, freshState(t))
	tm.exchange("string.for\t", "string.format")
	tm.exchange("('%d', 40 + 2)\r", "42")
	tm.typ("s = 'x'\r")
	tm.exchange("s:up\t", "s:upper(")
	tm.exchange(")\r", "X")
	tm.ctrlD()
}

func TestPTYCompletionNetlink(t *testing.T) {
	tm := startTerm(t, freshState(t))
	tm.exchange("s = netlink.op\t", "s = netlink.open")
	tm.exchange("(\"ro\t", `s = netlink.open("route"`)
	tm.exchange(")\r", "> ")
	tm.exchange("s:jo\t", "s:join(")
	tm.typ("\x03")
	tm.ctrlD()
}

func TestPTYCtrlCInterruptsRecv(t *testing.T) {
	tm := startTerm(t, freshState(t))
	tm.exchange("s = assert(netlink.open('route'))\r", "> ")
	tm.typ("s:recv()\r")
	time.Sleep(300 * time.Millisecond)
	tm.typ("\x03")
	if d := tm.expect("interrupted", 2*time.Second); d > time.Second {
		t.Errorf("prompt came back after %v, want under a second", d)
	}
	tm.exchange("s:portid() > 0\r", "true")
	tm.ctrlD()
}

func TestPTYCtrlCInterruptsLoop(t *testing.T) {
	tm := startTerm(t, freshState(t))
	tm.typ("while true do end\r")
	time.Sleep(300 * time.Millisecond)
	tm.typ("\x03")
	if d := tm.expect("interrupted", 2*time.Second); d > time.Second {
		t.Errorf("prompt came back after %v, want under a second", d)
	}
	tm.expect("> ", time.Second)
	tm.exchange("1+1\r", "2")
	tm.typ("\x03") // at the prompt: drops the line, does not exit
	tm.exchange("print('still' .. 'here')\r", "stillhere")
	tm.ctrlD()
}

func TestPTYHistoryAfterRestart(t *testing.T) {
	env := freshState(t)
	tm := startTerm(t, env)
	tm.exchange("history_marker = 6 * 7\r", "> ")
	tm.typ("for i = 1, 2 do\r")
	tm.typ("  io.write('loop', i, ' ')\r")
	tm.exchange("end\r", "loop2")
	tm.typ("\x04")
	if code := tm.wait(2 * time.Second); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	b, err := os.ReadFile(filepath.Join(env[0][len("XDG_STATE_HOME="):], "nlsh", "history"))
	if err != nil || !strings.Contains(string(b), "history_marker = 6 * 7\nfor i = 1, 2 do io.write('loop', i, ' ') end\n") {
		t.Fatalf("history file: %q, %v", b, err)
	}

	tm = startTerm(t, env)
	tm.typ("\x1b[A") // up arrow recalls the last chunk, joined on one line
	tm.expect("for i = 1, 2 do io.write('loop', i, ' ') end", 2*time.Second)
	tm.exchange("\x1b[A", "history_marker = 6 * 7")
	tm.typ("\r")
	tm.exchange("history_marker\r", "42")
	tm.typ("os.exit(3)\r")
	if code := tm.wait(2 * time.Second); code != 3 {
		t.Errorf("os.exit(3): exit status %d", code)
	}
}

func TestPTYPromptShowsNamespace(t *testing.T) {
	tm := startTermPrompt(t, "[/run/netns/nlsh-prompt-test]> ", freshState(t), "-n", "nlsh-prompt-test")
	tm.exchange("for i = 1, 1 do\r", ">> ")
	tm.exchange("end\r", "[/run/netns/nlsh-prompt-test]> ")
	tm.ctrlD()
}

// TestPTYCompletionConstants: rtnl sets its constants on first use; the
// REPL still completes them before any lookup.
func TestPTYCompletionConstants(t *testing.T) {
	tm := startTerm(t, freshState(t))
	tm.exchange("print(rtnl.RTM_GETLI\t", "print(rtnl.RTM_GETLINK")
	tm.exchange(")\r", "18")
	tm.ctrlD()
}
