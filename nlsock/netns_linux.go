package nlsock

import (
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

type nsKind uint8

const (
	nsHost nsKind = iota
	nsPID
	nsPath
	nsName
	nsAnon
)

// NetNS names a network namespace. The zero value is the host namespace (the
// one the process was started in, as seen by threads that never switched).
// Values are resolved when they are used, not when they are made.
type NetNS struct {
	kind nsKind
	pid  int
	path string
	anon *Namespace
}

// Host is the namespace of the process.
func Host() NetNS { return NetNS{} }

// PID is the network namespace of process pid. Open prefers a pidfd
// (pidfd_open), so a reused PID cannot redirect it, and falls back to
// /proc/PID/ns/net on kernels without pidfd support for setns.
func PID(pid int) NetNS { return NetNS{kind: nsPID, pid: pid} }

// Path is the network namespace bound at path (/run/netns/x, /proc/N/ns/net).
func Path(path string) NetNS { return NetNS{kind: nsPath, path: path} }

// Name is the namespace "ip netns" calls name: /run/netns/NAME.
func Name(name string) NetNS { return NetNS{kind: nsName, path: "/run/netns/" + name} }

// String names the namespace: "host", "pid 42", "/run/netns/x",
// "netns#7 (anonymous)".
func (n NetNS) String() string {
	switch n.kind {
	case nsPID:
		return "pid " + strconv.Itoa(n.pid)
	case nsPath, nsName:
		if n.path == "" {
			return `""`
		}
		return n.path
	case nsAnon:
		return fmt.Sprintf("netns#%d (anonymous)", n.anon.id)
	}
	return "host"
}

// IsHost reports whether n is the host namespace.
func (n NetNS) IsHost() bool { return n.kind == nsHost }

// object names n in errors: "netns /run/netns/x".
func (n NetNS) object() string {
	if n.kind == nsAnon {
		return n.String()
	}
	return "netns " + n.String()
}

// open returns an fd that setns(fd, CLONE_NEWNET) accepts, or -1 for the
// host namespace; the caller closes it. The target is checked first so that
// mistakes get a message better than setns's bare EINVAL.
func (n NetNS) open() (int, error) {
	switch n.kind {
	case nsHost:
		return -1, nil
	case nsAnon:
		return n.anon.dup()
	case nsPID:
		return openPID(n.pid)
	case nsPath:
		if n.path == "" {
			// open("") would fail with "no such network namespace ( does not exist)".
			return -1, fmt.Errorf("empty namespace path: %w", unix.EINVAL)
		}
	case nsName:
		if name := strings.TrimPrefix(n.path, "/run/netns/"); name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
			return -1, fmt.Errorf("invalid namespace name %q (names are single path components under /run/netns): %w", name, unix.EINVAL)
		}
	}
	fd, err := unix.Open(n.path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.ENOENT) {
			return -1, fmt.Errorf("no such network namespace (%s does not exist): %w", n.path, err)
		}
		return -1, err
	}
	if err := checkNetNS(fd, n.path); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// openPID prefers a pidfd; it falls back to /proc/PID/ns/net where
// pidfd_open is missing.
func openPID(pid int) (int, error) {
	if pid <= 0 {
		return -1, fmt.Errorf("pid %d is not a process id: %w", pid, unix.EINVAL)
	}
	fd, err := unix.PidfdOpen(pid, 0)
	switch {
	case err == nil:
		return fd, nil
	case errors.Is(err, unix.ESRCH):
		return -1, fmt.Errorf("no such process %d: %w", pid, err)
	case !errors.Is(err, unix.ENOSYS):
		return -1, fmt.Errorf("pidfd_open %d: %w", pid, err)
	}
	return openProcNS(pid)
}

