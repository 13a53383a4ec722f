package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// These tests run the built nlsh in a tmux window of a fixed size and read
// the screen back, as a user sees it: the table view, the pager, colours,
// _ and return values.

// tmuxWindow is nlsh (or a shell command) running in its own tmux server.
type tmuxWindow struct {
	t    *testing.T
	sock string
}

// startTmux runs command (a shell command line) in a cols x rows window.
func startTmux(t *testing.T, cols, rows int, command string) *tmuxWindow {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if nlsocktest.Required() {
			t.Fatalf("tmux is needed for the terminal tests: %v", err)
		}
		nlsocktest.Skip(t, "tmux is not installed")
	}
	w := &tmuxWindow{t: t, sock: filepath.Join(t.TempDir(), "tmux.sock")}
	w.tmux("-f", "/dev/null", "new-session", "-d", "-x", fmt.Sprint(cols), "-y", fmt.Sprint(rows), command)
	t.Cleanup(func() { exec.Command("tmux", "-S", w.sock, "kill-server").Run() })
	return w
}

func (w *tmuxWindow) tmux(args ...string) string {
	w.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", w.sock}, args...)...).CombinedOutput()
	if err != nil {
		w.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// line types text and Enter.
func (w *tmuxWindow) line(text string) {
	w.t.Helper()
	w.tmux("send-keys", "-l", text)
	w.tmux("send-keys", "Enter")
}

// screen is the window's text, the scrollback too with history, escape
// sequences kept with escapes, normalised: no trailing blanks, MAC
// addresses as xx:xx:xx:xx:xx:xx.
func (w *tmuxWindow) screen(history, escapes bool) string {
	args := []string{"capture-pane", "-p"}
	if history {
		args = append(args, "-S", "-1000")
	}
	if escapes {
		args = append(args, "-e")
	}
	lines := strings.Split(w.tmux(args...), "\n")
	for i, l := range lines {
		lines[i] = macAddr.ReplaceAllString(strings.TrimRight(l, " "), "xx:xx:xx:xx:xx:xx")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
}

var macAddr = regexp.MustCompile(`([0-9a-f]{2}:){5}[0-9a-f]{2}`)

// waitFor waits until the screen (with its scrollback) contains want, and
// returns it.
func (w *tmuxWindow) waitFor(want string) string {
	w.t.Helper()
	return w.waitForCount(want, 1)
}

// waitForCount waits until want shows n times on the screen.
func (w *tmuxWindow) waitForCount(want string, n int) string {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := w.screen(true, false)
		if strings.Count(s, want) >= n {
			return s
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%q not %d times on the screen within 10s:\n%s", want, n, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// nlshCommand is the shell command running nlsh with env (and nothing of
// the test's PAGER, NO_COLOR or history) and args.
func nlshCommand(t *testing.T, env []string, args ...string) string {
	parts := []string{"env", "-u", "NO_COLOR", "-u", "PAGER", "XDG_STATE_HOME=" + shellQuote(t.TempDir())}
	for _, e := range env {
		parts = append(parts, shellQuote(e))
	}
	parts = append(parts, shellQuote(nlshBinary(t)))
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// vethNamespace is a named namespace (ip netns) holding pairs veth pairs
// v1/p1 ... , deleted when the test ends.
func vethNamespace(t *testing.T, pairs int) string {
	t.Helper()
	nlsocktest.RequireRoot(t)
	name := fmt.Sprintf("nlsh-tmux-%d", os.Getpid())
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		t.Fatalf("ip netns add: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("ip", "netns", "del", name).Run() })
	var batch strings.Builder
	for i := 1; i <= pairs; i++ {
		fmt.Fprintf(&batch, "link add v%d type veth peer name p%d\n", i, i)
	}
	cmd := exec.Command("ip", "-n", name, "-batch", "-")
	cmd.Stdin = strings.NewReader(batch.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ip -batch: %v\n%s", err, out)
	}
	return name
}

// linksTable is what rtnl.links shows for 12 veth pairs at 100 columns.
func linksTable() string {
	var b strings.Builder
	b.WriteString("IFINDEX  NAME  STATE  MTU    KIND  ADDRESS            FLAGS\n")
	b.WriteString("1        lo    DOWN   65536        xx:xx:xx:xx:xx:xx  LOOPBACK\n")
	for i := 1; i <= 12; i++ {
		for j, n := range []string{"p", "v"} {
			fmt.Fprintf(&b, "%-9d%-6s%-7s%-7s%-6s%-19s%s\n", 2*i+j, fmt.Sprint(n, i), "DOWN", "1500", "veth", "xx:xx:xx:xx:xx:xx", "BROADCAST,MULTICAST")
		}
	}
	b.WriteString("(25 links; show(_, {full=true}) for all fields)\n")
	return b.String()
}

func TestTmuxTableOfLinks(t *testing.T) {
	ns := vethNamespace(t, 12)
	w := startTmux(t, 100, 40, nlshCommand(t, nil, "-n", ns))
	prompt := "[/run/netns/" + ns + "]> "
	w.waitFor(strings.TrimRight(prompt, " "))
	w.line(`s = netlink.open("route")`)
	w.line(`rtnl.links(s)`)
	screen := w.waitFor("for all fields)\n" + strings.TrimRight(prompt, " ") + "\n") // the prompt is back
	want := prompt + "rtnl.links(s)\n" + linksTable() + strings.TrimRight(prompt, " ") + "\n"
	if got := screen[strings.Index(screen, prompt+"rtnl.links"):]; got != want {
		t.Errorf("screen:\n%s\nwant:\n%s", got, want)
	}
	if colour := w.screen(false, true); !strings.Contains(colour, "\x1b[1mIFINDEX") {
		t.Errorf("the header is not bold on a terminal:\n%q", colour)
	}
	// narrower: the right-hand columns go, the rest keep their places
	w.tmux("resize-window", "-x", "40")
	w.line(`rtnl.links(s)`)
	w.waitFor("IFINDEX  NAME  STATE  MTU    KIND\n1        lo    DOWN   65536\n2        p1    DOWN   1500   veth\n")
}

func TestTmuxNoColor(t *testing.T) {
	w := startTmux(t, 80, 30, nlshCommand(t, []string{"NO_COLOR=1"}))
	w.waitFor(">\n")
	w.line(`rows = {} for i = 1, 6 do rows[i] = {id = i} end return rows`)
	w.waitFor("(6 rows;")
	if s := w.screen(true, true); strings.Contains(s, "\x1b[") {
		t.Errorf("NO_COLOR=1, yet colours:\n%q", s)
	}
}

// TestTmuxPager: output taller than the window goes through $PAGER at the
// prompt, and only there: short output does not, nor does a script's.
func TestTmuxPager(t *testing.T) {
	rows := `rows = {} for i = 1, 20 do rows[i] = {id = i, name = "row" .. i} end`
	t.Run("cat shows it all", func(t *testing.T) {
		w := startTmux(t, 60, 8, nlshCommand(t, []string{"PAGER=cat"}))
		w.waitFor(">\n")
		w.line(rows)
		w.line("rows")
		screen := w.waitFor("for all fields)\n>\n") // the prompt is back
		var want strings.Builder
		want.WriteString("> rows\nID  NAME\n")
		for i := 1; i <= 20; i++ {
			fmt.Fprintf(&want, "%-4d%s\n", i, fmt.Sprint("row", i))
		}
		want.WriteString("(20 rows; show(_, {full=true}) for all fields)\n>\n")
		if !strings.HasSuffix(screen, want.String()) {
			t.Errorf("screen with its scrollback:\n%s\nwant it to end:\n%s", screen, want.String())
		}
	})
	t.Run("only long output at the prompt is paged", func(t *testing.T) {
		w := startTmux(t, 60, 8, nlshCommand(t, []string{"PAGER=sed s/^/paged:/"}))
		w.waitFor(">\n")
		w.line(rows)
		w.line("rows")
		w.waitFor("paged:(20 rows;")
		w.line("rows[1]")
		screen := w.waitFor(`{id = 1, name = "row1"}`)
		if strings.Contains(screen, `paged:{id = 1`) {
			t.Errorf("a short value went through the pager:\n%s", screen)
		}
		w.line("show(rows, {full = true})")
		w.waitFor(`paged:  {id = 20, name = "row20"},`)
	})
	t.Run("less -FRX by default", func(t *testing.T) {
		if _, err := exec.LookPath("less"); err != nil {
			if nlsocktest.Required() {
				t.Fatalf("less is needed for the default pager's test: %v", err)
			}
			nlsocktest.Skip(t, "less is not installed; nlsh then pages nothing")
		}
		w := startTmux(t, 60, 8, nlshCommand(t, nil))
		w.waitFor(">\n")
		w.line(rows)
		w.line("rows")
		screen := w.waitFor("5   row5")
		if strings.Contains(screen, "20  row20") {
			t.Fatalf("less did not stop at the first screen:\n%s", screen)
		}
		w.tmux("send-keys", "G") // to the end, then quit: -X leaves it on the screen
		w.waitFor("(20 rows;")
		w.tmux("send-keys", "q")
		w.line("1 + 1")
		w.waitFor("> 1 + 1\n2\n")
	})
	t.Run("a pager that is not there", func(t *testing.T) {
		w := startTmux(t, 60, 8, nlshCommand(t, []string{"PAGER=no-such-pager"}))
		w.waitFor(">\n")
		w.line(rows)
		w.line("rows")
		screen := w.waitFor("for all fields)\n>\n")
		if !strings.Contains(screen, "nlsh: $PAGER: exit status 127") || !strings.Contains(screen, "20  row20") {
			t.Errorf("screen:\n%s", screen)
		}
	})
	t.Run("a script is never paged", func(t *testing.T) {
		w := startTmux(t, 60, 8, nlshCommand(t, []string{"PAGER=sed s/^/paged:/"}, "-e", rows+" show(rows) print('done')")+"; sleep 60")
		screen := w.waitFor("done")
		if strings.Contains(screen, "paged:") || !strings.Contains(screen, "20  row20") {
			t.Errorf("script output:\n%s", screen)
		}
	})
}

// TestTmuxResults: _ holds the last result, return values print, and a
// multi-line chunk comes back from history as one line, after a restart too
// (readline's history file holds one entry per line).
func TestTmuxResults(t *testing.T) {
	nlsh := nlshCommand(t, []string{"XDG_STATE_HOME=" + t.TempDir()})
	w := startTmux(t, 80, 30, nlsh+"; "+nlsh)
	w.waitFor(">\n")
	w.line("6 * 7")
	w.waitFor("> 6 * 7\n42\n")
	w.line("_ + 1")
	w.waitFor("> _ + 1\n43\n")
	w.line(`return "a", "b"`)
	w.waitFor("> return \"a\", \"b\"\na       b\n")
	w.line("for i = 1, 3 do")
	w.line("  n = i -- the last one")
	w.line("end")
	w.tmux("send-keys", "Up")
	w.waitFor("> for i = 1, 3 do n = i end")
	w.tmux("send-keys", "C-u")
	w.line("n, _")
	w.waitFor("> n, _\n3       a\n") // the tab, as the terminal shows it
	w.tmux("send-keys", "C-d")
	w.waitForCount("Ctrl-D exits", 2) // the second nlsh
	w.tmux("send-keys", "Up", "Up")
	screen := w.waitFor("> for i = 1, 3 do n = i end")
	if strings.Count(screen, "> for i = 1, 3 do n = i end") != 1 {
		t.Errorf("the first session left the joined line on the screen; the check proves nothing:\n%s", screen)
	}
}
