#!/bin/sh
# rtnl-bench.sh — whole-process cost of rtnl dumps from nlsh beside their
# floor (a Go binary that setns()es, sends RTM_GETLINK and walks every
# attribute of the reply in a plain recvmsg loop) and `ip -j`, measured in
# one run per size that alternates the commands round by round
# (scripts/interleave.py: load that drifts hits them alike); prints medians
# and ratios to the floor.
#
#   links: nlsh -e 'print(#rtnl.links(netlink.open("route")))'  vs floor, ip -j link show
#   addrs: nlsh -e 'print(#rtnl.addrs(netlink.open("route")))'  vs ip -j addr show
#          (one address per link, so ip's per-link address matching shows)
#
#   pyroute2: IPRoute().get_links() under `ip netns exec` (Debian's python3-pyroute2;
#          a few runs only, it takes seconds), reported as a ratio to nlsh
#   peak RSS of the floor, nlsh and ip -j (GNU time, max of 5 runs)
#
# nlsh is built static (CGO_ENABLED=0), as README's install line builds it.
# Needs root, go, ip, python3, /usr/bin/time; pyroute2 optional.
# Usage: scripts/rtnl-bench.sh [ROUNDS [PAIRS...]]
# (default 60 rounds, 1000 and 3000 veth pairs = 2001 and 6001 links).
set -eu

runs=${1:-60}
[ $# -eq 0 ] || shift # dash exits on a shift past the end, even with || true
[ $# -gt 0 ] || set -- 1000 3000
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
spaces=""
cleanup() {
	for ns in $spaces; do ip netns del "$ns" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

for tool in go ip python3 /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "rtnl-bench.sh: $tool not found" >&2; exit 2; }
done

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/nlsh" ./cmd/nlsh)

mkdir "$tmp/floor"
cat >"$tmp/floor/main.go" <<'GO'
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

func main() {
	runtime.LockOSThread()
	fd, err := unix.Open("/run/netns/"+os.Args[1], unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		panic(err)
	}
	if err := unix.Setns(fd, unix.CLONE_NEWNET); err != nil {
		panic(err)
	}
	s, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		panic(err)
	}
	if err := unix.Bind(s, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		panic(err)
	}
	req := make([]byte, 32)
	binary.NativeEndian.PutUint32(req[0:], 32)
	binary.NativeEndian.PutUint16(req[4:], unix.RTM_GETLINK)
	binary.NativeEndian.PutUint16(req[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	binary.NativeEndian.PutUint32(req[8:], 1)
	if err := unix.Sendto(s, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		panic(err)
	}
	buf := make([]byte, 32768)
	links, attrs := 0, 0
	for {
		n, _, err := unix.Recvfrom(s, buf, 0)
		if err != nil {
			panic(err)
		}
		for b := buf[:n]; len(b) >= 16; {
			l := int(binary.NativeEndian.Uint32(b))
			switch binary.NativeEndian.Uint16(b[4:]) {
			case unix.NLMSG_DONE:
				fmt.Println(links, attrs)
				return
			case unix.RTM_NEWLINK:
				links++
				for a := b[32:l]; len(a) >= 4; {
					al := int(binary.NativeEndian.Uint16(a))
					if al < 4 || al > len(a) {
						break
					}
					attrs++
					a = a[min((al+3)&^3, len(a)):]
				}
			}
			b = b[min((l+3)&^3, len(b)):]
		}
	}
}
GO
sysver=$(cd "$root" && go list -m -f '{{.Version}}' golang.org/x/sys)
cp "$root/go.sum" "$tmp/floor/"
(cd "$tmp/floor" && printf 'module floor\n\ngo 1.22\n\nrequire golang.org/x/sys %s\n' "$sysver" >go.mod &&
	GOFLAGS=-mod=mod go build -o "$tmp/floor-bin" . 2>/dev/null)

echo 'print(#rtnl.links(netlink.open("route")))' >"$tmp/links.lua"
echo 'print(#rtnl.addrs(netlink.open("route")))' >"$tmp/addrs.lua"

for pairs in "$@"; do
	ns="nlsh-rtnl-bench-$$-$pairs"
	ip netns add "$ns"
	spaces="$spaces $ns"
	i=0
	while [ $i -lt "$pairs" ]; do
		echo "link add b$i type veth peer name c$i"
		echo "addr add 10.$((i / 62500 + 1)).$((i / 250 % 250)).$((i % 250 + 1))/32 dev b$i"
		echo "addr add 10.$((i / 62500 + 101)).$((i / 250 % 250)).$((i % 250 + 1))/32 dev c$i"
		i=$((i + 1))
	done | ip -n "$ns" -batch -
	links=$((2 * pairs + 1))
	python3 "$root/scripts/interleave.py" --warmup 5 "$runs" "$tmp/$pairs.json" \
		"$tmp/floor-bin $ns" \
		"$tmp/nlsh -n $ns $tmp/links.lua" \
		"ip -n $ns -j link show" \
		"$tmp/nlsh -n $ns $tmp/addrs.lua" \
		"ip -n $ns -j addr show"
	python3 - "$tmp/$pairs.json" "$links" "$((2 * pairs))" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
labels = ["raw recvmsg floor (links)", "nlsh rtnl.links", "ip -j link show", "nlsh rtnl.addrs", "ip -j addr show"]
floor = res[0]["median"]
print(f"{sys.argv[2]} links, {sys.argv[3]} addresses")
print(f"  {'command':<28} {'median':>9} {'x floor':>8}")
for label, r in zip(labels, res):
    print(f"  {label:<28} {r['median']*1000:>7.2f}ms {r['median']/floor:>7.2f}x")
PY
	peak() { # max RSS in KiB over 5 runs of the command
		m=0
		for _ in 1 2 3 4 5; do
			k=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1)
			[ "$k" -gt "$m" ] && m=$k
		done
		echo "$m"
	}
	floor_kb=$(peak "$tmp/floor-bin" "$ns")
	nlsh_kb=$(peak "$tmp/nlsh" -n "$ns" "$tmp/links.lua")
	ip_kb=$(peak ip -n "$ns" -j link show)
	echo "  peak RSS: floor ${floor_kb} KiB, nlsh rtnl.links ${nlsh_kb} KiB ($(python3 -c "print(f'{$nlsh_kb/$floor_kb:.2f}')")x), ip -j link ${ip_kb} KiB"
	if /usr/bin/python3 -c 'import pyroute2' 2>/dev/null; then
		python3 "$root/scripts/interleave.py" --warmup 1 3 "$tmp/$pairs-py.json" \
			"ip netns exec $ns /usr/bin/python3 -c 'from pyroute2 import IPRoute; print(len(IPRoute().get_links()))'"
		python3 - "$tmp/$pairs.json" "$tmp/$pairs-py.json" <<'PY'
import json, sys
nlsh = json.load(open(sys.argv[1]))["results"][1]["median"]
py = json.load(open(sys.argv[2]))["results"][0]["median"]
print(f"  pyroute2 get_links         {py*1000:>7.0f}ms  nlsh is {py/nlsh:.0f}x faster")
PY
	fi
done
