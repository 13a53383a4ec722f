// Package ynl drives any netlink family described by a kernel YAML netlink
// spec ("YNL spec", the kernel's Documentation/netlink/specs/*.yaml):
// operations called by name, attributes encoded and decoded by name.
//
//	spec, err := ynl.LoadFamily("netdev", ynl.SearchPath())
//	c, err := ynl.NewClient(ctx, sock, spec) // sock: NETLINK_GENERIC
//	devs, err := c.Dump(ctx, "dev-get", nil)
//	fmt.Println(devs[0].Attrs["ifindex"], devs[0].Attrs["xdp-features"])
//
// # Where specs come from
//
// nlsh ships no spec files: the kernel's are GPL/BSD dual licensed data
// that belong to the kernel tree. Find looks, in order, in the directories
// the caller passes (nlsh --specs DIR), in $NLSH_SPECS (':'-separated),
// and in /usr/share/ynl/specs and /usr/local/share/ynl/specs, where the
// kernel's `make -C tools/net/ynl install` puts them. A family "rt_link"
// also finds rt-link.yaml (the kernel renamed them), and a name with a '/'
// or ending in .yaml is a path.
//
// # What is modelled
//
// Definitions: const, enum and flags (entries bare or {name, value},
// value-start), struct (integer members with byte-order, binary with len,
// pad). Attribute-sets with subset-of; attributes u8..u64, s8..s64, uint
// and sint (4 or 8 bytes, as nla_put_uint), string, binary (a struct layout
// when it names one), flag, nest, indexed-array, nest-type-value,
// bitfield32, multi-attr, byte-order: big-endian, enum and enum-as-flags.
// sub-message (rt-link's linkinfo data, tc's options) decodes by the
// format its selector's value picks (the selector is looked up in the
// enclosing tables, innermost first) into one table of the fixed header's
// members and the attributes; a kind without a format keeps its bytes.
// Encode takes bytes, or a table when the selector is beside it. Struct
// members that are structs are tables too; a binary attribute longer than
// its struct keeps the extra bytes under TailKey (tc's u32 keys). Checks are left to the kernel,
// whose extended ACK then names the attribute.
// Operations: do and dump with request and reply attribute lists, the
// unified and directional enum models, fixed-header structs, notifications
// (notify, event) and their mcgrp; mcast-groups.
//
// Values: see Attrs. Encoding writes attributes in spec order (with
// NLA_F_NESTED on nests) and rejects unknown names, wrong types and values
// out of range with an error naming the attribute. Decoding never panics,
// keeps attributes the spec lacks under UnknownKey with their type number,
// and returns what it decoded with the first error.
//
// # Typed tables
//
// Generic decoding builds a map per message. Where a Go struct holds the
// values instead (rtnl.Link and its kin), a Table binds attribute names of
// a set to setters of the struct's fields (Field); the description gives
// each bound attribute's number, the length its type requires (u8..s64,
// an address for the ip display hints, a struct's size) and its uapi name
// for reports (Malformed, "IFLA_MTU: 2 bytes, want 4"). Walk dispatches
// each attribute by its number through one slice: as fast as a switch
// written by hand. AttrSet.Put encodes one attribute by name the same way.
// CompileSets and LoadSets keep a spec's attribute-sets in a line form that
// loads in about 0.1 ms, for tables built at a program's first use
// (parsing rt-link's YAML takes milliseconds).
//
// # The kernel CLI's view
//
// Spec.View, Client.CallView, MultiView and NotificationView decode into
// the shape the kernel's tools/net/ynl/cli.py prints with --output-json
// (display hints applied, sub-messages decoded by their selector,
// "UnknownAttr(N)" for attributes the spec lacks), and AppendJSON prints
// it as Python's json.dumps does. `nlsh ynl` (package ynlcmd) is built on
// them; its tests compare with the kernel's CLI (package ynltest).
//
// # Protocols
//
// genetlink, genetlink-c and genetlink-legacy families are resolved by
// name through nlctrl (nlsock/genl) and called on a NETLINK_GENERIC
// socket, the command in the genlmsghdr. netlink-raw families (rtnetlink's
// rt-link, rt-addr) are called on a socket of the spec's protonum, the
// operation's value as the message type, the fixed header (ifinfomsg,
// ifaddrmsg) from the member names in the same table as the attributes;
// their multicast groups are the spec's (rtnlgrp-link = 1). Replies to a
// request decode by the op asked; other messages by the op whose replies
// or notifications carry their command (rt-link's newlink-ntf for
// RTM_NEWLINK events); a type the spec declares no reply for (rt-link's
// RTM_DELLINK) is named after the operation whose requests carry it and
// kept raw (Message.Raw). Message types are 16 bits (nftables' start at
// 0x0a00).
//
// # Errors
//
// A kernel error from Do or Dump is an *Error wrapping the
// *nlsock.KernelError (errors.Is(err, unix.EINVAL) works); when the
// extended ACK carries an offset into the request or a missing attribute,
// Error names them by the spec ("[missing attribute addr.id]"). A reply
// must answer its request: a message of another type or command is
// ErrWrongReply, and a do whose operation declares a reply but that the
// kernel only acknowledged is ErrNoReply, never an empty success.
//
// # Network namespaces and concurrency
//
// A Client works in the namespace of its socket and issues one request at a
// time; it is as safe for concurrent use as nlsock.Socket.Request. A Spec
// is read-only once loaded and may be shared.
package ynl
