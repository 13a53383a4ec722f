// Package genl speaks generic netlink (NETLINK_GENERIC): the genlmsghdr that
// follows every nlmsghdr, the nlctrl meta-family that names the other
// families (CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY), multicast group lookup
// by "family:group", and requests to any family by name.
//
// Decoding is a pure function of bytes: ParseFamily and ParsePolicy never
// panic, keep attributes they do not know in Unknown with their type number,
// and on malformed input return what they decoded so far with an error that
// names the offset.
//
// # Names
//
// Operation flags use the names of the kernel's nlctrl YAML spec
// ("admin-perm", "cmd-cap-do", "cmd-cap-dump", "cmd-cap-haspol",
// "uns-admin-perm"); policy attribute types those of netlink-attribute-type
// ("u32", "nul-string", "nested", ...).
//
// # Network namespaces
//
// Generic netlink families are registered once for the whole kernel, but
// their multicast group ids and some families (e.g. those of modules loaded
// later) are visible per socket; every function works on the namespace of
// the socket it is given.
//
// # Concurrency
//
// The functions here issue one request at a time on the socket they are
// given and are as safe for concurrent use as that socket's Request.
package genl
