//go:build ignore

// scale-floor is the floor scripts/scale-bench.sh measures nlsh against: the
// least a Go program can do to dump routes. It enters a named namespace,
// sends one RTM_GETROUTE dump request (with NETLINK_GET_STRICT_CHK and
// RTA_TABLE when a table is given, so the kernel filters), reads the reply
// with plain recvmsg into one 32 KiB buffer and walks the attributes of
// every route, counting those with an RTA_DST. It prints
// "routes with-dst datagrams bytes".
//
//	go build -o floor scripts/scale-floor.go
//	floor NETNS [TABLE]
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: scale-floor NETNS [TABLE]")
		os.Exit(2)
	}
	table := uint64(0)
	if len(os.Args) == 3 {
		var err error
		if table, err = strconv.ParseUint(os.Args[2], 10, 32); err != nil {
			fail("table", err)
		}
	}
	runtime.LockOSThread()
	nsfd, err := unix.Open("/run/netns/"+os.Args[1], unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		fail("open netns", err)
	}
	if err := unix.Setns(nsfd, unix.CLONE_NEWNET); err != nil {
		fail("setns", err)
	}
	s, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		fail("socket", err)
	}
	if err := unix.Bind(s, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		fail("bind", err)
	}
	// struct nlmsghdr (16) + struct rtmsg (12) [+ RTA_TABLE u32 (8)]
	req := make([]byte, 28, 36)
	if table != 0 {
		if err := unix.SetsockoptInt(s, unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, 1); err != nil {
			fail("NETLINK_GET_STRICT_CHK", err)
		}
		req = req[:36]
		binary.NativeEndian.PutUint16(req[28:], 8)
		binary.NativeEndian.PutUint16(req[30:], unix.RTA_TABLE)
		binary.NativeEndian.PutUint32(req[32:], uint32(table))
		if table < 256 {
			req[16+4] = uint8(table) // rtm_table
		}
	}
	binary.NativeEndian.PutUint32(req[0:], uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:], unix.RTM_GETROUTE)
	binary.NativeEndian.PutUint16(req[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	binary.NativeEndian.PutUint32(req[8:], 1)
	if err := unix.Sendto(s, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		fail("send", err)
	}
	buf := make([]byte, 32768)
	routes, withDst, datagrams, bytes := 0, 0, 0, 0
	for {
		n, _, err := unix.Recvfrom(s, buf, 0)
		if err != nil {
			fail("recv", err)
		}
		datagrams++
		bytes += n
		for b := buf[:n]; len(b) >= 16; {
			l := int(binary.NativeEndian.Uint32(b))
			if l < 16 || l > len(b) {
				fail("recv", fmt.Errorf("bad message length %d", l))
			}
			switch binary.NativeEndian.Uint16(b[4:]) {
			case unix.NLMSG_DONE:
				fmt.Println(routes, withDst, datagrams, bytes)
				return
			case unix.NLMSG_ERROR:
				fail("dump", unix.Errno(-int32(binary.NativeEndian.Uint32(b[16:]))))
			case unix.RTM_NEWROUTE:
				routes++
				for a := b[16+12 : l]; len(a) >= 4; {
					al := int(binary.NativeEndian.Uint16(a))
					if al < 4 || al > len(a) {
						break
					}
					if binary.NativeEndian.Uint16(a[2:]) == unix.RTA_DST {
						withDst++
					}
					a = a[min((al+3)&^3, len(a)):]
				}
			}
			b = b[min((l+3)&^3, len(b)):]
		}
	}
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "scale-floor: %s: %v\n", what, err)
	os.Exit(1)
}
