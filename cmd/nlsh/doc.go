// Command nlsh is a Lua shell with netlink built in.
//
//	nlsh                      the REPL (line editing, history, completion)
//	nlsh FILE [ARGS...]       run a script; arg[0] is FILE, ... are ARGS
//	nlsh -e CODE [-e CODE]    run chunks in order
//	nlsh -i FILE | -e CODE -i run, then the REPL with the same globals
//	nlsh -                    run standard input
//	nlsh -n NAME | --netns P  default network namespace for netlink.open
//	nlsh test|monitor|explain subcommands
//	nlsh help [TOPIC]         the reference (docs/reference.md); --man: nlsh(1)
//	nlsh completion SHELL     a bash, zsh or fish completion script
//	nlsh ynl ...              the kernel's YNL CLI (cli.py), with -n
//
// Exit status: 0 success, 1 a script raised an error (message and Lua
// traceback on standard error), 2 bad usage, 130 interrupted. os.exit(n)
// exits with n after closing every socket. NLSH_DEBUG=1 adds Go stacks to
// internal errors. History lives in $XDG_STATE_HOME/nlsh/history (default
// ~/.local/state/nlsh/history).
//
// main is a few lines around run(args, stdin, stdout, stderr), which the
// transcript tests (testdata/*.transcript) call directly; the pty tests type
// into the built binary. Start-up: `go build` links libc dynamically because
// the net package (used by readline and netlink) is built with cgo; a
// CGO_ENABLED=0 build starts about 0.5 ms sooner (scripts/startup.sh).
package main
