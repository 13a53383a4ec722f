package tests

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// What README.md and docs/*.md promise is checked here: every file they
// point at exists, the test file README shows is the one in the repo, and
// every nlsh command in README's code blocks runs as written.

// docFiles are the documents whose references are checked.
func docFiles(t *testing.T) []string {
	t.Helper()
	docs, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{"../README.md"}, docs...)
}

var (
	mdLink   = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	pathWord = regexp.MustCompile("[A-Za-z0-9_.][A-Za-z0-9_./-]*")
)

// TestDocReferencesExist: every relative link, every path under one of the
// repository's top-level directories and every *.md name in the documents
// names a file or directory the repository has.
func TestDocReferencesExist(t *testing.T) {
	top := map[string]bool{}
	ents, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		top[e.Name()] = true
	}
	for _, doc := range docFiles(t) {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Dir(doc)
		for _, m := range mdLink.FindAllStringSubmatch(string(text), -1) {
			target, _, _ := strings.Cut(m[1], "#")
			if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			if _, err := os.Stat(filepath.Join(base, target)); err != nil {
				t.Errorf("%s links to %s, which the repository lacks", doc, m[1])
			}
		}
		for _, w := range pathWord.FindAllString(string(text), -1) {
			w = strings.TrimRight(w, ".,:;")
			first, _, hasDir := strings.Cut(w, "/")
			switch {
			case hasDir && top[first] && first != "":
				if _, err := os.Stat(filepath.Join("..", w)); err != nil {
					t.Errorf("%s names %s, which the repository lacks", doc, w)
				}
			case !hasDir && strings.HasSuffix(w, ".md"):
				_, errRoot := os.Stat(filepath.Join("..", w))
				_, errDocs := os.Stat(filepath.Join("../docs", w))
				if errRoot != nil && errDocs != nil {
					t.Errorf("%s names %s, which the repository lacks", doc, w)
				}
			}
		}
	}
}

// TestReadmeVethExample: the test file README shows is tests/lua/veth.lua,
// byte for byte.
func TestReadmeVethExample(t *testing.T) {
	shown := readmeBlockAfter(t, "`tests/lua/veth.lua`:\n\n```lua\n", "tests/lua/veth.lua")
	file, err := os.ReadFile("lua/veth.lua")
	if err != nil {
		t.Fatal(err)
	}
	if shown != string(file) {
		t.Errorf("README's tests/lua/veth.lua differs from the file:\n--- README\n%s--- file\n%s", shown, file)
	}
}

// readme is the text of README.md.
func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// readmeBlockAfter is the body of the fenced block README opens at the end
// of intro; what names the block when README no longer shows it.
func readmeBlockAfter(t *testing.T, intro, what string) string {
	t.Helper()
	_, rest, ok := strings.Cut(readme(t), intro)
	if !ok {
		t.Fatalf("README no longer shows %s after %q", what, intro)
	}
	shown, _, _ := strings.Cut(rest, "```")
	return shown
}

