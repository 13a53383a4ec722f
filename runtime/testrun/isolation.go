//go:build linux

package testrun

import (
	"os"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// hostNet identifies the network namespace of the thread that initialised
// the package (the main thread: the Go runtime locks it during init), e.g.
// "net:[4026531840]".
var hostNet = netnsOf("/proc/thread-self/ns/net")

func netnsOf(path string) string {
	s, _ := os.Readlink(path)
	return s
}

// ForeignThreads lists the ids of the process's threads whose network
// namespace is not the host's.
func ForeignThreads() []string {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil || hostNet == "" {
		return nil
	}
	var tids []string
	for _, e := range ents {
		ns := netnsOf("/proc/self/task/" + e.Name() + "/ns/net")
		if ns != "" && ns != hostNet {
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
