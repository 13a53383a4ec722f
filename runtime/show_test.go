package runtime

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

func TestScreenRows(t *testing.T) {
	for _, tt := range []struct {
		text  string
		width int
		want  int
	}{
		{"a\n", 10, 1}, {"a\nb\n", 10, 2}, {"\n", 10, 1}, {"0123456789\n", 10, 1},
		{"0123456789x\n", 10, 2}, {"ééééééééééé\n", 10, 2}, {"a\n\nb", 10, 3},
	} {
		if got := screenRows(tt.text, tt.width); got != tt.want {
			t.Errorf("screenRows(%q, %d) = %d, want %d", tt.text, tt.width, got, tt.want)
		}
	}
}

// TestTableViewOfEachKind shows real dumps of a namespace with show(): each
// kind of object gets its own columns, named in the header, and the footer
// names the kind.
func TestTableViewOfEachKind(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	var out bytes.Buffer
	s := New(Options{Stdout: &out, Stderr: &out, NetNS: ns.NetNS()})
	defer s.Close()
	setup := `
		r = assert(netlink.open("route"))
		for i = 0, 2 do
			assert(rtnl.link_add(r, {name = "v" .. i, kind = "veth", peer = "p" .. i}))
			assert(rtnl.link_set(r, "v" .. i, {up = true}))
			assert(rtnl.addr_add(r, "v" .. i, "10.0." .. i .. ".1/24"))
			assert(rtnl.addr_add(r, "v" .. i, "fd00:" .. i .. "::1/64"))
			assert(netns.exec(nil, {"ip", "neigh", "add", "10.0." .. i .. ".2", "lladdr", "02:00:00:00:00:0" .. i, "dev", "v" .. i}))
			assert(netns.exec(nil, {"ip", "neigh", "add", "10.0." .. i .. ".3", "lladdr", "02:00:00:00:01:0" .. i, "dev", "v" .. i}))
		end
		g = assert(netlink.open("generic"))
		d = assert(netlink.open("sock_diag"))
		-- five UDP sockets, alive 5 s (lo is down: bound to 0.0.0.0)
		assert(netns.exec(nil, {"sh", "-c", "python3 -c 'import socket,time\nl=[socket.socket(socket.AF_INET,socket.SOCK_DGRAM) for i in range(5)]\nfor i,x in enumerate(l): x.bind((\"0.0.0.0\",5300+i))\ntime.sleep(5)' >/dev/null 2>&1 &"}))
		for _ = 1, 200 do
			if #assert(diag.sockets(d, {family = "inet", protocol = "udp"})) == 5 then break end
			netns.exec(nil, {"sleep", "0.02"})
		end
	`
	if code, ok := s.RunString(setup, "setup"); !ok {
		t.Fatalf("setup: exit %d\n%s", code, out.String())
	}
	tests := []struct{ expr, header, noun string }{
		{"rtnl.links(r)", "IFINDEX NAME STATE MTU KIND ADDRESS", "links"},
		{"rtnl.addrs(r)", "IFINDEX FAMILY ADDRESS SCOPE LABEL", "addresses"},
		{"rtnl.routes(r)", "DST IFINDEX PREFSRC TABLE PROTOCOL SCOPE TYPE METRIC", "routes"},
		{"rtnl.neighbours(r, {family = 'inet'})", "IFINDEX DST LLADDR STATE FAMILY", "neighbours"},
		{"rtnl.rules(r)", "PRIORITY FAMILY TABLE ACTION", "rules"},
		{"genl.families(g)", "ID NAME VERSION OPS GROUPS", "families"},
		{"diag.sockets(d, {family = 'inet', protocol = 'udp'})", "NETID STATE RQUEUE WQUEUE LOCAL PEER UID INODE", "sockets"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			out.Reset()
			if code, ok := s.RunString("show("+tt.expr+")", "test"); !ok {
				t.Fatalf("exit %d\n%s", code, out.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if got := strings.Join(strings.Fields(lines[0]), " "); got != tt.header {
				t.Errorf("header %q, want %q\n%s", got, tt.header, out.String())
			}
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, "(") || !strings.Contains(last, " "+tt.noun+";") {
				t.Errorf("footer %q does not name %s", last, tt.noun)
			}
			for _, l := range lines {
				if len([]rune(l)) > tableFallback {
					t.Errorf("a line wider than %d columns: %q", tableFallback, l)
				}
			}
		})
	}
}

// TestLinksTableAgreesWithIP: the links table's NAME, STATE and ADDRESS
// columns say what `ip -br link` says.
func TestLinksTableAgreesWithIP(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	var out bytes.Buffer
	s := New(Options{Stdout: &out, Stderr: &out, NetNS: ns.NetNS()})
	defer s.Close()
	code, ok := s.RunString(`
		r = assert(netlink.open("route"))
		for i = 0, 4 do assert(rtnl.link_add(r, {name = "v" .. i, kind = "veth", peer = "p" .. i})) end
		assert(rtnl.link_set(r, "v0", {up = true}))
		assert(rtnl.link_set(r, "p0", {up = true}))`, "test")
	if !ok {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
	nlsocktest.WaitCarrier(t, ns.NetNS()) // so ip and the table see the same carrier
	code, ok = s.RunString(`
		local ok, br = assert(netns.exec(nil, {"ip", "-br", "link"}))
		io.write(br, "--\n")
		show(rtnl.links(r))`, "test")
	if !ok {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
	ipOut, table, _ := strings.Cut(out.String(), "--\n")
	want := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(ipOut), "\n") {
		f := strings.Fields(l) // name@peer state mac <flags>
		want[strings.Split(f[0], "@")[0]] = f[1] + " " + f[2]
	}
	lines := strings.Split(strings.TrimSpace(table), "\n")
	header := lines[0]
	col := func(line, name string) string {
		i := strings.Index(header, name)
		j := i + len(name)
		for j < len(header) && header[j] == ' ' {
			j++
		}
		if j >= len(header) {
			j = len(line)
		}
		return strings.TrimSpace(line[i:min(j, len(line))])
	}
	for _, l := range lines[1 : len(lines)-1] {
		name := col(l, "NAME")
		if got := col(l, "STATE") + " " + col(l, "ADDRESS"); got != want[name] {
			t.Errorf("%s: the table says %q, ip -br link %q", name, got, want[name])
		}
		delete(want, name)
	}
	if len(want) != 0 {
		t.Errorf("links ip shows and the table does not: %v\n%s", want, table)
	}
}
