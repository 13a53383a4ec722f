// Package genl speaks generic netlink (NETLINK_GENERIC): the genlmsghdr that
// follows every nlmsghdr, the nlctrl meta-family that names the other
// families (CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY), multicast group lookup
// by "family:group", and requests to any family by name.
//
// nlctrl's messages are decoded through nlsh's built-in description of it
// (nlsock/ynl/builtin/descriptions/nlctrl.yaml): ynl typed tables bind its
// attribute names to Family, Op, Group, OpPolicy and PolicyAttr, and the
// numbers, types and widths come from the description, as do the names of
// commands, attributes, operation flags and policy types.
//
// Decoding is a pure function of bytes: ParseFamily never panics, keeps
// attributes it does not know in Unknown with their type number, leaves
// out an attribute whose length does not fit its type, and on malformed
// input returns what it decoded with an error naming the attribute.
//
// # Names
//
// Operation flags use the names of the description's op-flags
// ("admin-perm", "cmd-cap-do", "cmd-cap-dump", "cmd-cap-haspol",
// "uns-admin-perm"); policy attribute types those of its attr-type
// ("u32", "nul-string", "nested", ...), as the kernel's nlctrl spec does.
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
