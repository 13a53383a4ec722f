//go:build linux

package rtnl

import (
	"errors"
	"runtime"
)

// readAhead lets reading the kernel's reply (a datagram at a time: most of
// a dump's cost is the kernel filling them) overlap with making Lua values
// of what was read, with every Lua value made on the Lua goroutine:
// gopher-lua's LState is not safe for concurrent use. produce
// runs on a helper goroutine and puts items, pure Go (kept payloads, never
// a Lua value); consume runs on the calling goroutine with them, in order,
// in batches of up to readAheadBatch.
//
// Once consume fails, put returns errStopped, which produce should pass
// on; readAhead then returns consume's error, else produce's. A panic in
// produce is raised again here, on the Lua goroutine, where Guard turns it
// into a Lua error. The helper has ended when readAhead returns, a panic
// in consume included, so nothing else reads the socket afterwards.
//
// With serial set, or one CPU for Go, nothing can overlap: produce runs
// here too, and consume takes each batch as it fills.
func readAhead[T any](serial bool, produce func(put func(T) error) error, consume func([]T) error) error {
	if serial || runtime.GOMAXPROCS(0) == 1 {
		return readInline(produce, consume)
	}
	var (
		batches  = make(chan []T, readAheadDepth)
		free     = make(chan []T, readAheadDepth) // consumed batches, for reuse
		stop     = make(chan struct{})            // closed when consume failed or panicked
		perr     error
		panicked any
	)
	go func() {
		defer close(batches)
		defer func() {
			if r := recover(); r != nil {
				panicked = r
			}
		}()
		batch := make([]T, 0, readAheadBatch)
		hand := func() error {
			select {
			case batches <- batch:
			case <-stop:
				return errStopped
			}
			select {
			case batch = <-free:
			default:
				batch = make([]T, 0, readAheadBatch)
			}
			return nil
		}
		perr = produce(func(item T) error {
			batch = append(batch, item)
			if len(batch) < readAheadBatch {
				return nil
			}
			return hand()
		})
		if perr == nil && len(batch) > 0 {
			perr = hand()
		}
	}()
	stopped := false
	halt := func() {
		if !stopped {
			stopped = true
			close(stop)
		}
	}
	// A panic in consume: stop the helper and wait for it, then go on
	// panicking.
	defer func() {
		halt()
		for range batches {
		}
	}()
	var cerr error
	for batch := range batches {
		if cerr == nil {
			if cerr = consume(batch); cerr != nil {
				halt()
			}
		}
		select {
		case free <- batch[:0]:
		default:
		}
	}
	// batches is closed: perr and panicked are set.
	if panicked != nil {
		panic(panicked)
	}
	if cerr != nil {
		return cerr
	}
	return perr
}

// readInline is readAhead on one goroutine.
func readInline[T any](produce func(put func(T) error) error, consume func([]T) error) error {
	batch := make([]T, 0, readAheadBatch)
	var cerr error
	perr := produce(func(item T) error {
		batch = append(batch, item)
		if len(batch) < readAheadBatch {
			return nil
		}
		cerr = consume(batch)
		batch = batch[:0]
		if cerr != nil {
			return errStopped
		}
		return nil
	})
	if cerr != nil {
		return cerr
	}
	if perr == nil && len(batch) > 0 {
		return consume(batch)
	}
	return perr
}

const (
	readAheadBatch = 32 // items handed over at a time
	readAheadDepth = 16 // batches the helper may read ahead of consume
)

// errStopped is what put returns once consume has failed.
var errStopped = errors.New("stopped: the reader's consumer failed")
