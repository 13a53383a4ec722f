//go:build linux

package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nlsh/nlsh/nlsock/monitor"
)

const monitorUsage = `usage: nlsh monitor [-n NS | --netns PATH] [--all-netns] [--json] [--rcvbuf BYTES [--force]] [--resync] OBJECT...
Prints the kernel's events as they come, one line each: time, namespace,
message, summary (--json: one JSON object per line, with the message's
address family). OBJECT is a route group (link, address, route, neigh,
rule, nsid, nexthop, netconf, ipv6-route, ..., all), FAMILY:GROUP of
generic netlink (nlctrl:notify, netdev:mgmt: decoded by the family's YNL
spec), nftables, or conntrack (new, updated and destroyed entries). Options of nlsh before "monitor" (-n, --netns, --capture,
--specs) apply to it.
Loss is never silent: when the kernel drops events a line says
"overrun: the kernel dropped events (rcvbuf N bytes)"; --resync then
re-dumps what that socket watches (links, addresses, routes, neighbours,
rules, nexthops, tc qdiscs, classes and filters; nf_tables tables, chains,
sets, rules; a generic family's objects through the dump its YNL spec
pairs with the group's notifications, as netdev:mgmt's dev-get) and
prints what changed; a group it cannot re-dump gets a line saying why when
the monitor starts. Ctrl-C ends
with a summary on standard error.
Options:
  -n NAME          watch namespace /run/netns/NAME
  --netns PATH     watch the namespace at PATH
  --all-netns      also every other namespace (NETLINK_LISTEN_ALL_NSID):
                   each namespace named in /run/netns gets an nsid if it
                   has none; its events say /run/netns/NAME (JSON: "nsid")
  --json           JSON lines
  --rcvbuf BYTES   receive buffer (123456, 512K, 64M); default: raised to
                   32M (SO_RCVBUFFORCE when permitted, else up to rmem_max)
  --force          with --rcvbuf: SO_RCVBUFFORCE (needs CAP_NET_ADMIN)
  --resync         after an overrun, re-dump and print the differences
  --count N        stop after N events
  --duration D     stop after D (10s, 1m)
  --capture FILE   also record the monitor's traffic as pcap
  --specs DIR      look for YNL specs (NAME.yaml) in DIR first (may repeat;
                   then $NLSH_SPECS, /usr/share/ynl/specs)
  -q               no start line and no summary
`

const monitorHint = "usage: nlsh monitor [-n NS | --netns PATH] [--all-netns] [--json] [--rcvbuf BYTES [--force]] [--resync] OBJECT...; nlsh monitor --help for more\n"

// monitorArgs is the parsed command line of nlsh monitor.
type monitorArgs struct {
	nsOption
	json, force   bool
	resync, quiet bool
	allNetns      bool
	rcvbuf        int
	count         int
	duration      time.Duration
	capture       string
	specs         []string // YNL spec directories, for generic netlink events
	objects       []string
}

// byteSize parses 123456, 512K, 64M, 1G.
type byteSize struct{ n *int }

