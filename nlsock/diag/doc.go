// Package diag dumps sockets through NETLINK_SOCK_DIAG, the interface ss
// uses: inet_diag (TCP and UDP over IPv4 and IPv6) and unix_diag, decoded
// into one Socket type with state names as ss prints them.
//
// Decoders (ParseInet, ParseUnix) are pure functions of bytes that never
// panic; attributes they do not decode, and those whose length does not
// fit their type, are kept raw with their type number. Attribute numbers,
// types and names come from nlsh's built-in description sock-diag
// (nlsock/ynl/builtin/descriptions/sock-diag.yaml), read through ynl
// typed tables.
//
// # Network namespaces
//
// sock_diag reports the sockets of the network namespace the netlink
// socket was opened in (for unix sockets too: they belong to the netns of
// their creator).
//
// # Privileges
//
// Any user may dump sockets; some attributes (e.g. other users' socket
// memory) need CAP_NET_ADMIN and are simply absent without it.
package diag