func openProcNS(pid int) (int, error) {
	path := fmt.Sprintf("/proc/%d/ns/net", pid)
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	switch {
	case errors.Is(err, unix.ENOENT):
		return -1, fmt.Errorf("no such process %d: %w", pid, err)
	case errors.Is(err, unix.EACCES):
		return -1, fmt.Errorf("permission denied opening %s (need ptrace access): %w", path, err)
	case err != nil:
		return -1, err
	}
	if err := checkNetNS(fd, path); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// checkNetNS verifies that fd is an nsfs file of type CLONE_NEWNET.
func checkNetNS(fd int, path string) error {
	var st unix.Statfs_t
	if err := unix.Fstatfs(fd, &st); err != nil {
		return fmt.Errorf("statfs %s: %w", path, err)
	}
	if st.Type != unix.NSFS_MAGIC {
		return fmt.Errorf("not a network namespace (%s, not a namespace file; is it bind-mounted?): %w", describeFile(fd, st.Type), unix.EINVAL)
	}
	typ, err := unix.IoctlRetInt(fd, unix.NS_GET_NSTYPE)
	if err != nil {
		return fmt.Errorf("not a network namespace (NS_GET_NSTYPE: %v): %w", err, unix.EINVAL)
	}
	if typ != unix.CLONE_NEWNET {
		return fmt.Errorf("not a network namespace (it is a%s namespace): %w", nsTypeName(typ), unix.EINVAL)
	}
	return nil
}

func describeFile(fd int, magic int64) string {
	var st unix.Stat_t
	kind := "a file"
	if unix.Fstat(fd, &st) == nil {
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFREG:
			kind = "a regular file"
		case unix.S_IFDIR:
			kind = "a directory"
		case unix.S_IFCHR, unix.S_IFBLK:
			kind = "a device"
		}
	}
	if fs := fsNames[magic]; fs != "" {
		return kind + " on " + fs
	}
	return fmt.Sprintf("%s on filesystem 0x%x", kind, magic)
}

var fsNames = map[int64]string{
	unix.EXT4_SUPER_MAGIC:      "ext4",
	unix.TMPFS_MAGIC:           "tmpfs",
	unix.PROC_SUPER_MAGIC:      "proc",
	unix.SYSFS_MAGIC:           "sysfs",
	unix.XFS_SUPER_MAGIC:       "xfs",
	unix.BTRFS_SUPER_MAGIC:     "btrfs",
	unix.OVERLAYFS_SUPER_MAGIC: "overlayfs",
	unix.DEVPTS_SUPER_MAGIC:    "devpts",
}

func nsTypeName(typ int) string {
	switch typ {
	case unix.CLONE_NEWUTS:
		return " uts"
	case unix.CLONE_NEWIPC:
		return "n ipc"
	case unix.CLONE_NEWNS:
		return " mount"
	case unix.CLONE_NEWPID:
		return " pid"
	case unix.CLONE_NEWUSER:
		return " user"
	case unix.CLONE_NEWCGROUP:
		return " cgroup"
	case unix.CLONE_NEWTIME:
		return " time"
	}
	return fmt.Sprintf(" 0x%x", typ)
}

// Run starts cmd inside n and waits for it, like cmd.Run.
func (n NetNS) Run(cmd *exec.Cmd) error {
	if err := n.Start(cmd); err != nil {
		return err
	}
	return cmd.Wait()
}

// Start starts cmd inside n; the caller must Wait for it. The program is
// forked from a locked OS thread switched into n, so it starts there; the
// thread is switched back (or discarded) afterwards.
func (n NetNS) Start(cmd *exec.Cmd) error {
	var startErr error
	if err := n.do(func() { startErr = cmd.Start() }); err != nil {
		return &OpError{Op: "start", Object: n.object(), Err: err}
	}
	return startErr
}

// do runs fn inside n: on the calling goroutine for the host namespace,
// otherwise on a locked OS thread switched into n (see inNetNS). For a PID
// it falls back to /proc/PID/ns/net when the kernel (before 5.8) cannot
// setns into a pidfd. The error is about entering n, not fn's.
func (n NetNS) do(fn func()) error {
	fd, err := n.open()
	if err != nil {
		return err
	}
	if fd < 0 {
		fn()
		return nil
	}
	ran := false
	run := func() { ran = true; fn() }
	err = inNetNS(fd, run)
	unix.Close(fd)
	if err != nil && !ran && n.kind == nsPID && errors.Is(err, unix.EINVAL) {
		if fd, err = openProcNS(n.pid); err != nil {
			return err
		}
		err = inNetNS(fd, run)
		unix.Close(fd)
	}
	return err
}
