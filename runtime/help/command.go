//go:build linux

package help

import (
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Command is one of nlsh's commands as cmd/nlsh defines it: Name is the
// subcommand ("monitor"), "" for nlsh itself; Usage is what `--help`
// prints, whose indented "  -x VALUE  text" lines are its options.
type Command struct {
	Name  string
	Usage string
}

// Option is one option a usage text lists.
type Option struct {
	Names []string // "-h", "--help"
	Value string   // the placeholder of its argument ("NAME"), "" for a switch
}

// optionLine matches "  -n NAME   text", "  -h, --help   text", "  --json".
// "-" (standard input) and "--" match too; Options leaves them out.
// It is compiled on first use: every process starts without it.
var optionLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^ {1,4}(-[-A-Za-z0-9]*(?:, -[-A-Za-z0-9]+)*)(?: ([A-Z][A-Z0-9_.]*))?(?:\s|$)`)
})

// Options lists the options of a usage text in the order it gives them.
func (c Command) Options() []Option {
	var out []Option
	for _, line := range strings.Split(c.Usage, "\n") {
		m := optionLine().FindStringSubmatch(line)
		if m == nil || m[1] == "-" || m[1] == "--" {
			continue
		}
		out = append(out, Option{Names: strings.Split(m[1], ", "), Value: m[2]})
	}
	return out
}

// Synopsis is the usage text's first line without "usage: ".
func (c Command) Synopsis() string {
	first, _, _ := strings.Cut(c.Usage, "\n")
	return strings.TrimPrefix(first, "usage: ")
}

// option finds the option spelt name.
func (c Command) option(name string) (Option, bool) {
	for _, o := range c.Options() {
		for _, n := range o.Names {
			if n == name {
				return o, true
			}
		}
	}
	return Option{}, false
}

// optionNames lists every spelling of every option, sorted.
func (c Command) optionNames() []string {
	var out []string
	for _, o := range c.Options() {
		out = append(out, o.Names...)
	}
	sort.Strings(out)
	return out
}

// find returns the command called name ("" for nlsh itself).
func find(cmds []Command, name string) (Command, bool) {
	for _, c := range cmds {
		if c.Name == name {
			return c, true
		}
	}
	return Command{}, false
}
