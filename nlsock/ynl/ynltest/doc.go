// Package ynltest finds the kernel's own YNL specs and CLI (the kernel
// tree's Documentation/netlink/specs and tools/net/ynl/cli.py, extracted
// by scripts/kernel-ynl.sh from Debian's linux-source package) and runs
// that CLI as an oracle inside a network namespace, so tests of nlsh's
// ynl can compare their results with the kernel project's own tool.
//
// # Where the kernel tree comes from
//
// nlsocktest.KernelYNL finds it: $NLSH_KERNEL_YNL names the directory (CI
// sets it); otherwise scripts/kernel-ynl.sh of the repository prints it.
// When neither works the test is skipped, or fails under
// NLSH_REQUIRE_NETNS=1 (see nlsocktest.Skip).
//
// # Network namespaces
//
// The kernel's CLI has no namespace option: CLI.Run forks it from a thread
// switched into the namespace (nlsock.NetNS.Start), the same as `ip netns
// exec`. NamedNamespace makes a throwaway named namespace (`ip netns add`)
// for programs that take a name, such as `nlsh -n`, and deletes it when
// the test ends.
//
// The package imports nlsock but not ynl, so ynl's own tests can use it.
package ynltest
