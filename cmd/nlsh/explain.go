//go:build linux

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/nlsh/nlsh/nlsock/pcap"
	nlrt "github.com/nlsh/nlsh/runtime"
)

const explainUsage = `usage: nlsh explain FILE.pcap...
Dissects every message of a netlink capture (nlsh's --capture or
sock:capture, or an nlmon device's tcpdump -w), record by record:
direction, protocol, time since the first record, then netlink.explain.
`

// explainChunk prints each record's heading and each message's dissection
// (netlink.explain, nlsock/explain).
const explainChunk = `
local names = {}
for _, n in ipairs{"ROUTE", "USERSOCK", "FIREWALL", "SOCK_DIAG", "NFLOG", "XFRM", "SELINUX",
		"ISCSI", "AUDIT", "FIB_LOOKUP", "CONNECTOR", "NETFILTER", "IP6_FW", "DNRTMSG",
		"KOBJECT_UEVENT", "GENERIC", "SCSITRANSPORT", "ECRYPTFS", "RDMA", "CRYPTO", "SMC"} do
	if netlink[n] then names[netlink[n]] = n:lower() end
end
local families = {}
for i = 1, #arg do
	local msgs, err, _, before = netlink.pcap(arg[i])
	if not msgs and not before then error(err, 0) end
	msgs = msgs or before -- a damaged capture: what precedes the damage
	if #arg > 1 then print("== " .. arg[i]) end
	local last, t0
	for _, m in ipairs(msgs) do
		t0 = t0 or m.time
		if m.record ~= last then
			last = m.record
			print(("record %d  %s  %s  +%.6fs"):format(m.record, m.direction,
				names[m.proto] or ("protocol " .. m.proto), m.time - t0))
		end
		if m.proto == netlink.GENERIC and m.type == 16 and m.body and m.body.id and m.body.name then
			families[m.body.id] = m.body.name -- nlctrl told us a family's id
		end
		print(netlink.explain(m, m.proto, {families = families}))
	end
end
`

func runExplain(g globals, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(stdout, explainUsage)
		return exitOK
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, "nlsh explain: give one or more capture files\n"+explainUsage)
		return exitUsage
	}
	for _, a := range args {
		if strings.HasPrefix(a, "-") && a != "-" {
			fmt.Fprintf(stderr, "nlsh explain: unrecognized option '%s' (it takes only capture files)\n%s", a, explainUsage)
			return exitUsage
		}
	}
	var damaged []string
	for _, path := range args {
		recs, err := pcap.ReadFile(path)
		switch {
		case err != nil && len(recs) == 0:
			fmt.Fprintf(stderr, "nlsh explain: %v\n", err)
			return exitError
		case err != nil: // explained up to the damage, then reported
			damaged = append(damaged, fmt.Sprintf("%v (the %d records before it are shown)", err, len(recs)))
		}
	}
	s := nlrt.New(nlrt.Options{Stdout: stdout, Stderr: stderr, SpecDirs: g.specs})
	defer s.Close()
	s.SetArgs(append([]string{"explain"}, args...), 0)
	code, _ := s.RunString(explainChunk, "nlsh explain")
	for _, d := range damaged {
		fmt.Fprintf(stderr, "nlsh explain: %s\n", d)
		code = exitError
	}
	return code
}
