//go:build linux

package nlsocktest

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// RequireEnv is the variable that turns a skipped kernel test into a
// failure.
const RequireEnv = "NLSH_REQUIRE_NETNS"

// hostNetNS is the inode of the network namespace of the thread that
// initialised the package (the main thread, under the recommended init
// lock): the reference for ForeignThreads.
var hostNetNS = nsInode("/proc/thread-self/ns/net")

// Required reports whether NLSH_REQUIRE_NETNS=1 is set.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// RequireRoot skips tb unless the process runs as root.
func RequireRoot(tb testing.TB) {
	tb.Helper()
	if os.Geteuid() != 0 {
		Skip(tb, fmt.Sprintf("kernel test needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN); running as uid %d", os.Geteuid()))
	}
}

// NewNamespace returns a fresh anonymous network namespace that is closed
// when the test ends. It skips tb when namespaces cannot be created.
func NewNamespace(tb testing.TB) *nlsock.Namespace {
	tb.Helper()
	RequireRoot(tb)
	ns, err := nlsock.NewNamespace()
	if err != nil {
		Skip(tb, "cannot create a network namespace: "+err.Error())
	}
	tb.Cleanup(func() { ns.Close() })
	return ns
}

// CountFDs returns the number of open file descriptors of the process.
func CountFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents) - 1 // the directory's own fd
}

// SettledFDs is CountFDs after a garbage collection has run the finalizers
// of files dropped earlier, so that a comparison shows this test's leaks
// rather than another test's garbage.
func SettledFDs() int {
	for range 2 {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	return CountFDs()
}

// ForeignThreads returns the ids of the process's threads whose network
// namespace differs from the one the package saw at init.
func ForeignThreads() []int {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil
	}
	var tids []int
	for _, e := range ents {
		ino := nsInode("/proc/self/task/" + e.Name() + "/ns/net")
		if ino != 0 && ino != hostNetNS {
			tid, _ := strconv.Atoi(e.Name())
			tids = append(tids, tid)
		}
	}
	return tids
}

// HostNetNSInode is the inode of the host network namespace as recorded at
// init.
func HostNetNSInode() uint64 { return hostNetNS }

// ThreadNetNSInode returns the inode of the network namespace of the
// calling thread.
func ThreadNetNSInode() uint64 { return nsInode("/proc/thread-self/ns/net") }

func nsInode(path string) uint64 {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return 0
	}
	return st.Ino
}

// Cookie returns the SO_NETNS_COOKIE of the socket: equal cookies mean the
// same network namespace.
func Cookie(s *nlsock.Socket) (uint64, error) {
	return unix.GetsockoptUint64(s.FD(), unix.SOL_SOCKET, unix.SO_NETNS_COOKIE)
}
