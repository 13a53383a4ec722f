package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/runtime/testrun"
	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// changes spots examples that change a namespace (or need more than one):
// they are compiled, not run.
var changes = regexp.MustCompile(`\b(link_add|link_set|link_del|addr_add|addr_del|route_add|route_del|` +
	`add_table|del_table|add_chain|del_chain|batch|F_CREATE|F_REPLACE|netns\.new|netns\.exec|capture)\b`)

// TestExamples compiles every examples/**/*.lua, and runs each top-level
// examples/*.lua that only reads, for real, in a fresh namespace (no
// arguments; its output is logged).
func TestExamples(t *testing.T) {
	files, err := testrun.Collect([]string{"../examples"})
	if err != nil {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		name, _ := filepath.Rel("../examples", f)
		t.Run(name, func(t *testing.T) {
			src := compile(t, f)
			if strings.Contains(name, "/") {
				return // lessons of the course run in their own test
			}
			if changes.Match(src) {
				t.Log("compiled; not run: it changes the namespace")
				return
			}
			runExample(t, f)
		})
	}
}

// compile parses and compiles the script at path and returns its source.
func compile(t *testing.T, path string) []byte {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(src) > 0 && src[0] == '#' { // a shebang line
		src = append([]byte("--"), src...)
	}
	chunk, err := parse.Parse(bytes.NewReader(src), path)
	if err != nil {
		t.Fatalf("does not parse: %v", err)
	}
	if _, err := lua.Compile(chunk, path); err != nil {
		t.Fatalf("does not compile: %v", err)
	}
	return src
}

func runExample(t *testing.T, path string) {
	t.Helper()
	if err := testrun.WarmUp(); err != nil {
		nlsocktest.Skipf(t, "running examples in a fresh namespace needs root: %v", err)
	}
	m, _ := testrun.NewMatcher("")
	fr := testrun.RunFile(path, testrun.Options{}, m)
	for _, c := range fr.Cases {
		if c.Output != "" {
			t.Logf("output:\n%s", c.Output)
		}
		if c.Status == testrun.Fail {
			t.Errorf("%s", strings.Join(c.Failures, "\n"))
		}
	}
}
