#!/usr/bin/env bash
# monitor-bench.sh: CPU per event of `nlsh monitor route` (text and --json)
# beside `ip monitor route`, all three watching the same run: N blackhole
# routes added, then deleted (2N events), in a throwaway named namespace.
#
#   sudo scripts/monitor-bench.sh [N]      (default 200000: 400000 events)
#
# For each consumer it reports the events it printed (so whether any were
# lost), the overruns it reported, its CPU time (utime+stime from
# /proc/PID/stat), events per CPU-second, and its peak RSS (VmHWM). The
# wall-clock rate is set by the kernel and ip -batch, the same for all three.
# Needs root, ip and Go. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-200000}
ns=nlsh-mbench-$$
dir=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

go build -o "$dir/nlsh" ./cmd/nlsh
ip netns add "$ns"
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "route add blackhole 10.%d.%d.%d/32\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$dir/add"
sed 's/^route add/route del/' "$dir/add" >"$dir/del"

"$dir/nlsh" monitor -n "$ns" route >"$dir/text" 2>"$dir/text.err" & pids+=($!)
"$dir/nlsh" monitor -n "$ns" --json route >"$dir/json" 2>"$dir/json.err" & pids+=($!)
ip -n "$ns" monitor route >"$dir/ip" 2>"$dir/ip.err" & pids+=($!)
sleep 0.5 # let them join

start=$(date +%s.%N)
ip -n "$ns" -batch "$dir/add"
ip -n "$ns" -batch "$dir/del"
end=$(date +%s.%N)

# Wait until no consumer's output has grown for a second: each has drained.
declare -A last
while :; do
	sleep 1
	busy=0
	for c in text json ip; do
		s=$(stat -c %s "$dir/$c")
		[ "$s" != "${last[$c]:-}" ] && busy=1
		last[$c]=$s
	done
	[ "$busy" = 0 ] && break
done

cputime() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }
hwm() { awk '/^VmHWM/ { print $2 / 1024 }' "/proc/$1/status"; }
declare -A cpu rss
i=0
for c in text json ip; do
	cpu[$c]=$(cputime "${pids[$i]}")
	rss[$c]=$(hwm "${pids[$i]}")
	i=$((i + 1))
done
# TERM, not INT: background jobs of a script start with SIGINT ignored.
for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()

wall=$(echo "$end - $start" | bc -l)
count() {
	case $1 in
	text) grep -c ' RTM_\(NEW\|DEL\)ROUTE ' "$dir/text" || true ;;
	json) grep -c '"type":"RTM_\(NEW\|DEL\)ROUTE"' "$dir/json" || true ;;
	ip) grep -c '^[^[:space:]]' "$dir/ip" || true ;;
	esac
}
overruns() {
	case $1 in
	text) grep -c 'overrun:' "$dir/text" || true ;;
	json) grep -c '"overrun":true' "$dir/json" || true ;;
	ip) cat "$dir/ip.err" "$dir/ip" | { grep -ci 'no buffer space\|overrun' || true; } ;;
	esac
}
printf '%d routes added and deleted (%d events) in %.2fs\n' "$n" $((2 * n)) "$wall"
grep -h '^monitoring' "$dir/text.err" || true
printf '%-22s %8s %9s %8s %14s %9s\n' consumer events overruns cpu-s "events/cpu-s" "rss-MiB"
declare -A got
for c in text json ip; do
	got[$c]=$(count $c)
	name=$c
	case $c in text) name="nlsh monitor" ;; json) name="nlsh monitor --json" ;; ip) name="ip monitor route" ;; esac
	awk -v name="$name" -v n="${got[$c]}" -v o="$(overruns $c)" -v cpu="${cpu[$c]}" -v rss="${rss[$c]}" 'BEGIN {
		printf "%-22s %8d %9d %8.2f %14.0f %9.1f\n", name, n, o, cpu, (cpu > 0 ? n / cpu : 0), rss
	}'
done
awk -v t="${got[text]}" -v j="${got[json]}" -v i="${got[ip]}" -v ct="${cpu[text]}" -v cj="${cpu[json]}" -v ci="${cpu[ip]}" 'BEGIN {
	if (ci > 0 && ct > 0 && cj > 0 && i > 0)
		printf "events per CPU-second relative to ip monitor: text %.2fx, --json %.2fx\n", (t / ct) / (i / ci), (j / cj) / (i / ci)
}'
