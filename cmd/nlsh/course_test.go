package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// lessonDeadline bounds one lesson of the course: each takes well under a
// second, so a lesson still running then is hung, and fails by its name
// instead of holding the suite until go test's own timeout.
const lessonDeadline = 60 * time.Second

// TestCourse runs every lesson of examples/course in order, as a newcomer
// would (the built nlsh, each lesson making its own namespace), and checks
// that the output holds the lesson's "-- expect: TEXT" lines, in order, and
// is what README.md shows (course_readme_test.go).
func TestCourse(t *testing.T) {
	nlsocktest.RequireRoot(t)
	lessons, err := filepath.Glob("../../examples/course/*.lua")
	if err != nil || len(lessons) < 12 {
		t.Fatalf("%d lessons: %v", len(lessons), err)
	}
	outputs := map[string]string{}
	bin := nlshBinary(t)
	for _, lesson := range lessons {
		t.Run(filepath.Base(lesson), func(t *testing.T) {
			out, err := runLesson(bin, lesson, lessonDeadline)
			if err != nil {
				t.Fatal(err)
			}
			rest := out
			for _, want := range expectations(t, lesson) {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("output lacks %q (after the earlier expectations):\n%s", want, out)
				}
				rest = rest[i+len(want):]
			}
			outputs[lesson] = out
		})
	}
	if len(outputs) == len(lessons) {
		checkCourseReadme(t, outputs)
	}
}

// runLesson runs one lesson with the built nlsh and returns its standard
// output; a lesson still running after deadline is killed and named.
func runLesson(bin, lesson string, deadline time.Duration) (string, error) {
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, lesson)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.WaitDelay = time.Second // a child holding the pipes must not hang Wait
	err := cmd.Run()
	if ctx.Err() != nil {
		return "", fmt.Errorf("%s hung: still running after %v (killed)\n%s%s", filepath.Base(lesson), deadline, out.String(), errOut.String())
	}
	if err != nil {
		return "", fmt.Errorf("%s: %v\n%s%s", filepath.Base(lesson), err, out.String(), errOut.String())
	}
	return out.String(), nil
}

// TestLessonDeadline: a lesson that never ends fails by its name once its
// deadline passes.
func TestLessonDeadline(t *testing.T) {
	bin := nlshBinary(t)
	hang := filepath.Join(t.TempDir(), "99_hangs.lua")
	if err := os.WriteFile(hang, []byte("while true do end\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := runLesson(bin, hang, 500*time.Millisecond)
	if err == nil || !strings.HasPrefix(err.Error(), "99_hangs.lua hung: still running after 500ms") || time.Since(start) > 5*time.Second {
		t.Errorf("hung lesson: %v after %v, want it named as hung within the deadline", err, time.Since(start))
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
