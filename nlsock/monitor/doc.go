// Package monitor watches netlink multicast groups and yields decoded
// events, with loss reported as events of its own.
//
// A Monitor opens one socket per netlink protocol it needs (route groups
// such as "link", generic netlink "family:group", "nftables") in one
// network namespace, joins the groups, and raises each socket's receive
// buffer: by default to DefaultReadBuffer with SO_RCVBUFFORCE when the
// process may (CAP_NET_ADMIN), else with SO_RCVBUF, which the kernel caps
// at net.core.rmem_max. Buffers reports what the kernel granted, so a
// caller can say so.
//
// # What an event says
//
// Describe turns a message into a summary line and a decoded value. Every
// rtnetlink and nf_tables event names its address family (Event.Family):
// a link message of family "bridge" is a bridge port's view of the device,
// so its RTM_DELLINK is a port leaving its bridge, not a deleted link.
// Address events list their flags (IFA_FLAGS when present, else the 8-bit
// ifa_flags). Generic netlink events of a family subscribed to by
// "FAMILY:GROUP" are named by the family's YNL spec and decoded by it when
// Options.SpecDirs (or the default spec directories) hold one.
//
// # Loss
//
// When a socket's buffer overflows the kernel drops events and reports
// ENOBUFS once. Next returns that as an Event with Overrun set, in arrival
// order, and Summary counts it; nothing is lost silently. With
// Options.Resync, the monitor then re-dumps the objects that socket's
// groups cover (rtnetlink: links, addresses, routes, neighbours, rules,
// nexthops, tc qdiscs, classes and filters; nf_tables: tables, chains,
// sets, rules; a generic family's objects through its YNL spec, see below)
// over a private socket and diffs them against the state it has been tracking since Open: what
// appeared, vanished or changed while events were lost comes back as events
// with Resync set, followed by one summary event. Events already queued
// when the dump ran are applied afterwards, so the tracked state ends up
// current; a change that happened and was undone during the loss is, by
// nature, invisible. A protocol that overruns while another resyncs is
// re-dumped in the same pass.
//
// A generic family is re-dumped when its spec pairs the group's
// notifications with a dump: a notification that says `notify: dev-get`
// (netdev's dev-add-ntf, dev-del-ntf, dev-change-ntf) is about the objects
// dev-get's dump lists, keyed by the attributes dev-get's do takes
// (ifindex); a notification named with the word del or delete removes
// its object. A group that cannot be re-dumped (no spec, notifications
// with attributes of their own, a get without dump or key, nlctrl) gets
// one resync event when the monitor opens, saying why, and its overruns
// say that its events cannot be re-dumped.
//
// # Every namespace
//
// With Options.AllNetNS the sockets listen with NETLINK_LISTEN_ALL_NSID:
// the kernel also delivers the events of every namespace that has an nsid
// in the monitor's namespace, tagged with it. The monitor gives an nsid to
// each namespace named in /run/netns that has none (at Open, then every
// second for new names) and labels those events "/run/netns/NAME" (Event
// NSID, HasNSID; "nsid N" for an unnamed namespace).
//
// # Cost
//
// A monitor socket reads each event with one recvmsg (nlsock's
// SetDirectRead) and, after each wake-up, what else is queued, so Buffered
// tells a printer when to flush. Text and JSON lines are appended into the
// caller's buffer without fmt or reflection.
//
// # Concurrency
//
// With one socket, Next reads it directly; with several, one goroutine per
// socket reads events into a small queue. Next and
// Summary must be called from one goroutine at a time. Close stops the
// readers and closes the sockets; a Next blocked in another goroutine then
// returns ErrClosed.
package monitor
