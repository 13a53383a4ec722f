//go:build linux

package testrun

import (
	"os"
	"sync"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// hostNet identifies the host's network namespace, e.g. "net:[4026531840]":
// that of the thread WarmUp (or the first ForeignThreads) runs on. Any
// thread running a goroutine that is not locked to it is in the host's
// namespace (nlsock switches a thread back before unlocking it, or the
// runtime discards it), and WarmUp runs before the files whose threads are
// checked. It is read on first use, not at package init: reading it costs
// every process start-up some 80 µs, and only test runs need it.
var hostNet = sync.OnceValue(func() string { return netnsOf("/proc/thread-self/ns/net") })

func netnsOf(path string) string {
	s, _ := os.Readlink(path)
	return s
}

// ForeignThreads lists the ids of the process's threads whose network
// namespace is not the host's.
func ForeignThreads() []string {
	ents, err := os.ReadDir("/proc/self/task")
	host := hostNet()
	if err != nil || host == "" {
		return nil
	}
	var tids []string
	for _, e := range ents {
		ns := netnsOf("/proc/self/task/" + e.Name() + "/ns/net")
		if ns != "" && ns != host {
			tids = append(tids, e.Name())
		}
	}
	return tids
}

// settledForeignThreads is ForeignThreads once it has been non-empty for a
// while: files running in parallel switch a thread into their namespace
// for the moment it takes to create a socket.
func settledForeignThreads() []string {
	var tids []string
	for range 20 {
		if tids = ForeignThreads(); len(tids) == 0 {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return tids
}

// FDCount is the number of open file descriptors of the process, or -1.
// Compare it before and after a whole run (files run in parallel).
func FDCount() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents) - 1 // the directory's own descriptor
}

// WarmUp creates a namespace and a socket in it once and closes both, and
// opens and closes a pipe, so that descriptors kept for good after first use
// (the runtime's network poller: an epoll fd and an eventfd; nlsock sockets
// themselves bypass the poller) are open before a baseline FDCount.
func WarmUp() error { return Options{}.WarmUp() }

// WarmUp is the package's WarmUp for files run with o: with
// Options.NewKernel it opens a socket on one of its kernels instead of a
// namespace.
func (o Options) WarmUp() error {
	hostNet()
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	r.Close()
	w.Close()
	open, ns := nlsock.OpenConfig, nlsock.NetNS{}
	if o.NewKernel != nil {
		k, err := o.newKernel()
		if err != nil {
			return err
		}
		if k.Close != nil {
			defer k.Close()
		}
		open = k.Open
	} else {
		fresh, err := nlsock.NewNamespace()
		if err != nil {
			return err
		}
		defer fresh.Close()
		ns = fresh.NetNS()
	}
	s, err := open(0, ns, nlsock.Config{})
	if err != nil {
		return err
	}
	return s.Close()
}
