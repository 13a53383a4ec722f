#!/usr/bin/env bash
# bench-monitor.sh: events per second of `nlsh monitor link` (decoded text
# and --json) beside `ip monitor link`, all three watching the same run:
# PAIRS veth pairs created and deleted in a throwaway named namespace.
#
#   sudo scripts/bench-monitor.sh [PAIRS]      (default 3000: ~12000 events)
#
# A second phase ("burst") pauses the three consumers (SIGSTOP) while the
# pairs are created and deleted again, then resumes them: what each one
# gets depends on its receive buffer, and the time it takes to print the
# backlog measures how fast it decodes and prints with no waiting.
#
# For each consumer it reports the events it printed (and so whether any
# were lost), the overruns it reported, its CPU time and events per CPU
# second (what it could sustain), and the wall-clock rate of the run (set
# by the kernel and ip -batch, the same for all three). Needs root, ip and
# Go. Leaves nothing behind: the namespace and the consumers are removed
# on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

pairs=${1:-3000}
. scripts/monitor-bench-lib.sh
bench_netns nlsh-bench-$$
for i in $(seq 0 $((pairs - 1))); do echo "link add bv$i type veth peer name bw$i"; done >"$dir/add"
for i in $(seq 0 $((pairs - 1))); do echo "link del bv$i"; done >"$dir/del"

start_consumers link
start=$(date +%s.%N)
apply_batches
end=$(date +%s.%N)
sleep 1 # let the consumers drain

declare -A cpu
cpu[text]=$(cputime "${pids[0]}")
cpu[json]=$(cputime "${pids[1]}")
cpu[ip]=$(cputime "${pids[2]}")
stop_consumers

wall=$(echo "$end - $start" | bc -l)
printf '%d veth pairs created and deleted in %.2fs\n' "$pairs" "$wall"
grep -h '^monitoring' "$dir/text.err" || true
printf '%-22s %8s %9s %8s %10s %14s\n' consumer events overruns cpu-s "events/s" "events/cpu-s"
for c in text json ip; do
	n=$(count $c LINK)
	o=$(overruns $c)
	awk -v name="$(consumer_name $c link)" -v n="$n" -v o="$o" -v cpu="${cpu[$c]}" -v wall="$wall" 'BEGIN {
		per = cpu > 0 ? n / cpu : 0
		printf "%-22s %8d %9d %8.2f %10.0f %14.0f\n", name, n, o, cpu, n / wall, per
	}'
done
ratio "$(count text LINK)" "$(count json LINK)" "$(count ip LINK)" "${cpu[text]}" "${cpu[json]}" "${cpu[ip]}"

# Phase 2: a burst into paused consumers.
for f in text json ip; do : >"$dir/$f"; done
start_consumers link
kill -STOP "${pids[@]}"
apply_batches
cont=$(date +%s.%N)
kill -CONT "${pids[@]}"
declare -A last done_at
for c in text json ip; do last[$c]=-1; done
while :; do # until no output grows for 0.5s
	sleep 0.05
	now=$(date +%s.%N)
	busy=0
	for c in text json ip; do
		n=$(wc -c <"$dir/$c")
		if [ "$n" != "${last[$c]}" ]; then last[$c]=$n; done_at[$c]=$now; busy=1; fi
	done
	[ "$busy" = 1 ] && quiet=$now
	[ "$(echo "$now - ${quiet:-$now} > 0.5" | bc -l)" = 1 ] && break
done
stop_consumers
printf '\nburst: %d pairs created and deleted while the consumers were stopped\n' "$pairs"
printf '%-22s %8s %9s %10s %12s\n' consumer events overruns drain-s "events/s"
for c in text json ip; do
	n=$(count $c LINK)
	o=$(overruns $c)
	awk -v name="$(consumer_name $c link)" -v n="$n" -v o="$o" -v d="$(echo "${done_at[$c]} - $cont" | bc -l)" 'BEGIN {
		printf "%-22s %8d %9d %10.3f %12.0f\n", name, n, o, d, (d > 0 ? n / d : 0)
	}'
done
