#!/usr/bin/env bash
# monitor-allnetns-bench.sh: `nlsh monitor --all-netns link` beside
# `ip monitor all-nsid link` while N named namespaces each create 5 veth
# pairs at once (10 links each: a burst of 10 events per namespace).
#
#   sudo scripts/monitor-allnetns-bench.sh [N]      (default 1000)
#
# nlsh gives every namespace named in /run/netns an nsid (the kernel
# delivers a namespace's events to a NETLINK_LISTEN_ALL_NSID socket only
# then); ip monitor, started after it, hears the same namespaces. For each
# consumer it reports the namespaces whose 10 links all arrived tagged
# with that namespace, the events, overruns and CPU time. Needs root, ip
# and Go. Removes every namespace it made.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-1000}
prefix=nlsh-allns-$$
. scripts/monitor-bench-lib.sh
bench_cleanup() { for i in $(seq 0 $((n - 1))); do ip netns del "$prefix-$i" 2>/dev/null || true; done; }

go build -o "$dir/nlsh-bin" ./cmd/nlsh
start=$(date +%s.%N)
for i in $(seq 0 $((n - 1))); do ip netns add "$prefix-$i"; done
printf '%d namespaces created in %.1fs\n' "$n" "$(echo "$(date +%s.%N) - $start" | bc -l)"

"$dir/nlsh-bin" monitor --all-netns link >"$dir/nlsh" 2>"$dir/nlsh.err" & pids+=($!)
until grep -q '^monitoring' "$dir/nlsh.err"; do # it has given the nsids
	kill -0 "${pids[0]}" 2>/dev/null || { cat "$dir/nlsh.err" >&2; exit 1; }
	sleep 0.1
done
ip monitor all-nsid link >"$dir/ip" 2>"$dir/ip.err" & pids+=($!)
sleep 0.5

printf 'link add va%d type veth peer name vb%d\n' 0 0 1 1 2 2 3 3 4 4 >"$dir/batch"
start=$(date +%s.%N)
seq 0 $((n - 1)) | xargs -P 8 -I{} ip -n "$prefix-{}" -batch "$dir/batch"
printf 'burst of %d events (10 per namespace) in %.1fs\n' $((10 * n)) "$(echo "$(date +%s.%N) - $start" | bc -l)"

wait_drained nlsh ip
cpu_nlsh=$(cputime "${pids[0]}")
cpu_ip=$(cputime "${pids[1]}")
stop_consumers

# Complete namespaces: all of va0-va4 and vb0-vb4 arrived under its name.
# nlsh: "TIME /run/netns/NAME RTM_NEWLINK +link va0 ...";
# ip: "[nsid N]7: va0@vb0: ..." (ip names the nsid; ip netns list maps it).
complete_nlsh=$(awk -v p="/run/netns/$prefix-" '$3 == "RTM_NEWLINK" && index($2, p) == 1 { seen[$2 " " $5] = 1 }
	END { for (k in seen) { split(k, f, " "); c[f[1]]++ } for (ns in c) if (c[ns] >= 10) n++; print n + 0 }' "$dir/nlsh")
events_nlsh=$(grep -c " /run/netns/$prefix-[0-9]* RTM_NEWLINK " "$dir/nlsh" || true)
overruns_nlsh=$(grep -c 'overrun:' "$dir/nlsh" || true)
ip netns list >"$dir/ids" # "NAME (id: N)"; ip netns list-id stops at about 134 entries here
complete_ip=$(awk -v p="$prefix-" 'NR == FNR { id = $3; sub(/\)$/, "", id); if (index($1, p) == 1) ours[id] = 1; next }
	/^\[nsid [0-9]+\]/ { id = substr($0, 7); sub(/\].*/, "", id); if (!(id in ours)) next
		rest = $0; sub(/^[^\]]*\][0-9]+: /, "", rest); split(rest, f, "[@:]")
		if (f[1] ~ /^v[ab][0-4]$/) seen[id " " f[1]] = 1 }
	END { for (k in seen) { split(k, f, " "); c[f[1]]++ } for (ns in c) if (c[ns] >= 10) n++; print n + 0 }' "$dir/ids" "$dir/ip")
overruns_ip=$(cat "$dir/ip.err" "$dir/ip" | { grep -ci 'no buffer space\|overrun' || true; })
printf '%-26s %12s %8s %9s %8s\n' consumer "complete-ns" events overruns cpu-s
printf '%-26s %8d/%-4d %8d %9d %8.2f\n' "nlsh monitor --all-netns" "$complete_nlsh" "$n" "$events_nlsh" "$overruns_nlsh" "$cpu_nlsh"
printf '%-26s %8d/%-4d %8s %9d %8.2f\n' "ip monitor all-nsid" "$complete_ip" "$n" "-" "$overruns_ip" "$cpu_ip"
