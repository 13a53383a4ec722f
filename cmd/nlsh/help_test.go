package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestEverySubcommandHasUsage: each subcommand has a usage text for help,
// the manual page and completion, and prints it for --help and -h.
func TestEverySubcommandHasUsage(t *testing.T) {
	usages := map[string]string{}
	for _, c := range commands() {
		usages[c.Name] = c.Usage
	}
	for name := range subcommands {
		usage, ok := usages[name]
		if !ok {
			t.Errorf("subcommand %s has no usage text: add {Name: %q, Usage: %sUsage} to commands() in cmd/nlsh/help.go", name, name, name)
			continue
		}
		if !strings.HasPrefix(usage, "usage: nlsh "+name) {
			t.Errorf("the usage of %s does not begin with 'usage: nlsh %s': %q", name, name, usage)
		}
		for _, flag := range []string{"--help", "-h"} {
			var out, errOut bytes.Buffer
			if code := run([]string{name, flag}, nil, &out, &errOut); code != exitOK || out.String() != usage {
				t.Errorf("nlsh %s %s: exit %d, stdout %q, stderr %q; want exit 0 and its usage", name, flag, code, out.String(), errOut.String())
			}
		}
		var out bytes.Buffer
		if code := run([]string{"help", name}, nil, &out, &out); code != exitOK || !strings.HasPrefix(out.String(), usage) {
			t.Errorf("nlsh help %s: exit %d, %q; want its usage first", name, code, out.String())
		}
	}
}

// TestMainHelpNamesModules: nlsh --help lists the Lua modules and points at
// nlsh help.
func TestMainHelpNamesModules(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"--help"}, nil, &out, &out); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	nlsocktest.ContainsAll(t, "nlsh --help", out.String(), "netlink, netns, rtnl, genl, nfnl, diag, ynl", "nlsh help", "help|completion")
}

func TestHelpTopics(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"help"}, exitOK, "rtnl       rtnetlink"},
		{[]string{"help", "rtnl.links"}, exitOK, "rtnl.links(sock [, opts]) -> links\n    Every link"},
		{[]string{"help", "sock.recv"}, exitOK, "sock:recv([timeout])"},
		{[]string{"help", "genl"}, exitOK, "genl.request(sock, family, cmd"},
		{[]string{"help", "link.stats"}, exitOK, "link.stats (lazy)"},
		{[]string{"help", "rtnl.RTM_NEWLINK"}, exitOK, "rtnetlink constants"},
		{[]string{"help", "links"}, exitUsage, `nlsh help: no help for "links"; did you mean rtnl.links?`},
		{[]string{"help", "--nope"}, exitUsage, "unrecognized option '--nope'"},
		{[]string{"help", "--man", "rtnl"}, exitUsage, "--man takes no topic"},
		{[]string{"help", "rtnl", "--man"}, exitUsage, "--man takes no topic"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		code := run(tt.args, nil, &out, &out)
		if code != tt.code || !strings.Contains(out.String(), tt.want) {
			t.Errorf("nlsh %s: exit %d, output\n%s\nwant exit %d and %q", strings.Join(tt.args, " "), code, out.String(), tt.code, tt.want)
		}
	}
}

// TestManPage: the committed nlsh.1 is what `nlsh help --man` writes now
// (go generate ./cmd/nlsh rewrites it), and man renders every subcommand.
func TestManPage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"help", "--man"}, nil, &out, &errOut); code != exitOK {
		t.Fatalf("nlsh help --man: exit %d: %s", code, errOut.String())
	}
	committed, err := os.ReadFile("../../nlsh.1")
	if err != nil {
		t.Fatalf("%v (run go generate ./cmd/nlsh)", err)
	}
	if !bytes.Equal(committed, out.Bytes()) {
		t.Errorf("nlsh.1 differs from what `nlsh help --man` gives now: run go generate ./cmd/nlsh and commit nlsh.1")
	}
	if _, err := exec.LookPath("man"); err != nil {
		t.Fatalf("man is not installed (apt-get install man-db): %v", err)
	}
	cmd := exec.Command("sh", "-c", "man -l ../../nlsh.1 | col -b")
	cmd.Env = append(os.Environ(), "MANWIDTH=100", "MAN_KEEP_FORMATTING=")
	page, err := cmd.Output()
	if err != nil {
		t.Fatalf("man -l nlsh.1: %v", err)
	}
	text := string(page)
	for _, c := range commands() {
		if c.Name != "" && !strings.Contains(text, "nlsh "+c.Name) {
			t.Errorf("man -l nlsh.1 does not show the subcommand %s", c.Name)
		}
	}
	nlsocktest.ContainsAll(t, "man -l nlsh.1", text, "rtnl.links(sock [, opts])", "--netns PATH", "sock:recv([timeout])", "LUA OBJECTS")
}

