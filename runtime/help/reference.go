//go:build linux

package help

import (
	"fmt"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/docs"
)

// Reference is the parsed reference: its preamble and its sections in
// document order.
type Reference struct {
	Preamble string // the text before the first section, title line excluded
	Sections []*Section
}

// Section is one `## module NAME` or `## object NAME`.
type Section struct {
	Kind    string // "module" or "object"
	Name    string
	Intro   string // the paragraph(s) under the heading
	Entries []*Entry
	Line    int // the heading's line in the file, from 1
}

// Entry is one `### ...` heading and its text.
type Entry struct {
	Heading string   // the heading as written, without "### " and " (lazy)"
	Keys    []string // the names it documents: "rtnl.links", "sock:recv", "rtnl.RTM_*"
	Lazy    bool     // a field built on first access
	Text    string
	Line    int
}

// Default is the reference nlsh carries (docs/reference.md), parsed once.
var Default = sync.OnceValue(func() *Reference {
	r, err := Parse(docs.Reference)
	if err != nil {
		panic("docs/reference.md: " + err.Error()) // the package test catches it first
	}
	return r
})

// Parse reads the layout reference.md describes; an error names the line.
func Parse(text string) (*Reference, error) {
	r := &Reference{}
	var sec *Section
	var ent *Entry
	var body []string
	flush := func() {
		t := strings.TrimSpace(strings.Join(body, "\n"))
		switch {
		case ent != nil:
			ent.Text = t
		case sec != nil:
			sec.Intro = t
		default:
			r.Preamble = t
		}
		body = body[:0]
	}
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		switch {
		case strings.HasPrefix(line, "# ") && i == 0:
		case strings.HasPrefix(line, "## "):
			flush()
			kind, name, ok := strings.Cut(strings.TrimPrefix(line, "## "), " ")
			if !ok || (kind != "module" && kind != "object") || name == "" || strings.Contains(name, " ") {
				return nil, fmt.Errorf("line %d: want '## module NAME' or '## object NAME', got %q", n, line)
			}
			if r.Section(name) != nil {
				return nil, fmt.Errorf("line %d: a second section %q", n, name)
			}
			sec, ent = &Section{Kind: kind, Name: name, Line: n}, nil
			r.Sections = append(r.Sections, sec)
		case strings.HasPrefix(line, "### "):
			flush()
			if sec == nil {
				return nil, fmt.Errorf("line %d: an entry before the first section", n)
			}
			e, err := parseEntry(sec, strings.TrimPrefix(line, "### "))
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			e.Line = n
			ent = e
			sec.Entries = append(sec.Entries, e)
		case strings.HasPrefix(line, "#"):
			return nil, fmt.Errorf("line %d: only '## ' sections and '### ' entries may be headings: %q", n, line)
		default:
			body = append(body, line)
		}
	}
	flush()
	return r, r.checkUnique()
}

// parseEntry reads a heading: `name(args) -> results`, `a.field`, or
// `A, B, C` (constants); " (lazy)" at the end marks a lazy field.
func parseEntry(sec *Section, h string) (*Entry, error) {
	e := &Entry{}
	if s, ok := strings.CutSuffix(h, " (lazy)"); ok {
		h, e.Lazy = s, true
	}
	e.Heading = h
	names := h
	if i := strings.Index(h, "("); i >= 0 {
		names = h[:i]
	} else if i := strings.Index(h, " -> "); i >= 0 {
		names = h[:i]
	}
	for _, k := range strings.Split(names, ", ") {
		k = strings.TrimSpace(k)
		owner, member, ok := cutMember(k)
		if !ok || owner != sec.Name || member == "" || strings.ContainsAny(member, " .:") {
			return nil, fmt.Errorf("entry %q: each name must be %s.NAME or %s:NAME", h, sec.Name, sec.Name)
		}
		e.Keys = append(e.Keys, k)
	}
	return e, nil
}

// cutMember splits "rtnl.links" or "sock:recv" at its first '.' or ':'.
func cutMember(k string) (owner, member string, ok bool) {
	i := strings.IndexAny(k, ".:")
	if i < 0 {
		return "", "", false
	}
	return k[:i], k[i+1:], true
}

func (r *Reference) checkUnique() error {
	seen := map[string]int{}
	for _, s := range r.Sections {
		for _, e := range s.Entries {
			for _, k := range e.Keys {
				if line, dup := seen[normalKey(k)]; dup {
					return fmt.Errorf("line %d: %s is documented again (first on line %d)", e.Line, k, line)
				}
				seen[normalKey(k)] = e.Line
			}
		}
	}
	return nil
}

// normalKey reads sock.recv and sock:recv alike.
func normalKey(k string) string { return strings.Replace(k, ":", ".", 1) }

// Section finds a section by name.
func (r *Reference) Section(name string) *Section {
	for _, s := range r.Sections {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Entry finds the entry documenting key: "rtnl.links", "sock:recv" or
// "sock.recv", and a constant such as "rtnl.RTM_NEWLINK" through an
// "rtnl.RTM_*" entry.
func (r *Reference) Entry(key string) *Entry {
	owner, member, ok := cutMember(key)
	s := r.Section(owner)
	if !ok || s == nil {
		return nil
	}
	want := owner + "." + member
	var glob *Entry
	for _, e := range s.Entries {
		for _, k := range e.Keys {
			if normalKey(k) == want {
				return e
			}
			if p, ok := strings.CutSuffix(normalKey(k), "*"); ok && strings.HasPrefix(want, p) && isConstant(strings.TrimPrefix(p, owner+".")) {
				glob = e
			}
		}
	}
	return glob
}

// isConstant reports whether a member name is an upper-case constant.
func isConstant(name string) bool {
	return name != "" && strings.ToUpper(name) == name && name[0] >= 'A' && name[0] <= 'Z'
}

// Modules and Objects list the sections of each kind, in document order.
func (r *Reference) Modules() []*Section { return r.kind("module") }
func (r *Reference) Objects() []*Section { return r.kind("object") }

func (r *Reference) kind(k string) []*Section {
	var out []*Section
	for _, s := range r.Sections {
		if s.Kind == k {
			out = append(out, s)
		}
	}
	return out
}

// Summary is the first sentence of a text, on one line.
func Summary(text string) string {
	t := strings.Join(strings.Fields(text), " ")
	if i := strings.Index(t, ". "); i >= 0 {
		t = t[:i+1]
	}
	return t
}
