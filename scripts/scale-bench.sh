#!/bin/sh
# scale-bench.sh — what a full routing table costs nlsh, beside a raw Go
# recvmsg floor (scripts/scale-floor.go), `ip -j route show` and pyroute2.
# Wall time (ms) and peak RSS (GNU time) of the whole process, medians of RUNS
# runs, static builds (CGO_ENABLED=0).
#
# It makes a throwaway namespace with a veth and ROUTES /32 routes via a
# gateway in the main table (`ip -batch`, about 40 s for 1M) plus a table 100
# of 1000 routes, and measures, first at 100k routes (pyroute2's size), then
# at ROUTES:
#
#   floor            scale-floor: one RTM_GETROUTE dump, 32 KiB buffer, attributes walked
#   ip -j            ip -j route show
#   nlsh #routes     print(#rtnl.routes(s))
#   nlsh each+dst    for r in rtnl.each.routes(s) do ... r.dst ... end
#   nlsh count       rtnl.count.routes(s)
#   table 100: floor and nlsh rtnl.routes(s, {table=100}) (kernel-filtered)
#   pyroute2         IPRoute().get_routes() (100k only; Debian's python3-pyroute2)
#
# A step nlsh cannot run (an older build without rtnl.each) shows "n/a".
# Needs root, go, ip, awk, /usr/bin/time, python3. The namespace is deleted
# on exit, also on ^C.
#
# Usage: scripts/scale-bench.sh [ROUTES [RUNS]]   (default 1000000 routes, 3 runs)
set -eu

routes=${1:-1000000}
runs=${2:-3}
small=100000
[ "$routes" -ge 1000 ] || { echo "scale-bench.sh: ROUTES must be at least 1000" >&2; exit 2; }
[ "$routes" -lt 16777216 ] || { echo "scale-bench.sh: ROUTES must be below 2^24" >&2; exit 2; }
[ "$small" -le "$routes" ] || small=$routes

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
ns="nlsh-scale-bench-$$"
cleanup() {
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in go ip awk /usr/bin/time /usr/bin/python3; do
	command -v "$tool" >/dev/null || { echo "scale-bench.sh: $tool not found" >&2; exit 2; }
done

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/nlsh" ./cmd/nlsh &&
	CGO_ENABLED=0 go build -o "$tmp/floor" scripts/scale-floor.go)

cat >"$tmp/routes.lua" <<'LUA'
print(#assert(rtnl.routes(netlink.open("route"))))
LUA
cat >"$tmp/each.lua" <<'LUA'
local n = 0
for r in rtnl.each.routes(netlink.open("route")) do
	if r.dst then n = n + 1 end
end
print(n)
LUA
cat >"$tmp/count.lua" <<'LUA'
print(assert(rtnl.count.routes(netlink.open("route"))))
LUA
cat >"$tmp/table.lua" <<'LUA'
print(#assert(rtnl.routes(netlink.open("route"), {table = 100})))
LUA

# fill FROM TO: routes FROM..TO-1 of the main table, as 10.a.b.c/32
fill() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		for (i = a; i < b; i++)
			printf "route add 10.%d.%d.%d/32 via 192.0.2.2\n", int(i / 65536), int(i / 256) % 256, i % 256
	}' | ip -n "$ns" -batch -
}

# measure SIZE LABEL CMD...: RUNS runs; appends "SIZE|LABEL|wall|rss KiB|output" to results
measure() {
	size=$1 label=$2
	shift 2
	: >"$tmp/m"
	out=n/a
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(date +%s%N)
		if /usr/bin/time -f '%M' -o "$tmp/t" "$@" >"$tmp/out" 2>"$tmp/err"; then
			t1=$(date +%s%N)
			echo "$(((t1 - t0) / 1000000)) $(tail -n 1 "$tmp/t")" >>"$tmp/m"
			out=$(head -c 48 "$tmp/out" | tr '\n' ' ' | sed 's/ *$//')
		else
			out=n/a
			break
		fi
		i=$((i + 1))
	done
	if [ "$out" = n/a ]; then
		echo "$size|$label|||n/a" >>"$tmp/results"
		printf '  %-22s n/a (%s)\n' "$label" "$(head -c 200 "$tmp/err" | tr '\n' ' ')"
		return
	fi
	wall=$(sort -n "$tmp/m" | awk '{w[NR] = $1} END {print w[int((NR + 1) / 2)] / 1000}')
	rss=$(awk '{print $2}' "$tmp/m" | sort -n | awk '{r[NR] = $1} END {print r[int((NR + 1) / 2)]}')
	echo "$size|$label|$wall|$rss|$out" >>"$tmp/results"
	printf '  %-22s %7.3f s %8.1f MiB   -> %s\n' "$label" "$wall" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$out"
}

