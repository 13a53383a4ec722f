package nfnl

import (
	"bufio"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// conntrackLines runs conntrack -L -o extended,id in ns for family ("ipv4",
// "ipv6") and returns each entry as ctLine writes it, sorted.
func conntrackLines(t *testing.T, ns nlsock.NetNS, family string) []string {
	t.Helper()
	cmd := exec.Command("conntrack", "-L", "-f", family, "-o", "extended,id")
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := ns.Run(cmd); err != nil {
		t.Fatalf("conntrack -L: %v\n%s", err, errb.String())
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if l == "" {
			continue
		}
		f := strings.Fields(l)
		// ipv4 2 tcp 6 TIMEOUT [STATE] key=val ... [FLAGS] ...
		e := ctEntry{family: f[0], proto: f[2], flags: map[string]bool{}}
		tuple := -1
		top := false
		for _, w := range f[5:] {
			k, v, isPair := strings.Cut(w, "=")
			switch {
			case !isPair && strings.HasPrefix(w, "["):
				e.flags[strings.Trim(w, "[]")] = true
			case !isPair:
				e.state = w
			case k == "src" && !top:
				tuple++
				e.tuples[tuple] = map[string]string{}
				e.tuples[tuple][k] = v
			case k == "mark" || top:
				top = true
				e.top = append(e.top, k+"="+v)
			default:
				e.tuples[tuple][k] = v
			}
		}
		lines = append(lines, e.String())
	}
	sort.Strings(lines)
	return lines
}

// ctEntry is one conntrack entry in a form both tools' output reduce to
// (without the timeout, which runs down between the two listings).
type ctEntry struct {
	family, proto, state string
	tuples               [2]map[string]string
	flags                map[string]bool
	top                  []string // mark=, zone=, use=, id= in conntrack's order
}

func (e ctEntry) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s", e.family, e.proto, e.state)
	for _, t := range e.tuples {
		for _, k := range []string{"src", "dst", "sport", "dport", "type", "code", "id", "packets", "bytes", "zone"} {
			if v, ok := t[k]; ok {
				fmt.Fprintf(&b, " %s=%s", k, v)
			}
		}
		b.WriteString(" |")
	}
	for _, f := range []string{"UNREPLIED", "ASSURED"} {
		if e.flags[f] {
			fmt.Fprintf(&b, " [%s]", f)
		}
	}
	b.WriteString(" " + strings.Join(e.top, " "))
	return b.String()
}

// nlshCtLine writes an entry of nfnl.conntrack as conntrack's is written.
func nlshCtLine(c ynl.Attrs) string {
	e := ctEntry{family: map[any]string{"inet": "ipv4", "inet6": "ipv6"}[c["family"]], flags: map[string]bool{}}
	e.proto, _ = c["protocol"].(string)
	if st, ok := c["state"].(string); ok {
		e.state = st
	}
	num := func(v any) string {
		if f, ok := v.(float64); ok {
			return fmt.Sprintf("%.0f", f)
		}
		return fmt.Sprint(v)
	}
	counters, _ := c["counters"].(ynl.Attrs)
	for i, dir := range []string{"orig", "reply"} {
		t, _ := c[dir].(ynl.Attrs)
		e.tuples[i] = map[string]string{}
		for from, to := range map[string]string{"src": "src", "dst": "dst", "sport": "sport", "dport": "dport",
			"icmp_type": "type", "icmp_code": "code", "icmp_id": "id", "zone": "zone"} {
			if v, ok := t[from]; ok {
				e.tuples[i][to] = num(v)
			}
		}
		if cd, ok := counters[dir].(ynl.Attrs); ok {
			e.tuples[i]["packets"], e.tuples[i]["bytes"] = num(cd["packets"]), num(cd["bytes"])
		}
	}
	status := map[string]bool{}
	for _, s := range c["status"].([]any) {
		status[fmt.Sprint(s)] = true
	}
	e.flags["UNREPLIED"] = !status["SEEN_REPLY"]
	e.flags["ASSURED"] = status["ASSURED"]
	e.top = append(e.top, "mark="+num(c["mark"]))
	if z, ok := c["zone"]; ok {
		e.top = append(e.top, "zone="+num(z))
	}
	e.top = append(e.top, "use="+num(c["use"]), "id="+num(c["id"]))
	return e.String()
}

