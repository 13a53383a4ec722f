package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the course output shown in README.md from this run")

// The course output README shows is what the lessons print: TestCourse
// hands each lesson's output to checkCourseReadme, which compares it with
// the block under the lesson's "**N. Title**" line, or with -update
// (go test ./cmd/nlsh -run TestCourse -update) rewrites those blocks.

// varying rewrites what differs from run to run and machine to machine,
// in README and in the run alike, before they are compared.
var varying = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`pid=[1-9][0-9]*`), "pid=PORTID"},
	{regexp.MustCompile(`port id (is )?[1-9][0-9]*`), "port id ${1}PORTID"},
	{regexp.MustCompile(`socket b [0-9]+`), "socket b PORTID"},
	{regexp.MustCompile(`route socket [0-9]+ in netns#[0-9]+`), "route socket PORTID in netns#N"},
	{regexp.MustCompile(`([0-9a-f]{2}:){5}[0-9a-f]{2}`), "MAC"},
	// lesson 8: how many events got through before the overrun varies
	{regexp.MustCompile(`events read: [0-9]+`), "events read: N"},
	{regexp.MustCompile(`[0-9]+ added, [0-9]+ removed, [0-9]+ changed`), "N added, N removed, N changed"},
}

func normalise(s string) string {
	for _, v := range varying {
		s = v.re.ReplaceAllString(s, v.with)
	}
	return s
}

// courseBlock finds, in README, the output block of lesson n: the fenced
// block after the line that starts with "**n. ". It returns the byte
// range of the block's contents.
func courseBlock(readme string, n int) (start, end int, err error) {
	head := fmt.Sprintf("\n**%d. ", n)
	i := strings.Index(readme, head)
	if i < 0 {
		return 0, 0, fmt.Errorf("README.md has no line starting with %q", strings.TrimSpace(head))
	}
	open := strings.Index(readme[i+len(head):], "\n```\n")
	if open < 0 {
		return 0, 0, fmt.Errorf("README.md has no output block after %q", strings.TrimSpace(head))
	}
	start = i + len(head) + open + len("\n```\n")
	closing := strings.Index(readme[start:], "```\n")
	if closing < 0 {
		return 0, 0, fmt.Errorf("README.md: the output block of lesson %d is not closed", n)
	}
	return start, start + closing, nil
}

// lessonNumber is N of examples/course/NN_name.lua.
func lessonNumber(path string) int {
	var n int
	fmt.Sscanf(filepath.Base(path), "%d_", &n)
	return n
}

// checkCourseReadme compares (or with -update rewrites) README's output
// of every lesson in outputs.
func checkCourseReadme(t *testing.T, outputs map[string]string) {
	t.Helper()
	const path = "../../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for lesson, out := range outputs {
		n := lessonNumber(lesson)
		start, end, err := courseBlock(readme, n)
		if err != nil {
			t.Errorf("%s: %v", lesson, err)
			continue
		}
		if *update {
			readme = readme[:start] + out + readme[end:]
			continue
		}
		if shown := readme[start:end]; normalise(shown) != normalise(out) {
			t.Errorf("README.md shows other output for %s than it prints (go test ./cmd/nlsh -run TestCourse -update rewrites it):\n--- README\n%s--- the lesson\n%s",
				filepath.Base(lesson), shown, out)
		}
	}
	if *update {
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
