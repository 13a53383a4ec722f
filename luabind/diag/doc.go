// Package diag is nlsh's diag Lua module: socket dumps over
// NETLINK_SOCK_DIAG as ss shows them, and that protocol's body decoder. It
// plugs into luabind through Module.
package diag
