// Package ynlcmd is `nlsh ynl`: the kernel's YNL command line tool
// (tools/net/ynl/cli.py) re-done on nlsh's ynl, with a network namespace
// option, pcap capture and an explanation of what went over the wire.
//
// Run takes the parsed options and writes what the kernel's CLI writes:
// with OutputJSON, one JSON value per line in the same shape (see
// ynl.Spec.View), else the same values indented. Errors name the
// operation and, from the extended ACK, the attribute ("attribute
// header.dev-name"), as the kernel's CLI names its "bad-attr".
//
// Unlike the kernel's CLI, a subscription prints one line per
// notification as it arrives, for --duration (or --sleep) or until the
// context ends, and an overrun (ENOBUFS: the kernel dropped notifications)
// is a line in the output, never the end of the session.
//
// # Network namespaces
//
// Every socket is opened in Options.NetNS (nlsh ynl -n NAME); nothing
// changes the calling thread's namespace.
package ynlcmd