func (b byteSize) String() string { return "" }
func (b byteSize) Set(s string) error {
	mult := 1
	switch {
	case strings.HasSuffix(strings.ToUpper(s), "K"):
		mult, s = 1<<10, s[:len(s)-1]
	case strings.HasSuffix(strings.ToUpper(s), "M"):
		mult, s = 1<<20, s[:len(s)-1]
	case strings.HasSuffix(strings.ToUpper(s), "G"):
		mult, s = 1<<30, s[:len(s)-1]
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > (1<<31-1)/mult {
		return fmt.Errorf("bad size %q: want bytes like 4194304, 512K or 64M", s)
	}
	*b.n = n * mult
	return nil
}

func parseMonitorArgs(args []string) (*monitorArgs, error) {
	ma := &monitorArgs{}
	fs := flag.NewFlagSet("nlsh monitor", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&ma.nsName, "n", "", "")
	fs.StringVar(&ma.nsPath, "netns", "", "")
	fs.BoolVar(&ma.json, "json", false, "")
	fs.BoolVar(&ma.force, "force", false, "")
	fs.BoolVar(&ma.resync, "resync", false, "")
	fs.BoolVar(&ma.allNetns, "all-netns", false, "")
	fs.BoolVar(&ma.quiet, "q", false, "")
	fs.Var(byteSize{&ma.rcvbuf}, "rcvbuf", "")
	fs.IntVar(&ma.count, "count", 0, "")
	fs.DurationVar(&ma.duration, "duration", 0, "")
	fs.StringVar(&ma.capture, "capture", "", "")
	fs.Func("specs", "", func(dir string) error {
		if dir == "" {
			return errors.New("needs a non-empty argument")
		}
		ma.specs = append(ma.specs, dir)
		return nil
	})
	var err error
	if ma.objects, err = parseInterspersed(fs, args); err != nil {
		return nil, err
	}
	switch {
	case len(ma.objects) == 0:
		return nil, errors.New("nothing to monitor: give OBJECTs (link, address, route, neigh, rule, nsid, all, FAMILY:GROUP, nftables)")
	case ma.nsName != "" && ma.nsPath != "":
		return nil, errors.New("-n and --netns both name the namespace; give one")
	case ma.allNetns && ma.resync:
		return nil, errors.New("--resync re-dumps one namespace; it cannot follow --all-netns")
	case ma.force && ma.rcvbuf == 0:
		return nil, errors.New("--force goes with --rcvbuf BYTES")
	case ma.count < 0:
		return nil, errors.New("--count must be positive")
	case ma.duration < 0:
		return nil, fmt.Errorf("--duration must be positive, got %v", ma.duration)
	case emptyFlag(fs, "n", "netns", "capture"):
		return nil, errors.New("-n, --netns and --capture need a non-empty argument")
	}
	return ma, nil
}

// take applies the options given before "monitor" (nlsh -n NS monitor
// link); given on both sides they would contradict or repeat each other.
func (ma *monitorArgs) take(g globals) error {
	if g.nsName != "" || g.nsPath != "" {
		if ma.nsName != "" || ma.nsPath != "" {
			return errors.New("the namespace is given both before 'monitor' and after it; give it once")
		}
		ma.nsOption = g.nsOption
	}
	if g.capture != "" {
		if ma.capture != "" {
			return errors.New("--capture is given both before 'monitor' and after it; give it once")
		}
		ma.capture = g.capture
	}
	ma.specs = append(append([]string(nil), g.specs...), ma.specs...)
	return nil
}

// emptyFlag reports whether one of the named string flags was given as "".
func emptyFlag(fs *flag.FlagSet, names ...string) bool {
	empty := false
	fs.Visit(func(f *flag.Flag) {
		for _, n := range names {
			if f.Name == n && f.Value.String() == "" {
				empty = true
			}
		}
	})
	return empty
}

func runMonitor(g globals, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(stdout, monitorUsage)
		return exitOK
	}
	ma, err := parseMonitorArgs(args)
	if err == nil {
		err = ma.take(g)
	}
	if err != nil {
		fmt.Fprintf(stderr, "nlsh monitor: %v\n%s", err, monitorHint)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m, closeCapture, err := ma.open(ctx)
	if errors.Is(err, monitor.ErrUnknownObject) {
		fmt.Fprintf(stderr, "nlsh monitor: %v\n%s", err, monitorHint)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "nlsh monitor: %v\n", err)
		return exitError
	}
	defer closeCapture()
	defer m.Close()
	if !ma.quiet {
		var bufs []string
		for _, b := range m.Buffers() {
			bufs = append(bufs, b.String())
		}
		where := ma.netns().String()
		if ma.allNetns {
			where += " and every namespace with an nsid there"
		}
		fmt.Fprintf(stderr, "monitoring %s in %s; %s\n", strings.Join(ma.objects, ", "), where, strings.Join(bufs, "; "))
	}
	if ma.duration > 0 { // counted from here: opening is not watching
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, ma.duration)
		defer cancel()
	}
	code := ma.loop(ctx, m, stdout, stderr)
	if !ma.quiet {
		fmt.Fprintf(stderr, "summary: %s\n", m.Summary())
	}
	return code
}

// open resolves the objects and opens the monitor (and the capture).
func (ma *monitorArgs) open(ctx context.Context) (*monitor.Monitor, func(), error) {
	ns := ma.netns()
	opts := monitor.Options{NetNS: ns, ReadBuffer: ma.rcvbuf, Force: ma.force, Resync: ma.resync, SpecDirs: ma.specs, AllNetNS: ma.allNetns}
	var subs []monitor.Subscription
	for _, obj := range ma.objects {
		sub, err := monitor.Resolve(ctx, ns, obj)
		if err != nil {
			return nil, nil, err
		}
		subs = append(subs, sub)
	}
	capture, closeCapture, err := openCapture(ma.capture)
	if err != nil {
		return nil, nil, err
	}
	opts.Capture = capture
	m, err := monitor.Open(ctx, opts, subs...)
	if err != nil {
		closeCapture()
		return nil, nil, err
	}
	return m, closeCapture, nil
}

// loop prints events until ctx ends or --count is reached. Output is
// buffered while more events are waiting and flushed before blocking.
func (ma *monitorArgs) loop(ctx context.Context, m *monitor.Monitor, stdout, stderr io.Writer) int {
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	line := make([]byte, 0, 512)
	for n := 0; ma.count == 0 || n < ma.count; {
		if !m.Buffered() {
			if err := out.Flush(); err != nil {
				return exitOK // the reader went away (a closed pipe)
			}
		}
		ev, err := m.Next(ctx)
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				return exitOK // --duration is over, or Ctrl-C: Next's only ways to end
			}
			out.Flush()
			fmt.Fprintf(stderr, "nlsh monitor: %v\n", err)
			return exitError
		}
		if ma.json {
			line = monitor.AppendJSON(line[:0], &ev)
		} else {
			line = monitor.AppendText(line[:0], &ev)
		}
		out.Write(append(line, '\n'))
		if !ev.Overrun && !ev.Resync {
			n++
		}
	}
	return exitOK
}
