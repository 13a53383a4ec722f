package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestCourse runs every lesson of examples/course in order, as a newcomer
// would (each makes its own namespace), and checks that the output holds
// the lesson's "-- expect: TEXT" lines, in order, and is what README.md
// shows (course_readme_test.go).
func TestCourse(t *testing.T) {
	nlsocktest.RequireRoot(t)
	lessons, err := filepath.Glob("../../examples/course/*.lua")
	if err != nil || len(lessons) < 12 {
		t.Fatalf("%d lessons: %v", len(lessons), err)
	}
	outputs := map[string]string{}
	for _, lesson := range lessons {
		t.Run(filepath.Base(lesson), func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run([]string{lesson}, nil, &out, &errOut); code != 0 {
				t.Fatalf("exit status %d\n%s%s", code, out.String(), errOut.String())
			}
			rest := out.String()
			for _, want := range expectations(t, lesson) {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("output lacks %q (after the earlier expectations):\n%s", want, out.String())
				}
				rest = rest[i+len(want):]
			}
			outputs[lesson] = out.String()
		})
	}
	if len(outputs) == len(lessons) {
		checkCourseReadme(t, outputs)
	}
}

func expectations(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s, ok := strings.CutPrefix(sc.Text(), "-- expect: "); ok {
			want = append(want, s)
		}
	}
	if len(want) == 0 {
		t.Fatalf("%s has no -- expect: lines", path)
	}
	return want
}