// nlshInFreshNet runs bin with arg in a new network namespace whose lo is
// up, like a host's, input on its standard input.
func nlshInFreshNet(bin, arg, input string) (stdout, stderr string, err error) {
	cmd := exec.Command("unshare", "--net", "sh", "-c", "ip link set lo up && exec \"$0\" "+arg, bin)
	cmd.Stdin = strings.NewReader(input)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// readmeCommand is one command line of README's code blocks.
type readmeCommand struct {
	line int
	text string
}

// readmeCommands lists the lines of README's code blocks (fenced, or
// indented four spaces) that run nlsh: "nlsh ...", "$ nlsh ...",
// "sudo nlsh ..." or "go run ./cmd/nlsh ...", without a trailing comment.
func readmeCommands(t *testing.T) []readmeCommand {
	t.Helper()
	f, err := os.Open("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []readmeCommand
	fenced := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, first := sc.Text(), n
		for strings.HasSuffix(line, "\\") && sc.Scan() { // a command continued on the next line
			n++
			line = strings.TrimSuffix(line, "\\") + strings.TrimSpace(sc.Text())
		}
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if !fenced && !strings.HasPrefix(line, "    ") {
			continue
		}
		cmd := strings.TrimSpace(line)
		cmd = strings.TrimPrefix(cmd, "$ ")
		cmd = strings.TrimPrefix(cmd, "sudo ")
		if rest, ok := strings.CutPrefix(cmd, "go run ./cmd/nlsh "); ok {
			cmd = "nlsh " + rest
		}
		if cmd != "nlsh" && !strings.HasPrefix(cmd, "nlsh ") {
			continue
		}
		if i := strings.Index(cmd, "  #"); i >= 0 {
			cmd = strings.TrimSpace(cmd[:i])
		}
		out = append(out, readmeCommand{first, cmd})
	}
	return out
}

// notRun are README commands this test does not run, and why.
var notRun = map[string]string{
	"nlsh":      "a REPL session: TestReadmeSession types README's lines into it",
	"nlsh test": "the whole suite (tests/lua): go test ./tests runs it",
}

// TestReadmeCommands runs every nlsh command of README's code blocks as
// written, from a directory holding the repository's examples and tests
// (what a checkout has), each in a fresh network and mount namespace
// where a named namespace "lab" exists, so that commands that change
// state change only that. A command still running after a few seconds (a
// monitor) gets Ctrl-C and must then exit 0.
func TestReadmeCommands(t *testing.T) {
	nlsocktest.RequireRoot(t)
	cmds := readmeCommands(t)
	if len(cmds) < 4 {
		t.Fatalf("found only %d nlsh commands in README: %v", len(cmds), cmds)
	}
	bin := nlshBinary(t)
	work := t.TempDir()
	for _, dir := range []string{"examples", "tests", "scripts", "docs"} {
		abs, _ := filepath.Abs(filepath.Join("..", dir))
		if err := os.Symlink(abs, filepath.Join(work, dir)); err != nil {
			t.Fatal(err)
		}
	}
	specs := os.Getenv("NLSH_KERNEL_YNL")
	if specs == "" {
		if out, err := exec.Command("bash", "../scripts/kernel-ynl.sh").Output(); err == nil {
			specs = strings.TrimSpace(string(out))
		}
	}
	for _, c := range cmds {
		t.Run(c.text, func(t *testing.T) {
			if why, skip := notRun[c.text]; skip {
				t.Logf("README.md:%d not run: %s", c.line, why)
				return
			}
			// A private /run/netns holds "lab"; the shell ends in the
			// command itself (exec), so Ctrl-C reaches nlsh.
			script := `set -e
mkdir -p /run/netns
mount --make-rprivate /
mount -t tmpfs nlsh-readme /run/netns
ip netns add lab
ip -n lab link set lo up
( sleep 1; ip -n lab link add mt0 type veth peer name mt1 && ip -n lab link del mt0 ) >/dev/null 2>&1 &
exec ` + c.text
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "unshare", "--mount", "--net", "sh", "-c", script)
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"),
				"NLSH_SPECS="+filepath.Join(specs, "Documentation/netlink/specs"))
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(4 * time.Second):
				cmd.Process.Signal(syscall.SIGINT)
				err = <-done
			}
			if err != nil {
				t.Errorf("README.md:%d %q: %v\nstdout:\n%s\nstderr:\n%s", c.line, c.text, err, out.String(), errOut.String())
			} else {
				t.Logf("README.md:%d %q: stdout:\n%s", c.line, c.text, out.String())
			}
		})
	}
}

// readmeExample is what README shows nlsh read on standard input and
// print: a REPL session or a Lua example with its output, at README line.
type readmeExample struct {
	line          int
	input, output string
}

