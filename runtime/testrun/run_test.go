package testrun

import (
	"testing"
)

// TestRunFilesOrder: files run in parallel but are reported in the order
// given, each once; -run selects files and cases.
func TestRunFilesOrder(t *testing.T) {
	files, err := Collect([]string{"testdata"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := NewMatcher("^(failing|nocases|topskip).lua$/^(passes|skips|\\(top level\\))$")
	var order []string
	results := RunFiles(files, onKernelOrFake(t, Options{Parallel: 3}), m, func(fr FileResult) { order = append(order, fr.Path) })
	want := []string{"testdata/failing.lua", "testdata/nocases.lua", "testdata/topskip.lua"}
	if len(order) != len(want) {
		t.Fatalf("reported %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] || results[i].Path != want[i] {
			t.Errorf("file %d: reported %s, result %s, want %s", i, order[i], results[i].Path, want[i])
		}
	}
	if p, f, s := Counts(results); p != 2 || f != 0 || s != 2 {
		t.Errorf("%d passed, %d failed, %d skipped; want 2 (passes, nocases' top level), 0, 2 (skips, topskip)", p, f, s)
	}
	if len(results[0].Cases) != 2 {
		t.Errorf("failing.lua: %d cases selected, want 2 (passes, skips)", len(results[0].Cases))
	}
}

func TestCollect(t *testing.T) {
	if _, err := Collect([]string{"testdata/nope"}); err == nil {
		t.Error("a missing path is accepted")
	}
	if _, err := Collect([]string{t.TempDir()}); err == nil {
		t.Error("a directory without .lua files is accepted")
	}
	files, err := Collect([]string{"testdata/spin.lua", "testdata/hang.lua"})
	if err != nil || len(files) != 2 || files[0] != "testdata/spin.lua" {
		t.Errorf("files given one by one keep their order: %v, %v", files, err)
	}
}
