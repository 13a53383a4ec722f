package explain_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock/explain"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// TestGolden explains the kernel messages stored in testdata/msgs (see
// TestKernelMessages -capture) and compares the text with testdata/golden.
// A name ending in -request is the request of the message without it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "msgs", "*.bin"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no stored messages: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".bin")
		if strings.HasSuffix(name, "-request") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			b := readFile(t, path)
			got := explain.Bytes(b, protoOf(name), explain.Options{})
			if req, err := os.ReadFile(filepath.Join("testdata", "msgs", name+"-request.bin")); err == nil {
				got += "\n-- the request, explained alone:\n" + explain.Bytes(req, protoOf(name), explain.Options{})
			}
			compareGolden(t, name, got)
		})
	}
}

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := string(readFile(t, golden))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s differs (-want +got); go test -update rewrites it:\n%s", golden, diff)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
