//go:build linux

package runtime

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// ErrInterrupt is what a LineReader returns when the user pressed Ctrl-C at
// the prompt: the REPL drops the pending input and prompts again.
var ErrInterrupt = errors.New("interrupt")

// LineReader is what the REPL reads input from: a terminal with line editing
// (readline.go), or anything else (PlainReader).
type LineReader interface {
	// ReadLine shows prompt and returns one line without its newline, io.EOF
	// at the end of input (Ctrl-D), or ErrInterrupt.
	ReadLine(prompt string) (string, error)
	// AddHistory records a line the REPL accepted.
	AddHistory(line string)
	// Close releases the terminal and saves history.
	Close() error
}

// PlainReader reads lines from any reader, without editing or history. With
// Echo set it writes each prompt and line to Echo, the way a terminal would
// show them; transcript tests use that. Without it, prompts are not shown
// (input is piped, not typed).
type PlainReader struct {
	r    *bufio.Reader
	Echo io.Writer
}

// NewPlainReader reads lines from r.
func NewPlainReader(r io.Reader, echo io.Writer) *PlainReader {
	return &PlainReader{r: bufio.NewReader(r), Echo: echo}
}

// ReadLine implements LineReader.
func (p *PlainReader) ReadLine(prompt string) (string, error) {
	line, err := p.r.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return "", err
	}
	line = trimNewline(line)
	if p.Echo != nil {
		io.WriteString(p.Echo, strings.TrimRight(prompt+line, " ")+"\n")
	}
	return line, nil
}

func trimNewline(s string) string {
	if n := len(s); n > 0 && s[n-1] == '\n' {
		s = s[:n-1]
		if n := len(s); n > 0 && s[n-1] == '\r' {
			s = s[:n-1]
		}
	}
	return s
}

// AddHistory implements LineReader; a PlainReader keeps no history.
func (p *PlainReader) AddHistory(string) {}

// Close implements LineReader.
func (p *PlainReader) Close() error { return nil }