// checkReadmeExamples runs nlsh with arg (and the example on standard
// input) in a fresh namespace for each example, and fails where what it
// prints is not what README shows by same (README's, nlsh's); what names
// the kind of example in the messages.
func checkReadmeExamples(t *testing.T, what, arg string, examples []readmeExample, same func(readme, got string) bool) {
	nlsocktest.RequireRoot(t)
	if len(examples) == 0 {
		t.Fatalf("README shows no %s", what)
	}
	bin := nlshBinary(t)
	for _, ex := range examples {
		out, errOut, err := nlshInFreshNet(bin, arg, ex.input)
		if err != nil {
			t.Errorf("README.md:%d %s: %v\n%s", ex.line, what, err, errOut)
			continue
		}
		if !same(ex.output, out) {
			t.Errorf("README.md:%d %s prints other output than README shows:\n--- README\n%s--- nlsh\n%s", ex.line, what, ex.output, out)
		}
	}
}

// readmeSessions are the REPL sessions README shows: fenced blocks that
// start with "$ nlsh" (or "$ sudo nlsh"), whose "> " lines are typed and
// whose other lines are what nlsh prints.
func readmeSessions(t *testing.T) []readmeExample {
	t.Helper()
	var out []readmeExample
	lines := strings.Split(readme(t), "\n")
	for i := 0; i+1 < len(lines); i++ {
		if lines[i] != "```" || (lines[i+1] != "$ nlsh" && lines[i+1] != "$ sudo nlsh") {
			continue
		}
		s := readmeExample{line: i + 2}
		for j := i + 2; j < len(lines) && lines[j] != "```"; j++ {
			if in, ok := strings.CutPrefix(lines[j], "> "); ok {
				s.input += in + "\n"
			} else {
				s.output += lines[j] + "\n"
			}
			i = j
		}
		out = append(out, s)
	}
	return out
}

// portIDs are what differs between README's session and a run.
var portIDs = regexp.MustCompile(`socket [0-9]+`)

// TestReadmeSession types the lines of README's REPL sessions into nlsh -i
// (standard input not a terminal: no prompts, the values printed) in a
// fresh namespace whose lo is up, like a host's, and compares what it
// prints with README, port ids aside.
func TestReadmeSession(t *testing.T) {
	checkReadmeExamples(t, "REPL session ($ nlsh, then > lines)", "-i", readmeSessions(t), func(readme, got string) bool {
		return portIDs.ReplaceAllString(got, "socket N") == portIDs.ReplaceAllString(readme, "socket N")
	})
}

// readmeLuaExamples are the ```lua blocks of README followed at once by a
// plain ``` block: a script and what it prints.
func readmeLuaExamples(t *testing.T) []readmeExample {
	t.Helper()
	lines := strings.Split(readme(t), "\n")
	block := func(i int) (string, int) { // the block opening at line i; the index of its closing fence
		var b strings.Builder
		j := i + 1
		for ; j < len(lines) && lines[j] != "```"; j++ {
			b.WriteString(lines[j] + "\n")
		}
		return b.String(), j
	}
	var out []readmeExample
	for i := 0; i < len(lines); i++ {
		if lines[i] != "```lua" {
			continue
		}
		code, end := block(i)
		if end+1 < len(lines) && lines[end+1] == "```" {
			output, _ := block(end + 1)
			out = append(out, readmeExample{i + 1, code, output})
		}
	}
	return out
}

var examplePortID = regexp.MustCompile(`(nlmsg_pid +)[1-9][0-9]*`)

// TestReadmeLuaExamples runs every Lua example README shows with its
// output, in a fresh namespace, and compares: a README line "..." stands
// for any number of lines, port ids aside.
func TestReadmeLuaExamples(t *testing.T) {
	norm := func(s string) []string {
		return strings.Split(strings.TrimSuffix(examplePortID.ReplaceAllString(s, "${1}PORTID"), "\n"), "\n")
	}
	checkReadmeExamples(t, "Lua example with its output", "-", readmeLuaExamples(t), func(readme, got string) bool {
		return matchElided(norm(readme), norm(got))
	})
}

// matchElided reports whether got matches want, where a want line that is
// "..." (indented or not) matches any number of got lines.
func matchElided(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if strings.TrimSpace(want[0]) == "..." {
		for k := 0; k <= len(got); k++ {
			if matchElided(want[1:], got[k:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && want[0] == got[0] && matchElided(want[1:], got[1:])
}
