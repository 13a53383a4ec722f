//go:build linux

// Command gensets writes the compiled attribute-sets of each built-in
// description (descriptions/NAME.yaml to compiled/NAME.sets), which the
// typed rtnetlink decoders load instead of parsing YAML, and the index of
// the message types the descriptions declare (compiled/messages.idx),
// which builtin.ForMessage reads instead of parsing every description.
// Run by `go generate ./nlsock/ynl/builtin`; TestCompiledSetsFresh and
// TestMessageIndexFresh fail when a description changed and this was not
// run.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

func main() {
	if err := run("descriptions", "compiled"); err != nil {
		fmt.Fprintln(os.Stderr, "gensets:", err)
		os.Exit(1)
	}
}

func run(from, to string) error {
	files, err := filepath.Glob(filepath.Join(from, "*.yaml"))
	if err != nil {
		return err
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		spec, err := ynl.Parse(text)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		if err := os.WriteFile(filepath.Join(to, name+".sets"), spec.CompileSets(), 0o644); err != nil {
			return err
		}
	}
	// the index is built from the descriptions embedded in this build,
	// which go generate has just compiled from the same files
	return os.WriteFile(filepath.Join(to, "messages.idx"), builtin.MessageIndex(), 0o644)
}
