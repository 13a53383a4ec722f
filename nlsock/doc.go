// Package nlsock is nlsh's netlink socket layer: sockets in any network
// namespace, requests whose replies are matched by sequence number, port id
// and sender, and a codec for messages and attributes that never panics.
//
// It is a plain Go library (no Lua) and the only package of nlsh that talks
// to the kernel through golang.org/x/sys/unix.
//
// # Network namespaces
//
// A socket's namespace is fixed when socket(2) runs. Open resolves the
// target first (a pidfd for PID, a namespace file for Path and Name, an fd
// for a *Namespace) and checks that it really is a network namespace, then
// runs socket(2) alone on a locked OS thread switched into the namespace and
// switches the thread back. The thread is unlocked only when the switch back
// succeeded; otherwise it stays locked and the Go runtime discards it. Every
// other system call (bind, setsockopt, send, receive) runs on ordinary
// threads. Programs that use namespaces should call runtime.LockOSThread in
// an init function of package main (and of test packages), so that the main
// thread, which the runtime never discards, stays with the main goroutine.
//
// # Requests and replies
//
// Request assigns a fresh sequence number and waits for the messages that
// carry it, our port id, and come from the kernel by unicast (recvmsg source
// port 0, no group). The group of a datagram is read from NETLINK_PKTINFO
// (Message.Source.Group), because sockaddr_nl's 32-bit mask is 0 for the
// groups above 32 and would make their events look like unicast.
// Everything else — multicast events (even one caused by our own request,
// which carries our seq), replies to abandoned requests, unicast from other
// sockets — is queued for Receive and counted in Stats; nothing is dropped.
// A request holds the socket from send until its DONE, ACK or error, so a
// second request waits its turn instead of provoking the kernel's EBUSY. Every request has a deadline (RequestTimeout, 5s by default)
// because the kernel silently ignores some malformed messages.
//
// Kernel errors come back as *KernelError with the extended ACK decoded
// (message, offset into Reply.Sent / KernelError.Sent, missing attribute,
// policy, cookie), correctly with and without NETLINK_CAP_ACK. A dump that
// raced a change is reported in Reply.Interrupted.
//
// Request collects a reply in Reply.Messages, each message with its own
// copy of the bytes; WithHandler streams the messages of a large dump
// instead, straight from the receive buffer, which is the fastest path.
//
// # Receiving
//
// Each datagram is read whole into a buffer of at least 32 KiB; a larger one
// is detected with a zero-length MSG_PEEK|MSG_TRUNC read first, and a
// truncated datagram is an error. Reads never block: a reader with nothing
// to read waits in poll(2) on the socket and an eventfd, which Close and
// cancelled contexts write to. The socket is kept out of the Go runtime's
// network poller, whose epoll set would be woken by every datagram even
// while nobody waits (a socket therefore holds two fds). When the kernel
// dropped messages because the receive buffer was full, Receive returns an error wrapping ErrOverrun
// (errors.Is(err, unix.ENOBUFS)) once, counts it, and the socket stays
// usable. (An ENOBUFS that lost nothing — the kernel's report that it could
// not continue a dump for lack of room, which it retries later — is told
// apart by the socket's drop counter and not reported.) The kernel drops a
// reply like any other message, so a request that sees an overrun gives up
// after a second without progress, with an error wrapping ErrOverrun, rather
// than waiting out its timeout.
//
// Messages that are not replies wait in an unbounded queue until Receive
// takes them; a socket that joins groups should be drained (or use a
// separate socket for requests, as the kernel documentation recommends).
//
// # Concurrency
//
// A Socket is safe for concurrent use. One goroutine at a time reads the
// socket and hands each message to whoever it belongs to: the request in
// flight, or the Receive queue. Close unblocks every waiting call; later
// calls fail with an error wrapping ErrClosed.
package nlsock