// nfnl.conntrack agrees with conntrack -L on entries made by real traffic
// between two namespaces (ICMP echo, a TCP connection, UDP both ways,
// IPv6 UDP), counters included; nfnl.conntrack_flush empties the table as
// conntrack -L sees it.
func TestConntrackAgreesWithConntrackTool(t *testing.T) {
	nlsocktest.LookPath(t, "conntrack", "conntrack")
	a, b := nlsocktest.NewNamespace(t).NetNS(), nlsocktest.NewNamespace(t).NetNS()
	holder := exec.Command("sleep", "60") // holds b for ip's "netns PID"
	if err := b.Start(holder); err != nil {
		t.Fatal(err)
	}
	defer holder.Wait()
	defer holder.Process.Kill()
	for _, c := range []string{
		"ip link set lo up", fmt.Sprintf("ip link add ca type veth peer name cb netns %d", holder.Process.Pid),
		"ip addr add 10.9.0.1/24 dev ca", "ip -6 addr add fd00::1/64 dev ca nodad", "ip link set ca up",
		"sysctl -qw net.netfilter.nf_conntrack_acct=1",
		// conntrack runs in a namespace once a rule uses it
		"nft add table inet t", "nft add chain inet t c { type filter hook output priority 0 ; }",
		"nft add rule inet t c ct state new counter",
	} {
		luabindtest.IPRun(t, a, strings.Fields(c)...)
	}
	for _, c := range []string{"ip link set lo up", "ip addr add 10.9.0.2/24 dev cb",
		"ip -6 addr add fd00::2/64 dev cb nodad", "ip link set cb up"} {
		luabindtest.IPRun(t, b, strings.Fields(c)...)
	}
	server := exec.Command("python3", "-c", `
import socket, sys
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); l.bind(("10.9.0.2", 8080)); l.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("10.9.0.2", 5300))
print("ready", flush=True)
c, _ = l.accept(); c.recv(10)
d, addr = u.recvfrom(10); u.sendto(b"pong", addr)
sys.stdin.read()`)
	client := exec.Command("python3", "-c", `
import socket, struct, sys
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); r.settimeout(2)
echo = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1) + b"abcd"
r.sendto(echo[:2] + struct.pack("!H", csum(echo)) + echo[4:], ("10.9.0.2", 0)); r.recv(100)
t = socket.create_connection(("10.9.0.2", 8080)); t.send(b"hi")
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(2); u.sendto(b"ping", ("10.9.0.2", 5300)); u.recv(10)
v = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); v.sendto(b"x", ("fd00::2", 5353))
print("ready", flush=True)
sys.stdin.read()`)
	for _, p := range []struct {
		cmd *exec.Cmd
		ns  nlsock.NetNS
	}{{server, b}, {client, a}} {
		stdin, _ := p.cmd.StdinPipe()
		stdout, _ := p.cmd.StdoutPipe()
		var errb strings.Builder
		p.cmd.Stderr = &errb
		if err := p.ns.Start(p.cmd); err != nil {
			t.Fatal(err)
		}
		defer p.cmd.Wait()
		defer stdin.Close()
		if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "ready\n" {
			stdin.Close()
			p.cmd.Wait()
			t.Fatalf("traffic helper: %q\n%s", line, errb.String())
		}
	}
	L, _ := newState(t, a)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("netfilter"))`)
	for _, fam := range []string{"ipv4", "ipv6"} {
		want := conntrackLines(t, a, fam)
		var got []string
		for _, c := range luabindtest.LuaObjects(t, L, `nfnl.conntrack(s, {family = "`+fam+`"})`) {
			got = append(got, nlshCtLine(c))
		}
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%s: nfnl.conntrack:\n%s\nconntrack -L:\n%s", fam, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		min := map[string]int{"ipv4": 3, "ipv6": 1}[fam]
		if len(got) < min {
			t.Fatalf("%s: %d entries, want at least %d (icmp, tcp, udp):\n%s", fam, len(got), min, strings.Join(got, "\n"))
		}
	}
	luabindtest.MustRun(t, L, `
		local tcp
		for _, c in ipairs(assert(nfnl.conntrack(s))) do if c.protocol == "tcp" then tcp = c end end
		assert(tcp and tcp.state == "ESTABLISHED" and tcp.orig.dport == 8080 and tcp.reply.sport == 8080, "tcp entry")
		assert(tcp.timeout > 0 and tcp.protonum == 6 and tcp.orig.proto == 6, "tcp fields")
		assert(#assert(nfnl.conntrack(s, {mark = 7})) == 0, "a mark filter selects none")
		assert(nfnl.conntrack_flush(s, {family = "inet6"}))
		assert(#assert(nfnl.conntrack(s, {family = "inet6"})) == 0, "inet6 flushed")
		assert(#assert(nfnl.conntrack(s, {family = "inet"})) >= 3, "inet kept")
		assert(nfnl.conntrack_flush(s))
	`)
	for _, fam := range []string{"ipv4", "ipv6"} {
		if left := conntrackLines(t, a, fam); len(left) != 0 {
			t.Fatalf("%s: conntrack -L after nfnl.conntrack_flush:\n%s", fam, strings.Join(left, "\n"))
		}
	}
}

func TestConntrackArgumentErrors(t *testing.T) {
	L, _ := luabindtest.NewState(t, luabindtest.KernelOrFakeOptions(t), Module)
	luabindtest.MustRun(t, L, `s = assert(netlink.open("netfilter")); r = assert(netlink.open("route"))`)
	for code, want := range map[string]string{
		`nfnl.conntrack(s, {family = "inet5"})`: `"inet5" is not "inet" or "inet6"`,
		`nfnl.conntrack(s, {nope = 1})`:         "unknown field nope",
		`nfnl.conntrack(s, {mark_mask = 1})`:    "'mark_mask' needs a mark",
		`nfnl.conntrack(s, {zone = 70000})`:     "field 'zone' must be an integer from 0 to 65535",
		`nfnl.conntrack_flush(s, {zone = 1})`:   "unknown field zone",
		`nfnl.conntrack(r)`:                     "netfilter socket expected",
	} {
		luabindtest.WantError(t, L, code, want)
	}
}

// A conntrack event's m.body is the table nfnl.conntrack gives: an entry
// inserted by conntrack -I, then destroyed by conntrack -D.
func TestConntrackEventBody(t *testing.T) {
	nlsocktest.LookPath(t, "conntrack", "conntrack")
	ns := nlsocktest.NewNamespace(t).NetNS()
	L, _ := newState(t, ns)
	luabindtest.MustRun(t, L, `ev = assert(netlink.open("netfilter")); assert(ev:join("conntrack-new")); assert(ev:join("conntrack-destroy"))`)
	luabindtest.IPRun(t, ns, strings.Fields("conntrack -I -p udp -s 10.0.0.1 -d 10.0.0.2 --sport 5000 --dport 53 -t 30 -m 9")...)
	luabindtest.MustRun(t, L, `
		local m = assert(ev:recv(2))
		assert(m.body and m.body.protocol == "udp" and m.body.orig.dport == 53 and m.body.mark == 9 and m.body.event == nil,
			"new entry body")
	`)
	luabindtest.IPRun(t, ns, strings.Fields("conntrack -D -p udp -s 10.0.0.1")...)
	luabindtest.MustRun(t, L, `
		local m = assert(ev:recv(2))
		assert(m.body and m.body.event == "destroy" and m.body.orig.sport == 5000, "destroyed entry body")
	`)
}
