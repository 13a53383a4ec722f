//go:build linux

package main

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

const usage = `usage: nlsh [options] [script [args...]]
       nlsh [-n NAME | --netns PATH] [--capture FILE] [--specs DIR] test|monitor|explain|ynl|help|completion ...
       nlsh ynl --family NAME --do|--dump OP [--json '{...}'] [-n NS]
                 (the kernel's YNL CLI, with namespaces; nlsh ynl --help)
Options:
  -e CODE        run CODE (may repeat; runs in order)
  -l NAME        require module NAME into global NAME
  -i             enter the REPL after running the script or -e code
  -j             print the values each -e chunk, the script and the REPL
                 return as JSON, one line per value
  -n NAME        default network namespace /run/netns/NAME for netlink.open
  --netns PATH   default network namespace at PATH
  -              read the script from standard input
  --             stop handling options
  --capture FILE record every netlink message of the session as pcap
  --specs DIR    look for ynl family specs (NAME.yaml) in DIR first (may
                 repeat; then $NLSH_SPECS, /usr/share/ynl/specs)
  --version      print the version
  -h, --help     print this help
With no script and no -e, nlsh starts the REPL (or runs standard input when
it is not a terminal). Exit status: 0 ok, 1 script error, 2 usage.
`

const usageHint = "usage: nlsh [options] [script [args...]]; nlsh --help for more\n"

// action is one -e or -l, run in command-line order.
type action struct {
	text    string
	require bool
}

// cmdline is the parsed command line.
type cmdline struct {
	argv        []string // the arguments as given
	actions     []action
	interactive bool
	json        bool // -j
	nsOption
	capture  string   // --capture FILE (capture.go)
	specs    []string // --specs DIR, for the ynl module
	script   string   // "" none, "-" stdin
	scriptAt int      // index of script in argv
	help     bool
	version  bool
	given    []string // the options given, by name ("-n", "--specs"), in order
	sub      string   // a subcommand after the options ("monitor"), or ""
	subArgs  []string // its arguments
}

// nonEmpty are the options whose value may not be empty: an empty one
// would silently mean the host's namespace, no capture or the current
// directory.
var nonEmpty = map[string]bool{"-n": true, "--netns": true, "--capture": true, "--specs": true}

// longOptions are the options spelt with two dashes.
var longOptions = map[string]bool{"--netns": true, "--capture": true, "--specs": true, "--version": true, "--help": true}

// parseArgs reads options up to the script name, like lua: everything after
// the script belongs to it.
func parseArgs(args []string) (*cmdline, error) {
	cl := &cmdline{argv: args}
	for i := 0; i < len(args); i++ {
		a := args[i]
		value := func(opt string) (string, error) {
			if len(a) > len(opt) && !strings.HasPrefix(opt, "--") {
				return a[len(opt):], nil
			}
			if i := strings.IndexByte(a, '='); i >= 0 && strings.HasPrefix(opt, "--") {
				return a[i+1:], nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("option '%s' needs an argument", opt)
			}
			i++
			return args[i], nil
		}
		var err error
		var v string
		if long := "-" + strings.SplitN(a, "=", 2)[0]; !strings.HasPrefix(a, "--") && longOptions[long] {
			// -netns would otherwise read as -n "etns" and its path as the script
			return nil, fmt.Errorf("unrecognized option '%s' (did you mean '%s'?)", a, long)
		}
		switch {
		case a == "--":
			if i+1 < len(args) {
				cl.script, cl.scriptAt = args[i+1], i+1
			}
			return cl, cl.checkNS()
		case subcommands[a] != nil:
			cl.sub, cl.subArgs = a, args[i+1:]
			return cl, cl.checkNS()
		case a == "-" || !strings.HasPrefix(a, "-"):
			cl.script, cl.scriptAt = a, i
			return cl, cl.checkNS()
		case strings.HasPrefix(a, "-e"):
			v, err = value("-e")
			cl.actions = append(cl.actions, action{text: v})
		case strings.HasPrefix(a, "-l"):
			v, err = value("-l")
			cl.actions = append(cl.actions, action{text: v, require: true})
		case a == "-i":
			cl.interactive = true
		case a == "-j":
			cl.json = true
		case strings.HasPrefix(a, "-n") && !strings.HasPrefix(a, "--"):
			v, err = value("-n")
			cl.nsName = v
		case a == "--capture" || strings.HasPrefix(a, "--capture="):
			v, err = value("--capture")
			cl.capture = v
		case a == "--specs" || strings.HasPrefix(a, "--specs="):
			v, err = value("--specs")
			cl.specs = append(cl.specs, v)
		case a == "--netns" || strings.HasPrefix(a, "--netns="):
			v, err = value("--netns")
			cl.nsPath = v
		case a == "--version":
			cl.version = true
		case a == "-h" || a == "--help":
			cl.help = true
		default:
			err = fmt.Errorf("unrecognized option '%s'", a)
		}
		if err == nil && v == "" && nonEmpty[strings.SplitN(a, "=", 2)[0]] {
			err = fmt.Errorf("option '%s' needs a non-empty argument", strings.SplitN(a, "=", 2)[0])
		}
		if err != nil {
			return nil, err
		}
		cl.given = append(cl.given, optionName(a))
	}
	return cl, cl.checkNS()
}

// optionName is the option a spells: "-n" for -nfoo, "--netns" for --netns=x.
func optionName(a string) string {
	if strings.HasPrefix(a, "--") {
		return strings.SplitN(a, "=", 2)[0]
	}
	return a[:min(len(a), 2)]
}

func (cl *cmdline) checkNS() error {
	if cl.nsName != "" && cl.nsPath != "" {
		return fmt.Errorf("-n and --netns both name the default namespace; give one")
	}
	return nil
}

// scriptIndex is the index in ["nlsh", args...] that becomes arg[0]: the
// script's, or 0 (the program) when there is none.
func (cl *cmdline) scriptIndex() int {
	if cl.script == "" {
		return 0
	}
	return cl.scriptAt + 1
}

// nsOption is -n NAME and --netns PATH, as nlsh and nlsh monitor take them.
type nsOption struct {
	nsName string // -n
	nsPath string // --netns
}

// netns is the namespace -n/--netns name, the host's by default.
func (o nsOption) netns() nlsock.NetNS {
	switch {
	case o.nsName != "":
		return nlsock.Name(o.nsName)
	case o.nsPath != "":
		return nlsock.Path(o.nsPath)
	}
	return nlsock.Host()
}
