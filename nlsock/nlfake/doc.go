// Package nlfake is a fake netlink kernel for unit tests that run without
// root and without network namespaces: it answers the requests of an
// nlsock.Socket through handlers the test writes, multicasts events to the
// sockets that joined a group, and simulates what a kernel does to a reader
// (multi-part dumps split over several datagrams, NLMSG_ERROR with extended
// ACK TLVs, NLM_F_DUMP_INTR, ENOBUFS overruns). It records every request,
// so a test can assert on what was sent.
//
// The socket a test gets is a real nlsock.Socket on an AF_UNIX datagram
// socket: reading (the MSG_PEEK sizing, the direct read, the waits,
// dispatch of replies and events) runs nlsock's own code; only opening
// (no netlink socket options, no bind), the destination of a send and
// group membership go through the fake (see nlsock/internal/fakeseam).
// The sender's address of each datagram the fake sends is chosen so that
// its first bytes read as the sockaddr_nl the kernel would give (port id
// 0, the group's bit in nl_groups), which is why only groups 1-32 exist
// here: a real socket learns higher groups from NETLINK_PKTINFO, which an
// AF_UNIX socket cannot carry.
//
// Handlers are nltest.Func values from github.com/mdlayher/netlink/nltest:
// the request's messages in, the reply's messages out, an error for an
// errno reply; nltest's helpers (Multipart, Error, CheckRequest) compose
// with them.
//
// What it is not: a model of any netlink family. Its answers are the
// test's, so it proves how nlsh treats an answer, never that the answer is
// what Linux gives. Every behaviour proved here must also be proved against
// the real kernel in a namespace (nlsocktest); the fake only lets the
// logic around the kernel run where root is missing.
package nlfake
