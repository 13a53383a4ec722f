package help_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/runtime/help"
)

// fakeCommands stand for cmd/nlsh's: nlsh itself, monitor and a ynl
// command with the kernel CLI's options.
var fakeCommands = []help.Command{
	{Name: "", Usage: "usage: nlsh [options] [script [args...]]\nOptions:\n  -n NAME        namespace\n  --netns PATH   namespace\n  --specs DIR    specs\n  -h, --help     help\n"},
	{Name: "monitor", Usage: "usage: nlsh monitor [--json] OBJECT...\nOptions:\n  --json         JSON\n  --count N      stop\n"},
	{Name: "ynl", Usage: "usage: nlsh ynl --family NAME ...\nOptions:\n  --family NAME  the family\n  --dump OP      dump OP\n  --subscribe GROUP  listen\n"},
	{Name: "help", Usage: "usage: nlsh help [TOPIC]\n"},
}

func TestComplete(t *testing.T) {
	specs := nlsocktest.KernelSpecs(t)
	t.Setenv("NLSH_SPECS", specs)
	netns := t.TempDir()
	if err := os.WriteFile(filepath.Join(netns, "lab"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c := &help.Completer{Commands: fakeCommands, Ref: ref(t), NetNSDir: netns}
	tests := []struct {
		name  string
		words []string
		want  []string // among the candidates
		not   []string // not among them
	}{
		{"subcommands", []string{""}, []string{"monitor", "ynl", "help"}, []string{"--netns"}},
		{"subcommand prefix", []string{"mo"}, []string{"monitor"}, []string{"ynl"}},
		{"global options", []string{"--n"}, []string{"--netns"}, []string{"-n", "--json"}},
		{"options of a subcommand and global ones", []string{"monitor", "--"}, []string{"--json", "--count", "--netns"}, nil},
		{"after options before the subcommand", []string{"-n", "lab", "mon"}, []string{"monitor"}, nil},
		{"namespace names", []string{"-n", ""}, []string{"lab"}, nil},
		{"monitor objects", []string{"monitor", ""}, []string{"link", "address", "ipv4-ifaddr", "nftables", "netdev:mgmt"}, nil},
		{"families", []string{"ynl", "--family", "net"}, []string{"netdev"}, []string{"ethtool"}},
		{"ops of the family", []string{"ynl", "--family", "netdev", "--dump", ""}, []string{"dev-get", "page-pool-get"}, nil},
		{"groups of the family", []string{"ynl", "--family=netdev", "--subscribe", ""}, []string{"mgmt", "page-pool"}, nil},
		{"help topics", []string{"help", "rtnl.li"}, []string{"rtnl.links", "rtnl.link_add"}, []string{"rtnl"}},
		{"a script's arguments are its own", []string{"x.lua", "-"}, nil, []string{"--netns"}},
		{"--specs names where specs are", []string{"--specs", "/nonexistent", "ynl", "--family", "netd"}, []string{"netdev"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Complete(tt.words)
			for _, w := range tt.want {
				if !contains(got, w) {
					t.Errorf("Complete(%q) lacks %q: %q", tt.words, w, got)
				}
			}
			for _, w := range tt.not {
				if contains(got, w) {
					t.Errorf("Complete(%q) offers %q: %q", tt.words, w, got)
				}
			}
		})
	}
}

func TestCompleteSpecsOption(t *testing.T) {
	t.Setenv("NLSH_SPECS", "")
	specs := nlsocktest.KernelSpecs(t)
	c := &help.Completer{Commands: fakeCommands, Ref: ref(t)}
	if got := c.Complete([]string{"--specs", specs, "ynl", "--family", "netd"}); !contains(got, "netdev") {
		t.Errorf("--specs DIR is not searched: %q", got)
	}
	if got := c.Complete([]string{"--specs=" + specs, "ynl", "--family", "netd"}); !contains(got, "netdev") {
		t.Errorf("--specs=DIR is not searched: %q", got)
	}
}

func TestScripts(t *testing.T) {
	for _, sh := range help.Shells() {
		script, err := help.Script(sh)
		if err != nil {
			t.Fatal(err)
		}
		path, err := exec.LookPath(sh)
		if err != nil {
			t.Logf("%s is not installed: its script is not syntax-checked here", sh)
			continue
		}
		cmd := exec.Command(path, "-n")
		if sh == "fish" {
			cmd = exec.Command(path, "--no-execute")
		}
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s -n on the %s script: %v\n%s", sh, sh, err, out)
		}
	}
	if _, err := help.Script("tcsh"); err == nil || !strings.Contains(err.Error(), "bash, fish, zsh") {
		t.Errorf("an unknown shell: %v", err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
