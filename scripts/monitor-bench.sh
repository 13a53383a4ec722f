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
. scripts/monitor-bench-lib.sh
bench_netns nlsh-mbench-$$
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "route add blackhole 10.%d.%d.%d/32\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$dir/add"
sed 's/^route add/route del/' "$dir/add" >"$dir/del"

start_consumers route
start=$(date +%s.%N)
apply_batches
end=$(date +%s.%N)

wait_drained text json ip
declare -A cpu rss
i=0
for c in text json ip; do
	cpu[$c]=$(cputime "${pids[$i]}")
	rss[$c]=$(hwm "${pids[$i]}")
	i=$((i + 1))
done
stop_consumers

wall=$(echo "$end - $start" | bc -l)
printf '%d routes added and deleted (%d events) in %.2fs\n' "$n" $((2 * n)) "$wall"
grep -h '^monitoring' "$dir/text.err" || true
printf '%-22s %8s %9s %8s %14s %9s\n' consumer events overruns cpu-s "events/cpu-s" "rss-MiB"
declare -A got
for c in text json ip; do
	got[$c]=$(count $c ROUTE)
	awk -v name="$(consumer_name $c route)" -v n="${got[$c]}" -v o="$(overruns $c)" -v cpu="${cpu[$c]}" -v rss="${rss[$c]}" 'BEGIN {
		printf "%-22s %8d %9d %8.2f %14.0f %9.1f\n", name, n, o, cpu, (cpu > 0 ? n / cpu : 0), rss
	}'
done
ratio "${got[text]}" "${got[json]}" "${got[ip]}" "${cpu[text]}" "${cpu[json]}" "${cpu[ip]}"
