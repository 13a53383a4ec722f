package testrun

import (
	"errors"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlfake"
)

// TestNewKernel: with Options.NewKernel each file gets a kernel of its
// own, its sockets open there, and the kernel ends with the file.
func TestNewKernel(t *testing.T) {
	var mu sync.Mutex
	var kernels []*nlfake.Kernel
	closed := 0
	opts := Options{Parallel: 2, NewKernel: func() (Kernel, error) {
		k := nlfake.NewFresh(t)
		mu.Lock()
		defer mu.Unlock()
		kernels = append(kernels, k)
		return Kernel{Open: k.OpenIn, Close: func() {
			mu.Lock()
			defer mu.Unlock()
			closed++
			k.Close()
		}}, nil
	}}
	files, err := Collect([]string{"testdata/nocases.lua", "testdata/cleanup_file.lua"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := NewMatcher("")
	results := RunFiles(files, opts, m, nil)
	if p, f, s := Counts(results); p != 3 || f != 0 || s != 0 {
		t.Errorf("%d passed, %d failed, %d skipped; want 3 passed: %+v", p, f, s, results)
	}
	if len(kernels) != 2 || closed != 2 {
		t.Fatalf("%d kernels started, %d closed; want one per file", len(kernels), closed)
	}
	for i, k := range kernels {
		reqs := k.Requests()
		if len(reqs) == 0 || reqs[0].Messages[0].Header.Type != syscall.RTM_GETLINK {
			t.Errorf("kernel %d: requests %+v, want its file's link dump", i, reqs)
		}
	}
}

// A kernel that cannot start fails its file, by name.
func TestNewKernelFails(t *testing.T) {
	m, _ := NewMatcher("")
	fr := RunFile("testdata/nocases.lua", Options{NewKernel: func() (Kernel, error) { return Kernel{}, errors.New("no kernel today") }}, m)
	if len(fr.Cases) != 1 || fr.Cases[0].Status != Fail ||
		!strings.Contains(fr.Cases[0].Failures[0], "start the kernel for testdata/nocases.lua: no kernel today") {
		t.Errorf("result %+v", fr.Cases)
	}
}

// A kernel without Open fails its file rather than letting its sockets
// open in the host's namespace.
func TestNewKernelWithoutOpen(t *testing.T) {
	m, _ := NewMatcher("")
	closed := false
	fr := RunFile("testdata/nocases.lua", Options{NewKernel: func() (Kernel, error) {
		return Kernel{Close: func() { closed = true }}, nil
	}}, m)
	if len(fr.Cases) != 1 || fr.Cases[0].Status != Fail ||
		!strings.Contains(fr.Cases[0].Failures[0], "without Open") {
		t.Errorf("result %+v", fr.Cases)
	}
	if !closed {
		t.Error("the kernel was not closed")
	}
}