ip netns add "$ns"
ip -n "$ns" link add v0 type veth peer name v1
ip -n "$ns" addr add 192.0.2.1/24 dev v0
ip -n "$ns" link set v0 up
ip -n "$ns" link set v1 up
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "route add 172.16.%d.%d/32 via 192.0.2.2 table 100\n", int(i / 256), i % 256 }' |
	ip -n "$ns" -batch -

sizes=$small
[ "$routes" = "$small" ] || sizes="$small $routes"
filled=0
for size in $sizes; do
	echo "filling $((size - filled)) routes..." >&2
	fill "$filled" "$size"
	filled=$size
	echo "$size routes in the main table (+1000 in table 100), medians of $runs runs:"
	measure "$size" floor "$tmp/floor" "$ns"
	measure "$size" "ip -j route show" ip -n "$ns" -j route show
	measure "$size" "nlsh #routes" "$tmp/nlsh" -n "$ns" "$tmp/routes.lua"
	measure "$size" "nlsh each+dst" "$tmp/nlsh" -n "$ns" "$tmp/each.lua"
	measure "$size" "nlsh count" "$tmp/nlsh" -n "$ns" "$tmp/count.lua"
	measure "$size" "floor table 100" "$tmp/floor" "$ns" 100
	measure "$size" "nlsh table 100" "$tmp/nlsh" -n "$ns" "$tmp/table.lua"
	if [ "$size" = "$small" ] && /usr/bin/python3 -c 'import pyroute2' 2>/dev/null; then
		measure "$size" "pyroute2" ip netns exec "$ns" /usr/bin/python3 -c \
			'from pyroute2 import IPRoute; print(len(IPRoute().get_routes()))'
	fi
done

/usr/bin/python3 - "$tmp/results" "$routes" "$small" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    size, label, wall, rss, out = line.rstrip("\n").split("|", 4)
    rows[(int(size), label)] = (float(wall), int(rss) / 1024) if wall else None
big, small = int(sys.argv[2]), int(sys.argv[3])

def ratio(size, a, b):
    x, y = rows.get((size, a)), rows.get((size, b))
    return x[0] / y[0] if x and y and y[0] > 0 else None

def check(name, value, limit, extra=""):
    if value is None:
        print(f"  {name:<48} n/a")
        return
    verdict = "met" if value <= limit else "NOT met"
    print(f"  {name:<48} {value:6.2f} (target <= {limit}) {verdict}{extra}")

print(f"targets at {big} routes:")
check("#rtnl.routes time / ip -j", ratio(big, "nlsh #routes", "ip -j route show"), 0.75)
r = rows.get((big, "nlsh #routes"))
check("#rtnl.routes peak RSS MiB / 300", r and r[1] / 300, 1.0, f"  ({r[1]:.0f} MiB)" if r else "")
check("each+dst time / ip -j", ratio(big, "nlsh each+dst", "ip -j route show"), 0.5)
r = rows.get((big, "nlsh each+dst"))
check("each+dst peak RSS MiB / 64", r and r[1] / 64, 1.0, f"  ({r[1]:.0f} MiB)" if r else "")
check("table 100 (1000 routes) nlsh / floor", ratio(big, "nlsh table 100", "floor table 100"), 2.0)
p = ratio(small, "pyroute2", "nlsh #routes")
if p:
    print(f"  {'pyroute2 / nlsh #routes at ' + str(small):<48} {p:6.1f}x (target >= 20) {'met' if p >= 20 else 'NOT met'}")
PY