// TestBashCompletion loads the bash script into a real bash, completes as
// a user's Tab would, and checks the candidates: the subcommand monitor,
// the option --netns and the ynl family netdev (the kernel's specs).
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("bash: %v", err)
	}
	bin := buildNlsh(t)
	var script bytes.Buffer
	if code := run([]string{"completion", "bash"}, nil, &script, &script); code != exitOK {
		t.Fatalf("nlsh completion bash: exit %d: %s", code, script.String())
	}
	if out, err := exec.Command(bash, "-n", "-c", script.String()).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	specs := kernelSpecs(t)
	complete := func(line, nlshSpecs string) []string {
		t.Helper()
		prog := script.String() + `
COMP_LINE=$1; COMP_POINT=${#1}; COMP_WORDBREAKS=$' \t\n"'"'"'><=;|&(:'
_nlsh
printf '%s\n' "${COMPREPLY[@]}"`
		cmd := exec.Command(bash, "-c", prog, "bash", line)
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"), "NLSH_SPECS="+nlshSpecs)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("completing %q: %v", line, err)
		}
		return strings.Fields(string(out))
	}
	tests := []struct{ line, nlshSpecs, want string }{
		{"nlsh mon", "", "monitor"},
		{"nlsh --net", "", "--netns"},
		{"nlsh monitor --net", "", "--netns"},
		{"nlsh monitor net", specs, "netdev:mgmt"},                    // the family netdev, found through $NLSH_SPECS
		{"nlsh --specs " + specs + " monitor netdev:", "", "mgmt"},    // bash replaces the part after ':'
		{"nlsh --specs=" + specs + " monitor net", "", "netdev:mgmt"}, // and the part after '='
		{"nlsh help rtnl.rou", "", "rtnl.route_add"},
		{"nlsh completion ", "", "zsh"},
	}
	for _, tt := range tests {
		if got := complete(tt.line, tt.nlshSpecs); !containsWord(got, tt.want) {
			t.Errorf("completing %q (NLSH_SPECS=%s) offers %q, not %q", tt.line, tt.nlshSpecs, got, tt.want)
		}
	}
	if got := complete("nlsh monitor net", ""); containsWord(got, "netdev:mgmt") && !specsInstalled() {
		t.Errorf("without specs, completion offers %q", got)
	}
}

// specsInstalled reports whether the system has YNL specs of its own.
func specsInstalled() bool {
	for _, d := range []string{"/usr/share/ynl/specs", "/usr/local/share/ynl/specs"} {
		if _, err := os.Stat(filepath.Join(d, "netdev.yaml")); err == nil {
			return true
		}
	}
	return false
}

func containsWord(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// buildNlsh builds this command into a temporary directory.
func buildNlsh(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "nlsh")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestZshFishCompletion completes with the zsh and fish scripts where
// those shells are installed (CI has neither: there they are only
// generated, and the test says so).
func TestZshFishCompletion(t *testing.T) {
	zsh, zshErr := exec.LookPath("zsh")
	fish, fishErr := exec.LookPath("fish")
	if zshErr != nil && fishErr != nil {
		t.Log("neither zsh nor fish is installed: their scripts are not run here")
		return
	}
	bin := buildNlsh(t)
	env := append(os.Environ(), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"), "NLSH_SPECS="+kernelSpecs(t))
	run := func(shell string, args ...string) string {
		t.Helper()
		cmd := exec.Command(shell, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %q: %v\n%s", shell, args, err, out)
		}
		return string(out)
	}
	if zshErr == nil {
		// compadd and _files exist only inside completion widgets: stand-ins
		// print what they are given.
		const stub = `source <(nlsh completion zsh); compadd() { shift; print -l -- "$@" }; _files() { print FILES }; `
		for _, tt := range []struct{ words, want string }{
			{"words=(nlsh mon); CURRENT=2", "monitor"},
			{"words=(nlsh monitor --ne); CURRENT=3", "--netns"},
			{"words=(nlsh monitor netd); CURRENT=3", "netdev:mgmt"},
			{"words=(nlsh ./x.lua ''); CURRENT=3", "FILES"},
		} {
			if out := run(zsh, "-c", stub+tt.words+"; _nlsh"); !containsWord(strings.Fields(out), tt.want) {
				t.Errorf("zsh, %s: %q lacks %q", tt.words, out, tt.want)
			}
		}
	} else {
		t.Log("zsh is not installed: its script is not run here")
	}
	if fishErr == nil {
		for _, tt := range []struct{ line, want string }{
			{"nlsh mon", "monitor"},
			{"nlsh monitor --ne", "--netns"},
			{"nlsh monitor netd", "netdev:mgmt"},
		} {
			if out := run(fish, "-c", "nlsh completion fish | source; complete -C'"+tt.line+"'"); !containsWord(strings.Fields(out), tt.want) {
				t.Errorf("fish, %q: %q lacks %q", tt.line, out, tt.want)
			}
		}
	} else {
		t.Log("fish is not installed: its script is not run here")
	}
}
