//go:build linux

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/nlsh/nlsh/runtime/help"
)

//go:generate sh -c "go run . help --man > ../../nlsh.1"

const helpUsage = `usage: nlsh help [TOPIC...]
Prints help from nlsh's reference: with no TOPIC, the commands, modules and
objects; a TOPIC is a command (monitor), a module or object (rtnl, sock), or
one function, method, field or constant (rtnl.links, sock:recv, link.mtu,
rtnl.RTM_NEWLINK).
Options:
  --man          print the manual page nlsh(1) in roff (man -l nlsh.1)
`

const completionUsage = `usage: nlsh completion bash|zsh|fish
Prints a shell completion script for nlsh: subcommands, options, monitor
objects (route groups, FAMILY:GROUP), help topics, and ynl families,
operations and groups from the specs found (--specs DIR, $NLSH_SPECS,
/usr/share/ynl/specs). Load it with: source <(nlsh completion bash).
Options:
  --complete WORD...  print the candidates for the last WORD (the words
                      after nlsh), one per line; the scripts call this
`

// commands are nlsh and its subcommands with their usage texts, in the
// order help and the manual page show them. Every entry of subcommands
// needs one here (TestEverySubcommandHasUsage says which is missing).
func commands() []help.Command {
	return []help.Command{
		{Name: "", Usage: mainUsage()},
		{Name: "test", Usage: testUsage},
		{Name: "monitor", Usage: monitorUsage},
		{Name: "explain", Usage: explainUsage},
		{Name: "ynl", Usage: ynlUsage},
		{Name: "help", Usage: helpUsage},
		{Name: "completion", Usage: completionUsage},
	}
}

// mainUsage is nlsh --help: the options, then the modules the reference
// documents, so a new module shows up here by its section alone.
func mainUsage() string {
	var mods []string
	for _, s := range help.Default().Modules() {
		if s.Name != "_G" { // nlsh's global functions (show), not a module
			mods = append(mods, s.Name)
		}
	}
	return usage + "Lua modules: " + strings.Join(mods, ", ") + ".\n" +
		"nlsh help lists the topics; nlsh help MODULE, nlsh help rtnl.links or\n" +
		"nlsh help sock:recv says more; nlsh COMMAND --help shows a command's options.\n"
}

// runHelp is `nlsh help [TOPIC...]` and `nlsh help --man`.
func runHelp(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	ref := help.Default()
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "--help"):
		fmt.Fprint(stdout, helpUsage)
		return exitOK
	case len(args) == 1 && args[0] == "--man":
		fmt.Fprint(stdout, ref.Man(commands()))
		return exitOK
	case len(args) == 0:
		args = []string{""}
	}
	for i, topic := range args {
		if topic == "--man" {
			fmt.Fprintf(stderr, "nlsh help: --man takes no topic (the manual page is the whole reference)\n%s", helpUsage)
			return exitUsage
		}
		if strings.HasPrefix(topic, "-") {
			fmt.Fprintf(stderr, "nlsh help: unrecognized option '%s'\n%s", topic, helpUsage)
			return exitUsage
		}
		text, err := ref.Lookup(topic, commands())
		if err != nil {
			fmt.Fprintf(stderr, "nlsh help: %v\n", err)
			return exitUsage
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprint(stdout, text)
	}
	return exitOK
}

// runCompletion is `nlsh completion SHELL` and `--complete WORD...`.
func runCompletion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "--help"):
		fmt.Fprint(stdout, completionUsage)
		return exitOK
	case len(args) >= 1 && args[0] == "--complete":
		words := args[1:]
		if len(words) > 0 && words[0] == "--" {
			words = words[1:]
		}
		c := &help.Completer{Commands: commands(), Ref: help.Default()}
		for _, w := range c.Complete(words) {
			fmt.Fprintln(stdout, w)
		}
		return exitOK
	case len(args) != 1:
		fmt.Fprint(stderr, "nlsh completion: name one shell\n"+completionUsage)
		return exitUsage
	}
	script, err := help.Script(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "nlsh completion: %v\n", err)
		return exitUsage
	}
	fmt.Fprint(stdout, script)
	return exitOK
}
