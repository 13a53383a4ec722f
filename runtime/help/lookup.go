//go:build linux

package help

import (
	"fmt"
	"sort"
	"strings"
)

// Lookup answers `nlsh help TOPIC`: "" for the overview, a subcommand
// ("monitor"), a module or object ("rtnl", "sock"), or one function,
// method, field or constant ("rtnl.links", "sock:recv", "link.mtu",
// "rtnl.RTM_NEWLINK"). An unknown topic is an error that suggests close
// names.
func (r *Reference) Lookup(topic string, cmds []Command) (string, error) {
	if topic == "" {
		return r.overview(cmds), nil
	}
	var parts []string
	if c, ok := find(cmds, topic); ok && topic != "" {
		parts = append(parts, c.Usage)
	}
	if s := r.Section(topic); s != nil {
		parts = append(parts, s.render())
	} else if e := r.Entry(topic); e != nil {
		parts = append(parts, e.render())
	}
	if len(parts) == 0 {
		return "", r.unknown(topic, cmds)
	}
	return strings.Join(parts, "\n"), nil
}

func (r *Reference) unknown(topic string, cmds []Command) error {
	var near []string
	low := strings.ToLower(topic)
	for _, s := range r.Sections {
		for _, e := range s.Entries {
			for _, k := range e.Keys {
				_, member, _ := cutMember(k)
				if strings.ToLower(member) == low || strings.Contains(strings.ToLower(k), low) {
					near = append(near, k)
				}
			}
		}
	}
	sort.Strings(near)
	if len(near) > 6 {
		near = append(near[:6], "...")
	}
	if len(near) > 0 {
		return fmt.Errorf("no help for %q; did you mean %s?", topic, strings.Join(near, ", "))
	}
	return fmt.Errorf("no help for %q; `nlsh help` lists the topics", topic)
}

func (r *Reference) overview(cmds []Command) string {
	var b strings.Builder
	b.WriteString("nlsh: a Lua shell for netlink. nlsh help TOPIC says more about each topic below,\n")
	b.WriteString("and about any function, method or field: nlsh help rtnl.links, nlsh help sock:recv,\nnlsh help link.mtu.\n\nCommands:\n")
	for _, c := range cmds {
		if c.Name != "" {
			fmt.Fprintf(&b, "  %-10s %s\n", c.Name, c.Synopsis())
		}
	}
	b.WriteString("\nModules (Lua globals):\n")
	for _, s := range r.Modules() {
		fmt.Fprintf(&b, "  %-10s %s\n", s.Name, short(plain(Summary(s.Intro)), 66))
	}
	b.WriteString("\nObjects (what the functions return):\n")
	for _, s := range r.Objects() {
		fmt.Fprintf(&b, "  %-10s %s\n", s.Name, short(plain(Summary(s.Intro)), 66))
	}
	return b.String()
}

// render is a section for the terminal: its intro, then every entry.
func (s *Section) render() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n%s\n", s.Kind, s.Name, indent(plain(s.Intro), "  "))
	for _, e := range s.Entries {
		b.WriteString("\n" + e.render())
	}
	return b.String()
}

// render is an entry for the terminal: the heading, the text indented.
func (e *Entry) render() string {
	h := e.Heading
	if e.Lazy {
		h += " (lazy)"
	}
	return h + "\n" + indent(plain(e.Text), "    ") + "\n"
}

// short cuts s at a word to at most n bytes, marking the cut.
func short(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n-3], ' '); i > 0 {
		return strings.TrimRight(s[:i], ",;:") + " ..."
	}
	return s[:n-3] + "..."
}

// plain drops the Markdown backquotes a terminal would show as noise.
func plain(s string) string { return strings.ReplaceAll(s, "`", "") }

func indent(s, by string) string {
	if s == "" {
		return ""
	}
	return by + strings.ReplaceAll(s, "\n", "\n"+by)
}
