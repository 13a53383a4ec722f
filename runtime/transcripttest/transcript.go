// Package transcripttest reads elvish-style transcript files: sessions written
// the way a terminal shows them, with the expected output after each input.
//
// A file holds cases. A case starts with a header line: "=== NAME" (a REPL
// session) or "$ nlsh ARGS" (a command line, ARGS quoted as in sh). The lines
// after it are the expected standard output, in which lines starting with the
// prompt ("> " or ">> ") are also the input typed. Sections switch what the
// following lines are:
//
//	[stdin]    what the command reads from standard input
//	[stdout]   back to expected standard output
//	[stderr]   expected standard error; without this section standard error
//	           is expected inline, merged with standard output
//	[exit] N   the expected exit status (default 0)
//
// In expected output a line "..." matches any number of lines. Lines starting
// with "#" before the first case are comments.
package transcripttest

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Case is one session.
type Case struct {
	Name      string   // header text after "=== " or "$ "
	Args      []string // for "$ " headers: the words after the program name
	Line      int      // header line, for failure messages
	Stdin     string
	Stdout    string // expected; with prompts and input for REPL sessions
	Stderr    string
	HasStderr bool // a [stderr] section was given
	Exit      int
}

// Inputs are the lines typed at the prompts in the expected output.
func (c *Case) Inputs() []string {
	var in []string
	for _, l := range strings.Split(c.Stdout, "\n") {
		switch {
		case strings.HasPrefix(l, ">> "):
			in = append(in, l[3:])
		case l == ">>":
			in = append(in, "")
		case strings.HasPrefix(l, "> "):
			in = append(in, l[2:])
		case l == ">":
			in = append(in, "")
		}
	}
	return in
}

// ParseFile reads the cases of a transcript file.
func ParseFile(path string) ([]*Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(string(b))
}

// Parse reads the cases of a transcript.
func Parse(text string) ([]*Case, error) {
	var cases []*Case
	var c *Case
	var section *[]string
	var stdin, stdout, stderr []string
	flush := func() {
		if c != nil {
			c.Stdin = join(stdin)
			c.Stdout = join(stdout)
			c.Stderr = join(stderr)
			cases = append(cases, c)
		}
		stdin, stdout, stderr = nil, nil, nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "=== "), strings.HasPrefix(l, "$ "):
			flush()
			c = &Case{Line: n}
			section = &stdout
			if strings.HasPrefix(l, "=== ") {
				c.Name = strings.TrimSpace(l[4:])
				continue
			}
			c.Name = l[2:]
			words, err := Split(l[2:])
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			if len(words) > 0 {
				c.Args = words[1:]
			}
		case c == nil:
			if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "#") {
				return nil, fmt.Errorf("line %d: text before the first case header", n)
			}
		case l == "[stdin]":
			section = &stdin
		case l == "[stdout]":
			section = &stdout
		case l == "[stderr]":
			section, c.HasStderr = &stderr, true
		case strings.HasPrefix(l, "[exit]"):
			code, err := strconv.Atoi(strings.TrimSpace(l[len("[exit]"):]))
			if err != nil {
				return nil, fmt.Errorf("line %d: bad exit status: %v", n, err)
			}
			c.Exit = code
		default:
			*section = append(*section, l)
		}
	}
	flush()
	return cases, sc.Err()
}

// join turns section lines back into text, each line ending in a newline;
// trailing blank lines are dropped.
func join(lines []string) string {
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// Match reports whether got matches want, where a want line "..." matches any
// number of lines. Trailing blank lines are ignored on both sides.
func Match(want, got string) bool {
	return matchLines(lines(want), lines(got))
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func matchLines(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if matchLines(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && want[0] == got[0] && matchLines(want[1:], got[1:])
}

// Split breaks a command line into words as sh does for quotes and
// backslashes (no expansions).
func Split(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated \" in %q", s)
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
