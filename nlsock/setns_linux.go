package nlsock

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

// onNetNSThread runs fn on a locked OS thread whose network namespace enter
// switched (setns or unshare), then switches the thread back. The thread is
// unlocked only when the switch back succeeded; otherwise the goroutine exits
// still locked and the runtime discards the thread, so no goroutine ever runs
// in the wrong namespace. enter must change nothing when it fails. fn must do
// nothing but the system calls that need the namespace: goroutines it
// started would run on other threads, in the host namespace.
func onNetNSThread(enter func() error, fn func()) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		home, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("open /proc/thread-self/ns/net: %w", err)
			return
		}
		// home is closed before the result is sent, so that the caller
		// never sees it among its fds.
		if err := enter(); err != nil {
			unix.Close(home)
			runtime.UnlockOSThread()
			errc <- err
			return
		}
		fn()
		err = switchBack(home)
		unix.Close(home)
		if err != nil {
			// Stay locked: the runtime kills this thread when we return.
			errc <- fmt.Errorf("setns back to the original namespace: %w (thread discarded)", err)
			return
		}
		runtime.UnlockOSThread()
		errc <- nil
	}()
	return <-errc
}

// switchBack returns the calling thread to the namespace behind home. A
// test replaces it (export_test.go) to see what a failure does to the
// thread, which no real kernel can be made to do on demand.
var switchBack = func(home int) error { return unix.Setns(home, unix.CLONE_NEWNET) }

// inNetNS runs fn on a locked OS thread switched into the network namespace
// behind target (a namespace fd or a pidfd): see onNetNSThread.
func inNetNS(target int, fn func()) error {
	return onNetNSThread(func() error {
		if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
			return setnsError(err)
		}
		return nil
	}, fn)
}

func setnsError(err error) error {
	switch err {
	case unix.EPERM:
		return fmt.Errorf("entering a network namespace requires CAP_SYS_ADMIN (running as uid %d): %w", unix.Getuid(), err)
	case unix.EINVAL:
		return fmt.Errorf("setns: not a network namespace: %w", err)
	}
	return fmt.Errorf("setns: %w", err)
}
