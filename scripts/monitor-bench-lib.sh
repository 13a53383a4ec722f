# monitor-bench-lib.sh: what the monitor benchmarks share; sourced by
# monitor-bench.sh, bench-monitor.sh and monitor-allnetns-bench.sh (the
# consumer functions need $ns, the namespace bench_netns makes).
#
# After sourcing: $dir is a temporary directory, pids an array the
# consumers' pids go into; on exit they are killed, bench_cleanup (if the
# script defines it) runs, and $dir is removed.

dir=$(mktemp -d)
pids=()
bench_exit() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if declare -F bench_cleanup >/dev/null; then bench_cleanup; fi
	rm -rf "$dir"
}
trap bench_exit EXIT

# bench_netns NAME: the named namespace $ns the consumers watch, created
# now (and deleted on exit), with nlsh built into $dir.
bench_netns() {
	ns=$1
	bench_cleanup() { ip netns del "$ns" 2>/dev/null || true; }
	go build -o "$dir/nlsh" ./cmd/nlsh
	ip netns add "$ns"
}

# cputime PID: utime + stime of PID in seconds.
cputime() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }

# hwm PID: peak RSS (VmHWM) of PID in MiB.
hwm() { awk '/^VmHWM/ { print $2 / 1024 }' "/proc/$1/status"; }

# stop_consumers: TERM every consumer and forget them. TERM, not INT:
# background jobs of a script start with SIGINT ignored (nlsh re-enables
# it, ip does not).
stop_consumers() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	pids=()
}

# wait_drained FILE...: until none of $dir/FILE has grown for a second
# (at most a minute: other namespaces of the host may keep talking).
wait_drained() {
	local -A last
	local f s busy
	for _ in $(seq 60); do
		sleep 1
		busy=0
		for f in "$@"; do
			s=$(stat -c %s "$dir/$f")
			[ "$s" != "${last[$f]:-}" ] && busy=1
			last[$f]=$s
		done
		[ "$busy" = 0 ] && return
	done
}

# start_consumers OBJECT: `nlsh monitor OBJECT`, its --json form and `ip
# monitor OBJECT`, watching namespace $ns, print into $dir/text, $dir/json
# and $dir/ip (stderr beside, as .err); returns once they have joined.
start_consumers() {
	"$dir/nlsh" monitor -n "$ns" "$1" >"$dir/text" 2>"$dir/text.err" & pids+=($!)
	"$dir/nlsh" monitor -n "$ns" --json "$1" >"$dir/json" 2>"$dir/json.err" & pids+=($!)
	ip -n "$ns" monitor "$1" >"$dir/ip" 2>"$dir/ip.err" & pids+=($!)
	sleep 0.5 # let them join
}

# consumer_name text|json|ip OBJECT: how the tables name a consumer.
consumer_name() {
	case $1 in
	text) echo "nlsh monitor" ;;
	json) echo "nlsh monitor --json" ;;
	ip) echo "ip monitor $2" ;;
	esac
}

# apply_batches: run $dir/add, then $dir/del, with ip -batch in $ns.
apply_batches() {
	ip -n "$ns" -batch "$dir/add"
	ip -n "$ns" -batch "$dir/del"
}

# count text|json|ip OBJECT: the OBJECT (LINK, ROUTE) events a consumer
# printed into $dir/text, $dir/json or $dir/ip (for ip: an event's first line).
count() {
	case $1 in
	text) grep -c " RTM_\(NEW\|DEL\)$2 " "$dir/text" || true ;;
	json) grep -c "\"type\":\"RTM_\(NEW\|DEL\)$2\"" "$dir/json" || true ;;
	ip) grep -c '^[^[:space:]]' "$dir/ip" || true ;;
	esac
}

# overruns text|json|ip: the overruns a consumer reported.
overruns() {
	case $1 in
	text) grep -c 'overrun:' "$dir/text" || true ;;
	json) grep -c '"overrun":true' "$dir/json" || true ;;
	ip) cat "$dir/ip.err" "$dir/ip" | { grep -ci 'no buffer space\|overrun' || true; } ;;
	esac
}

# ratio TEXT JSON IP CPU_TEXT CPU_JSON CPU_IP: events per CPU-second of
# nlsh's text and --json output relative to ip monitor's.
ratio() {
	awk -v t="$1" -v j="$2" -v i="$3" -v ct="$4" -v cj="$5" -v ci="$6" 'BEGIN {
		if (ci > 0 && ct > 0 && cj > 0 && i > 0)
			printf "events per CPU-second relative to ip monitor: text %.2fx, --json %.2fx\n", (t / ct) / (i / ci), (j / cj) / (i / ci)
	}'
}
