package nlsocktest_test

import (
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

func init() { runtime.LockOSThread() }

func TestNewNamespaceIsFreshAndClean(t *testing.T) {
	fd0 := nlsocktest.CountFDs()
	t.Run("inner", func(t *testing.T) {
		ns := nlsocktest.NewNamespace(t)
		s, err := nlsock.Open(unix.NETLINK_ROUTE, ns.NetNS())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		host, err := nlsock.Open(unix.NETLINK_ROUTE, nlsock.Host())
		if err != nil {
			t.Fatal(err)
		}
		defer host.Close()
		a, err1 := nlsocktest.Cookie(s)
		b, err2 := nlsocktest.Cookie(host)
		if err1 != nil || err2 != nil || a == b {
			t.Errorf("cookies %d (%v) and %d (%v): want two different namespaces", a, err1, b, err2)
		}
		if ino := nlsocktest.ThreadNetNSInode(); ino != nlsocktest.HostNetNSInode() {
			t.Errorf("the test thread moved: %d != %d", ino, nlsocktest.HostNetNSInode())
		}
	})
	if got := nlsocktest.ForeignThreads(); len(got) != 0 {
		t.Errorf("threads in a foreign namespace: %v", got)
	}
	if fd1 := nlsocktest.CountFDs(); fd1 != fd0 {
		t.Errorf("fd count %d -> %d after cleanup", fd0, fd1)
	}
}
