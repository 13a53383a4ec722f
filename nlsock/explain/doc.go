// Package explain dissects netlink messages into text a student can read:
// every nlmsghdr field named (the type by name, the flags by name with the
// meaning the request kind gives bits 0x100-0x800: GET ROOT/MATCH/ATOMIC,
// NEW REPLACE/EXCL/CREATE/APPEND, DEL NONREC/BULK, ACK CAPPED/ACK_TLVS), the
// family header field by field (ifinfomsg, ifaddrmsg, rtmsg, ndmsg,
// fib_rule_hdr, genlmsghdr, nfgenmsg, inet_diag_req_v2/msg,
// unix_diag_req/msg), every attribute with name, type number, length and
// value (nested ones indented, unknown ones as hex), and a hex dump.
//
// Every line that describes bytes starts with their offset, in decimal
// from the start of the message: the unit of ext-ack offsets and of the hex
// dump's left column.
//
// # Errors
//
// An NLMSG_ERROR is explained with its errno name, the request it echoes
// (dissected with offsets counted from the request's first byte) and its
// extended ACK; NLMSGERR_ATTR_OFFS is resolved to the attribute of the
// request it points at ("32 → IFLA_IFNAME (type 3, 39 bytes)"), which is
// also marked in the dissection. When the reply does not echo the request
// (NETLINK_CAP_ACK, a failed dump's NLMSG_DONE), Options.Request supplies
// it; Error does the same for a *nlsock.KernelError with its Sent bytes.
//
// # Names
//
// Names come from YNL specs: nlsh's own descriptions
// (nlsock/ynl/builtin) for every rtnetlink object, tc, conntrack,
// nf_tables (rules included: each expression's data is the sub-message
// its name selects), sock_diag (the address family picks the operation)
// and nlctrl, which also give each attribute's value shape, expected
// length, enum and flag names, nests and sub-messages (a link's
// IFLA_INFO_DATA laid out by its kind) and the fixed header. Their
// attributes keep the kernel header's names (IFLA_MTU: the set's
// name-prefix and the spec name). Other generic families' attributes are
// shown by number unless Options.GenlSpec gives the family's YNL spec,
// which names its commands, attributes (by the spec's names) and enum
// values (Options.GenlFamilies, or the GenlFamily resolver, names the
// family itself). What a description leaves to the reader is in
// extras.go: names for plain integers (a table id), two rtnetlink
// attributes YNL cannot lay out, and the line `nft --debug=netlink`
// prints for each nf_tables expression. Only the ext-ack TLVs, which no
// family describes, are named here. Message types are named by
// nlsock.MessageTypeName, the one table of them.
//
// # Robustness
//
// Nothing here panics on malformed bytes: what parses is explained, then a
// "malformed: ..." line says what is wrong. Nesting is followed 16 levels
// deep and the text is bounded in lines. There is no package state beyond
// lookup tables built on first use; all functions are safe for concurrent
// use.
package explain
