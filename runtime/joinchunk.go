//go:build linux

package runtime

import (
	"fmt"
	"strings"
)

// joinChunk rewrites a multi-line Lua chunk as one line that means the
// same, for the history: line breaks and the indentation after them become
// one space, comments are dropped, and a long string ([[...]], which may
// hold line breaks) becomes a quoted string with escapes. Quoted strings are
// copied as written (a backslash-newline in one becomes \n). ok is false
// when a string or long comment does not end.
func joinChunk(src string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n' || c == '\r':
			for i < len(src) && strings.IndexByte(" \t\r\n", src[i]) >= 0 {
				i++
			}
			if t := strings.TrimRight(b.String(), " \t"); t != b.String() {
				b.Reset()
				b.WriteString(t)
			}
			if b.Len() > 0 && i < len(src) {
				b.WriteByte(' ')
			}
		case strings.HasPrefix(src[i:], "--"):
			end, ok := commentEnd(src, i)
			if !ok {
				return "", false
			}
			i = end
		case c == '"' || c == '\'':
			end, ok := quotedEnd(src, i)
			if !ok {
				return "", false
			}
			b.WriteString(strings.ReplaceAll(src[i:end], "\\\n", "\\n"))
			i = end
		case c == '[' && longOpen(src, i) > 0:
			text, end, ok := longBracketAt(src, i)
			if !ok {
				return "", false
			}
			b.WriteString(quoteOneLine(text))
			i = end
		default:
			b.WriteByte(c)
			i++
		}
	}
	return strings.TrimRight(b.String(), " \t"), true
}

// longOpen is the length of the long bracket opening at i ("[[", "[==["),
// or 0.
func longOpen(src string, i int) int {
	j := i + 1
	for j < len(src) && src[j] == '=' {
		j++
	}
	if j < len(src) && src[j] == '[' {
		return j - i + 1
	}
	return 0
}

// longBracketAt reads the long string or comment body opening at i: its
// text (without a line break right after the opening, as Lua drops it) and
// the index after its closing bracket.
func longBracketAt(src string, i int) (text string, end int, ok bool) {
	n := longOpen(src, i)
	closing := "]" + strings.Repeat("=", n-2) + "]"
	start := i + n
	stop := strings.Index(src[start:], closing)
	if stop < 0 {
		return "", 0, false
	}
	text = src[start : start+stop]
	text = strings.TrimPrefix(strings.TrimPrefix(text, "\r"), "\n")
	return text, start + stop + len(closing), true
}

// commentEnd is the index after the comment starting at i: at the end of
// its line (the line break stays), or after its long bracket.
func commentEnd(src string, i int) (int, bool) {
	if j := i + 2; j < len(src) && src[j] == '[' && longOpen(src, j) > 0 {
		_, end, ok := longBracketAt(src, j)
		return end, ok
	}
	if nl := strings.IndexByte(src[i:], '\n'); nl >= 0 {
		return i + nl, true
	}
	return len(src), true
}

// quotedEnd is the index after the quoted string starting at i.
func quotedEnd(src string, i int) (int, bool) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case src[i]:
			return j + 1, true
		case '\n':
			return 0, false
		}
	}
	return 0, false
}

// quoteOneLine writes s as a Lua 5.1 double-quoted string on one line (unlike
// %q, which keeps a newline as backslash-newline): control characters
// as three-digit decimal escapes, so a digit after one cannot join it.
func quoteOneLine(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "\\%03d", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
