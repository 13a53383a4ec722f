package runtime

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestLua51Differential runs each testdata/lua51/*.lua with Debian's lua5.1
// and with nlsh's runtime and compares what they print. A snippet with a
// NAME.nlsh file is a known difference, listed in README's "The Lua
// dialect": nlsh must print exactly that file, and lua5.1 something else (a
// listed difference that disappears fails too, so the list stays true).
func TestLua51Differential(t *testing.T) {
	lua51, err := exec.LookPath("lua5.1")
	if err != nil {
		if os.Getenv("NLSH_REQUIRE_NETNS") == "1" {
			t.Fatalf("lua5.1 is required (apt install lua5.1): %v", err)
		}
		nlsocktest.Skipf(t, "lua5.1 not installed: %v", err)
	}
	files, _ := filepath.Glob("testdata/lua51/*.lua")
	if len(files) == 0 {
		t.Fatal("no snippets in testdata/lua51")
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".lua"), func(t *testing.T) {
			want := runLua51(t, lua51, file)
			got := runNlsh(t, file)
			known, err := os.ReadFile(strings.TrimSuffix(file, ".lua") + ".nlsh")
			switch {
			case err == nil && got != string(known):
				t.Errorf("nlsh's output differs from the listed difference %s.nlsh:\n--- listed\n%s--- nlsh\n%s", strings.TrimSuffix(name, ".lua"), known, got)
			case err == nil && got == want:
				t.Errorf("nlsh now prints what lua5.1 prints: delete %s.nlsh and its entry in README's \"The Lua dialect\"", strings.TrimSuffix(name, ".lua"))
			case err != nil && !errors.Is(err, os.ErrNotExist):
				t.Fatal(err)
			case err != nil && got != want:
				t.Errorf("nlsh differs from lua5.1:\n--- lua5.1\n%s--- nlsh\n%s", want, got)
			}
		})
	}
}

// runLua51 runs file with lua5.1 in its directory: its output, and its exit
// status when not 0.
func runLua51(t *testing.T, lua51, file string) string {
	t.Helper()
	cmd := exec.Command(lua51, filepath.Base(file))
	cmd.Dir = filepath.Dir(file)
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("lua5.1: %v", err)
	}
	return withStatus(out.String(), cmd.ProcessState.ExitCode())
}

// runNlsh runs file as nlsh runs a script, named as lua5.1 names it.
func runNlsh(t *testing.T, file string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut nlsocktest.SyncBuffer
	s := New(Options{Stdout: &out, Stderr: &errOut})
	defer s.Close()
	code, _ := s.RunString(string(src), filepath.Base(file))
	return withStatus(out.String(), code)
}

// withStatus appends a failed run's status (not its error message, which
// names the program differently).
func withStatus(out string, code int) string {
	if code == 0 {
		return out
	}
	return out + fmt.Sprintf("[exit %d]\n", code)
}

// TestLua51DifferencesListed: every recorded difference (NAME.nlsh) has a
// row in README's "The Lua dialect", and every row a recorded difference.
func TestLua51DifferencesListed(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## The Lua dialect\n")
	if !ok {
		t.Fatal(`README has no "## The Lua dialect" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string]bool{}
	for _, line := range strings.Split(section, "\n") {
		if name, ok := strings.CutPrefix(line, "| `"); ok {
			name, _, _ = strings.Cut(name, "`")
			rows[name] = true
		}
	}
	known, _ := filepath.Glob("testdata/lua51/*.nlsh")
	for _, file := range known {
		name := strings.TrimSuffix(filepath.Base(file), ".nlsh")
		if !rows[name] {
			t.Errorf("%s is a recorded difference without a row in README's \"The Lua dialect\"", name)
		}
		delete(rows, name)
	}
	for name := range rows {
		t.Errorf("README's \"The Lua dialect\" lists %s, which testdata/lua51 does not record", name)
	}
}
