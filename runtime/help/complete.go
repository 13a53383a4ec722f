//go:build linux

package help

import (
	"os"
	"sort"
	"strings"

	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Completer answers a shell's completion request. The shell scripts
// (Script) pass the words after "nlsh", the last being the word under the
// cursor, and offer what Complete returns; when it returns nothing they
// fall back to file names.
type Completer struct {
	Commands []Command // cmds[i].Name "" is nlsh itself
	Ref      *Reference
	NetNSDir string // where named namespaces live; "" means /run/netns
}

// valueCompleters complete the argument of an option, by option name.
var valueCompleters = map[string]func(c *Completer, words []string) []string{
	"-n":           (*Completer).namespaces,
	"--family":     (*Completer).families,
	"--do":         (*Completer).ops,
	"--dump":       (*Completer).ops,
	"--multi":      (*Completer).ops,
	"--list-attrs": (*Completer).ops,
	"--policy":     (*Completer).ops,
	"--subscribe":  (*Completer).groups,
}

// Complete returns the candidates for the last of words, sorted.
func (c *Completer) Complete(words []string) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, before := words[len(words)-1], words[:len(words)-1]
	cmd, rest, isScript := c.command(before)
	if isScript {
		return nil // the script's own arguments
	}
	var out []string
	switch prev := last(rest); {
	case prev != "" && c.takesValue(cmd, prev):
		if fn := valueCompleters[prev]; fn != nil {
			out = fn(c, words)
		}
	case strings.HasPrefix(cur, "-"):
		out = cmd.optionNames()
		if cmd.Name != "" { // options before a subcommand apply to it too
			g, _ := find(c.Commands, "")
			out = append(out, g.optionNames()...)
		}
	default:
		out = c.positional(cmd, words)
	}
	return withPrefix(out, cur)
}

// command finds the subcommand among words (after the options given
// before it) and the words after it; isScript when the first non-option
// word is a script, whose arguments nlsh does not know.
func (c *Completer) command(words []string) (cmd Command, rest []string, isScript bool) {
	global, _ := find(c.Commands, "")
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") && w != "-" && w != "--" {
			if !strings.Contains(w, "=") && c.takesValue(global, w) {
				i++
			}
			continue
		}
		if sub, ok := find(c.Commands, w); ok && w != "" {
			return sub, words[i+1:], false
		}
		return global, nil, true
	}
	return global, words, false
}

// takesValue reports whether option name of cmd (or nlsh's own) has an argument.
func (c *Completer) takesValue(cmd Command, name string) bool {
	if o, ok := cmd.option(name); ok {
		return o.Value != ""
	}
	g, _ := find(c.Commands, "")
	o, ok := g.option(name)
	return ok && o.Value != ""
}

func (c *Completer) positional(cmd Command, words []string) []string {
	switch cmd.Name {
	case "":
		var out []string
		for _, sc := range c.Commands {
			if sc.Name != "" {
				out = append(out, sc.Name)
			}
		}
		return out
	case "monitor":
		return c.monitorObjects(words)
	case "help":
		return c.topics()
	case "completion":
		return Shells()
	}
	return nil
}

// monitorObjects are the route groups and group sets, nftables, and the
// FAMILY:GROUP of every generic family whose spec is found.
func (c *Completer) monitorObjects(words []string) []string {
	out := append([]string{"nftables"}, rtnl.GroupSetNames()...)
	for g := uint32(1); g < 256; g++ {
		if n := rtnl.GroupName(g); n != "" {
			out = append(out, n)
		}
	}
	for _, name := range c.families(words) {
		s, err := builtin.LoadFamily(name, c.specDirs(words))
		if err != nil || !s.IsGeneric() {
			continue
		}
		for _, g := range s.Groups {
			out = append(out, s.Name+":"+g)
		}
	}
	return out
}

// topics are what `nlsh help` takes.
func (c *Completer) topics() []string {
	var out []string
	for _, sc := range c.Commands {
		if sc.Name != "" {
			out = append(out, sc.Name)
		}
	}
	for _, s := range c.Ref.Sections {
		out = append(out, s.Name)
		for _, e := range s.Entries {
			for _, k := range e.Keys {
				if !strings.HasSuffix(k, "*") {
					out = append(out, k)
				}
			}
		}
	}
	return out
}

func (c *Completer) namespaces([]string) []string {
	dir := c.NetNSDir
	if dir == "" {
		dir = "/run/netns"
	}
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// specDirs is where the specs are: --specs DIR on the command line, then
// $NLSH_SPECS and the system directories, as nlsh itself looks.
func (c *Completer) specDirs(words []string) []string {
	var extra []string
	for i, w := range words {
		if v, ok := strings.CutPrefix(w, "--specs="); ok {
			extra = append(extra, v)
		} else if w == "--specs" && i+1 < len(words)-1 {
			extra = append(extra, words[i+1])
		}
	}
	return ynl.SearchPath(extra...)
}

func (c *Completer) families(words []string) []string { return builtin.Available(c.specDirs(words)) }

// family loads the spec --family (or --spec) names on the command line.
func (c *Completer) family(words []string) *ynl.Spec {
	for i, w := range words[:len(words)-1] {
		name, ok := strings.CutPrefix(w, "--family=")
		if !ok {
			name, ok = strings.CutPrefix(w, "--spec=")
		}
		if !ok && (w == "--family" || w == "--spec") && i+1 < len(words)-1 {
			name, ok = words[i+1], true
		}
		if ok {
			if s, err := builtin.LoadFamily(name, c.specDirs(words)); err == nil {
				return s
			}
		}
	}
	return nil
}

func (c *Completer) ops(words []string) []string {
	if s := c.family(words); s != nil {
		return s.OpNames()
	}
	return nil
}

func (c *Completer) groups(words []string) []string {
	if s := c.family(words); s != nil {
		return s.Groups
	}
	return nil
}

func last(words []string) string {
	if len(words) == 0 {
		return ""
	}
	return words[len(words)-1]
}

// withPrefix keeps the names that start with prefix, sorted, once each.
func withPrefix(names []string, prefix string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
