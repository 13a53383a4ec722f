//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/pcap"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/ynlcmd"
)

const ynlUsage = `usage: nlsh ynl (--family NAME | --spec FILE) [request] [options]
A drop-in for the kernel's YNL CLI (tools/net/ynl/cli.py): calls any
netlink family a YNL spec describes, with a namespace option.
Request (one of):
  --do OP              run operation OP once
  --dump OP            dump OP
  --multi OP JSON      a do operation in a batch (repeat: one datagram)
  --json '{...}'       the request's attributes (binary as hex strings)
  --subscribe GROUP    print the group's notifications, one line each
  --sleep SECONDS      with --subscribe: listen this long (also --duration D)
Listing:
  --list-families      the families whose specs are found
  --list-ops           operations;  --list-msgs  all messages
  --list-attrs OP      OP's request and reply attributes, types and docs
  --policy OP          the kernel's policy for OP (nlctrl getpolicy); also
                       --policy --do OP or --dump OP, as the kernel's CLI
Output and flags:
  --output-json        one JSON line per result, as the kernel's CLI
  --create --excl --replace --append   NLM_F_ flags for the request
  --process-unknown    show attributes the spec lacks (the default;
                       --no-process-unknown fails on them)
nlsh's own:
  -n NAME / --netns PATH   run in network namespace /run/netns/NAME or PATH
  --specs DIR          look for NAME.yaml in DIR first (may repeat; then
                       $NLSH_SPECS, /usr/share/ynl/specs, $NLSH_KERNEL_YNL)
  --capture FILE       record the traffic as pcap
  --explain            dissect every datagram on standard error
  --rcvbuf BYTES       receive buffer of the socket (512K, 4M)
Example: nlsh ynl --family netdev --dump dev-get --output-json
`

const ynlHint = "usage: nlsh ynl (--family NAME | --spec FILE) [--do OP | --dump OP | --subscribe GROUP | --list-ops] [options]; nlsh ynl --help for more\n"

// ynlArgs is nlsh ynl's command line.
type ynlArgs struct {
	nsOption
	opts    ynlcmd.Options
	specs   []string
	capture string
}

// ynlFlags are the options that set an nlmsg flag.
var ynlFlags = map[string]uint16{
	"--create": nlsock.FlagCreate, "--excl": nlsock.FlagExcl,
	"--replace": nlsock.FlagReplace, "--append": nlsock.FlagAppend,
}

func parseYnlArgs(args []string) (*ynlArgs, error) {
	ya := &ynlArgs{}
	o := &ya.opts
	strOpts := map[string]*string{
		"--family": &o.Family, "--spec": &o.SpecFile, "--do": &o.Do, "--dump": &o.Dump,
		"--json": &o.JSON, "--subscribe": &o.Subscribe, "--list-attrs": &o.ListAttrs,
		"--policy": &o.Policy, "-n": &ya.nsName, "--netns": &ya.nsPath, "--capture": &ya.capture,
	}
	boolOpts := map[string]*bool{
		"--list-families": &o.ListFamilies, "--list-ops": &o.ListOps, "--list-msgs": &o.ListMsgs,
		"--output-json": &o.OutputJSON, "--explain": &o.Explain,
	}
	policyOfOp := false
	for i := 0; i < len(args); i++ {
		name, val, hasVal := strings.Cut(args[i], "=")
		next := func() (string, error) {
			if hasVal {
				return val, nil
			}
			// an option is never an option's value: "--family --dump x"
			// lacks the family, as argparse (the kernel's CLI) says
			if i+1 >= len(args) || strings.HasPrefix(args[i+1], "--") {
				return "", fmt.Errorf("option '%s' needs an argument", name)
			}
			i++
			return args[i], nil
		}
		var err error
		var v string
		switch {
		case name == "--policy" && !hasVal && (i+1 >= len(args) || strings.HasPrefix(args[i+1], "--")):
			policyOfOp = true // the kernel CLI's form: --policy --do OP
		case strOpts[name] != nil:
			if v, err = next(); err == nil && v == "" {
				err = fmt.Errorf("option '%s' needs a non-empty argument", name)
			}
			*strOpts[name] = v
		case boolOpts[name] != nil && !hasVal:
			*boolOpts[name] = true
		case ynlFlags[name] != 0 && !hasVal:
			o.Flags |= ynlFlags[name]
		case name == "--process-unknown" && !hasVal:
			o.NoUnknown = false
		case name == "--no-process-unknown" && !hasVal:
			o.NoUnknown = true
		case name == "--no-schema" && !hasVal:
			// nlsh never validates specs against the schema
		case name == "--specs":
			if v, err = next(); err == nil && v == "" {
				err = errors.New("option '--specs' needs a non-empty argument")
			}
			ya.specs = append(ya.specs, v)
		case name == "--multi" && !hasVal:
			if i+2 >= len(args) {
				return nil, errors.New("option '--multi' needs two arguments: OP JSON")
			}
			o.Multi = append(o.Multi, ynlcmd.MultiOp{Op: args[i+1], JSON: args[i+2]})
			i += 2
		case name == "--sleep":
			if v, err = next(); err == nil {
				o.Duration, err = seconds(v)
			}
		case name == "--duration":
			if v, err = next(); err == nil {
				o.Duration, err = duration(v)
			}
		case name == "--rcvbuf":
			if v, err = next(); err == nil {
				err = byteSize{&o.ReadBuffer}.Set(v)
			}
		default:
			err = fmt.Errorf("unrecognized option '%s'", args[i])
		}
		if err != nil {
			return nil, err
		}
	}
	if ya.nsName != "" && ya.nsPath != "" {
		return nil, errors.New("-n and --netns both name the namespace; give one")
	}
	if policyOfOp {
		if err := ya.policyOfOp(); err != nil {
			return nil, err
		}
	}
	return ya, nil
}

