//go:build linux

package testrun

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	goruntime "runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// DefaultParallel is how many files run at once when Options.Parallel is
// zero: twice the usable CPUs, since scripts mostly wait on the kernel.
func DefaultParallel() int { return 2 * goruntime.GOMAXPROCS(0) }

// Collect expands paths into the .lua files to run: a directory gives
// every .lua file under it (sorted), a file itself.
func Collect(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("no test files at %s: %w", p, err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".lua") {
				found = append(found, path)
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("list test files under %s: %w", p, err)
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("no .lua files under %s", p)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

// RunFile runs one file in its own namespace and state: the top level, then
// the cases m selects in declaration order, then the leak checks.
func RunFile(path string, opts Options, m *Matcher) FileResult {
	start := time.Now()
	fr := FileResult{Path: path}
	f, err := Open(path, opts)
	if err != nil {
		fr.Cases = []CaseResult{{File: path, Name: TopLevel, Status: Fail, Failures: []string{err.Error()}}}
		return fr
	}
	top := f.Load()
	if top.Status != Pass || (len(f.cases) == 0 && m.Case(TopLevel)) {
		fr.Cases = append(fr.Cases, top)
	}
	if top.Status == Pass {
		for i, name := range f.Cases() {
			if m.Case(name) {
				fr.Cases = append(fr.Cases, f.RunCase(i))
			}
		}
	}
	if problems := f.Close(); len(problems) > 0 {
		fr.Cases = append(fr.Cases, CaseResult{File: path, Name: FileCase, Status: Fail, Failures: problems})
	}
	fr.Warnings = f.Warnings()
	fr.Elapsed = time.Since(start)
	return fr
}

// RunFiles runs the files m selects, Options.Parallel at a time, and calls
// report (if not nil) with each file's result in the order of files, as
// soon as it and all before it are done.
func RunFiles(files []string, opts Options, m *Matcher, report func(FileResult)) []FileResult {
	var selected []string
	for _, f := range files {
		if m.File(f) {
			selected = append(selected, f)
		}
	}
	n := opts.Parallel
	if n <= 0 {
		n = DefaultParallel()
	}
	results := make([]FileResult, len(selected))
	done := make([]chan struct{}, len(selected))
	for i := range done {
		done[i] = make(chan struct{})
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, path := range selected {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = RunFile(path, opts, m)
			close(done[i])
		}()
	}
	for i := range selected {
		<-done[i]
		if report != nil {
			report(results[i])
		}
	}
	wg.Wait()
	return results
}
