//go:build linux

package testrun

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// Matcher selects files and cases as go test -run does: the pattern is
// split at slashes; the first part must match the file's base name, the
// second the case name (spaces may be written as underscores, as go test
// shows them).
type Matcher struct {
	parts []*regexp.Regexp
}

// NewMatcher compiles a -run pattern; "" matches everything.
func NewMatcher(pattern string) (*Matcher, error) {
	m := &Matcher{}
	if pattern == "" {
		return m, nil
	}
	for _, p := range strings.Split(pattern, "/") {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("bad -run pattern %q: %w", pattern, err)
		}
		m.parts = append(m.parts, re)
	}
	return m, nil
}

// File reports whether the file at path may have selected cases.
func (m *Matcher) File(path string) bool {
	return len(m.parts) == 0 || m.parts[0].MatchString(filepath.Base(path))
}

// Case reports whether the case name is selected.
func (m *Matcher) Case(name string) bool {
	if len(m.parts) < 2 {
		return true
	}
	re := m.parts[1]
	return re.MatchString(name) || re.MatchString(strings.ReplaceAll(name, " ", "_"))
}
