// Package pcap writes and reads netlink captures in the classic pcap format
// with link type 253 (LINKTYPE_NETLINK), the format an nlmon device
// produces, so that Wireshark and tshark decode them.
//
// # Layout
//
// A 24-byte file header (magic 0xa1b2c3d4 for microsecond timestamps,
// 0xa1b23c4d for nanoseconds, version 2.4, snaplen, link type 253) is
// followed by one record per datagram. Each record's data is a 16-byte
// pseudo-header in network byte order — packet type (4 PACKET_OUTGOING for
// what we sent, 0 PACKET_HOST for what we received), ARPHRD_NETLINK (824),
// an empty link-layer address, and the socket's netlink protocol — then the
// datagram exactly as it crossed the socket, in host byte order. Records are
// never truncated, but for the rare datagram larger than the 256 KiB snaplen
// (a huge batch), which is cut to it with its full size in orig_len: tools
// refuse larger records.
//
// # Writing
//
// A Writer is an nlsock.CaptureWriter: hand it to Socket.SetCapture and every
// datagram the socket sends or receives becomes one record. It is safe for
// concurrent use by several sockets; each record is written with a single
// Write call, so a capture cut short by a crash holds only whole records
// (up to the last).
//
// # Reading
//
// A Reader reads both our captures and those of an nlmon device (tcpdump -i
// nlmon0 -w), in either byte order, with microsecond or nanosecond
// timestamps. nlmon marks direction with PACKET_USER (6, to a user socket)
// and PACKET_KERNEL (7, to the kernel); both are mapped to Received and
// Sent. The Reader never panics on a damaged file: it returns an error that
// names the record and its file offset, and bounds every allocation by the
// record sizes it can check. pcapng files are recognised and refused with a
// hint to convert them (editcap -F pcap).
package pcap