// policyOfOp reads the kernel CLI's "--policy --do OP" (or --dump): the
// policy of OP is shown instead of running it.
func (ya *ynlArgs) policyOfOp() error {
	o := &ya.opts
	if o.Policy != "" || o.Do != "" && o.Dump != "" || o.Do == "" && o.Dump == "" {
		return errors.New("--policy takes one operation: --policy OP, or --policy with one --do OP or --dump OP")
	}
	o.Policy = o.Do + o.Dump
	o.Do, o.Dump = "", ""
	return nil
}

// seconds reads --sleep as the kernel's CLI does (whole seconds), also
// with a fraction.
func seconds(s string) (time.Duration, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e6 {
		return 0, fmt.Errorf("--sleep takes seconds, not %q", s)
	}
	return time.Duration(f * float64(time.Second)), nil
}

// duration reads --duration: 10s, 1m, or seconds.
func duration(s string) (time.Duration, error) {
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return d, nil
	}
	d, err := seconds(s)
	if err != nil {
		return 0, fmt.Errorf("--duration takes a duration like 10s or 1m, not %q", s)
	}
	return d, nil
}

// specDirs is where --family and --list-families look: --specs, then
// $NLSH_SPECS and the system directories, then the kernel tree's specs
// when $NLSH_KERNEL_YNL names one.
func (ya *ynlArgs) specDirs() []string {
	dirs := ynl.SearchPath(ya.specs...)
	if k := os.Getenv("NLSH_KERNEL_YNL"); k != "" {
		dirs = append(dirs, filepath.Join(k, "Documentation", "netlink", "specs"))
	}
	return dirs
}

func runYnl(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(stdout, ynlUsage)
		return exitOK
	}
	ya, err := parseYnlArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "nlsh ynl: %v\n%s", err, ynlHint)
		return exitUsage
	}
	o := ya.opts
	o.SpecDirs, o.NetNS, o.Stdout, o.Stderr = ya.specDirs(), ya.netns(), stdout, stderr
	if ya.capture != "" {
		w, err := pcap.Create(ya.capture)
		if err != nil {
			fmt.Fprintf(stderr, "nlsh ynl: %v\n", err)
			return exitError
		}
		defer w.Close()
		o.Capture = w
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = ynlcmd.Run(ctx, o)
	switch {
	case errors.Is(err, ynlcmd.ErrUsage):
		fmt.Fprintf(stderr, "nlsh ynl: %s\n%s", strings.TrimPrefix(err.Error(), "usage: "), ynlHint)
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "nlsh ynl: %v\n", err)
		return exitError
	}
	return exitOK
}
