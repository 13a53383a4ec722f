package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestExplainAgreesWithTshark records route, generic, netfilter and
// sock_diag traffic with nlsh --capture in a fresh namespace, then reads
// the capture twice: with nlsh explain and with Wireshark (tshark -T json
// -x, whose raw fields carry their byte offsets). Every field both decode
// at the same offset of the same message is compared: explain's name
// mapped to Wireshark's, and the values (numbers, strings, addresses). An
// attribute's length and type number are compared wherever Wireshark
// dissects the attribute. Explain's golden files are its own output; this
// is the check by an independent decoder.
func TestExplainAgreesWithTshark(t *testing.T) {
	tshark := nlsocktest.LookPath(t, "tshark", "tshark")
	for _, tool := range [][2]string{{"nft", "nftables"}, {"python3", "python3"}, {"ip", "iproute2"}} {
		nlsocktest.LookPath(t, tool[0], tool[1])
	}
	ns := nlsocktest.NewNamespace(t).NetNS()
	for _, args := range [][]string{
		{"ip", "link", "set", "lo", "up"},
		{"ip", "link", "add", "tw0", "type", "veth", "peer", "name", "tw1"},
		{"ip", "addr", "add", "10.7.0.1/24", "dev", "tw0"},
		{"ip", "addr", "add", "fd00:7::1/64", "dev", "tw0", "nodad"},
		{"ip", "link", "set", "tw0", "up"},
		{"ip", "link", "set", "tw1", "up"},
		{"ip", "route", "add", "10.6.0.0/16", "via", "10.7.0.2"},
		{"ip", "neigh", "add", "10.7.0.3", "lladdr", "02:00:00:00:00:03", "dev", "tw0"},
		{"nft", "add table ip demo; add chain ip demo c { type filter hook input priority 0; }; add rule ip demo c tcp dport 22 accept"},
	} {
		cmd := exec.Command(args[0], args[1:]...)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := ns.Run(cmd); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
	path := startListener(t, ns)
	capture := filepath.Join(t.TempDir(), "session.pcap")
	runExample(t, "--netns", path, "--capture", capture, "-e", `
		local r = assert(netlink.open("route"))
		assert(rtnl.links(r)); assert(rtnl.addrs(r)); assert(rtnl.routes(r))
		assert(rtnl.neighbours(r)); assert(rtnl.rules(r))
		local g = assert(netlink.open("generic"))
		assert(genl.families(g))
		local n = assert(netlink.open("netfilter"))
		assert(nfnl.tables(n)); assert(nfnl.chains(n))
		local d = assert(netlink.open("sock_diag"))
		assert(#assert(diag.sockets(d, {family = "inet", protocol = "tcp"})) == 1)
	`)
	explained := parseExplain(t, runExample(t, "explain", capture))
	out, err := exec.Command(tshark, "-r", capture, "-T", "json", "-x", "--no-duplicate-keys").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	frames := parseTshark(t, out)
	if len(frames) != len(explained) {
		t.Fatalf("tshark read %d frames, explain %d records", len(frames), len(explained))
	}
	compared := map[string]int{}
	for i := range frames {
		if len(frames[i]) != len(explained[i]) {
			t.Errorf("record %d: tshark sees %d messages, explain %d", i+1, len(frames[i]), len(explained[i]))
			continue
		}
		for j, msg := range explained[i] {
			compareMessage(t, fmt.Sprintf("record %d message %d (%s)", i+1, j+1, msg.title), msg, frames[i][j], compared)
		}
	}
	t.Logf("fields compared with tshark: %v", compared)
	// Enough of each protocol that the comparison cannot pass by matching
	// nothing: what Wireshark dissects of each, in this session.
	for proto, least := range map[string]int{"route": 300, "generic": 100, "netfilter": 20, "sock_diag": 20} {
		if compared[proto] < least {
			t.Errorf("%d %s fields compared with tshark, want at least %d", compared[proto], proto, least)
		}
	}
}

// startListener starts a process holding a listening TCP socket inside ns
// (for sock_diag to find) and returns the path of its network namespace.
func startListener(t *testing.T, ns nlsock.NetNS) string {
	t.Helper()
	holder := exec.Command("python3", "-c",
		"import socket,sys; l=socket.socket(); l.bind(('127.0.0.1', 4321)); l.listen(3); print('ready', flush=True); sys.stdin.read()")
	stdin, _ := holder.StdinPipe()
	stdout, _ := holder.StdoutPipe()
	if err := ns.Start(holder); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); holder.Wait() })
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "ready\n" {
		t.Fatalf("socket holder: %q %v", line, err)
	}
	return fmt.Sprintf("/proc/%d/ns/net", holder.Process.Pid)
}

// explainedMsg is one message of nlsh explain's output.
type explainedMsg struct {
	proto, title string
	fields       []explainedField
}

// explainedField is one line of explain that describes bytes.
type explainedField struct {
	off        int
	name       string
	attr       bool // an attribute: typ and length are set
	typ, alen  int
	value      string // "" for a nest
	headerLine string
}

var (
	explainRecord  = regexp.MustCompile(`^record \d+ `)
	explainMessage = regexp.MustCompile(`^(\w+): (.*) message, \d+ bytes`)
	explainField   = regexp.MustCompile(`^\s*(\d+) {4} *(attribute \d+|\S+) +(.*)$`)
	explainAttr    = regexp.MustCompile(`^\(type (\d+)(?:, [A-Z_|]+)?\) len (\d+)(?:: (.*)|, nested:.*)?$`)
	hexBytes       = regexp.MustCompile(`^[0-9a-f]{2}$`)
)

// parseExplain splits nlsh explain's output into records of messages.
func parseExplain(t *testing.T, out string) [][]explainedMsg {
	t.Helper()
	var recs [][]explainedMsg
	var cur *explainedMsg
	hexdump := false
	for _, line := range strings.Split(out, "\n") {
		switch {
		case explainRecord.MatchString(line):
			recs = append(recs, nil)
			cur, hexdump = nil, false
			continue
		case strings.HasPrefix(line, "hex dump"):
			hexdump = true
			continue
		}
		if m := explainMessage.FindStringSubmatch(line); m != nil && len(recs) > 0 {
			recs[len(recs)-1] = append(recs[len(recs)-1], explainedMsg{proto: m[1], title: m[2]})
			last := recs[len(recs)-1]
			cur, hexdump = &last[len(last)-1], false
			continue
		}
		m := explainField.FindStringSubmatch(line)
		if m == nil || cur == nil || hexdump || hexBytes.MatchString(m[2]) {
			continue // not a field (a struct's bytes continue on lines of hex)
		}
		off, _ := strconv.Atoi(m[1])
		f := explainedField{off: off, name: m[2], value: m[3], headerLine: line}
		if a := explainAttr.FindStringSubmatch(m[3]); a != nil {
			f.attr = true
			f.typ, _ = strconv.Atoi(a[1])
			f.alen, _ = strconv.Atoi(a[2])
			f.value = a[3]
			if f.value == "(empty)" {
				f.value = "" // an empty nest
			}
		}
		cur.fields = append(cur.fields, f)
	}
	if len(recs) == 0 {
		t.Fatalf("no records in explain's output:\n%s", out)
	}
	return recs
}

// tsharkField is one field Wireshark decoded, at its offset in the message.
type tsharkField struct {
	key   string // e.g. netlink-route.ifla_mtu
	value string
	raw   string // the bytes, in hex
	off   int    // from the start of the netlink message
	size  int
	mask  bool // a bit field sharing its bytes
}

// tsharkMsg holds a message's fields by offset.
type tsharkMsg map[int][]tsharkField

// parseTshark returns each frame's messages, each message's fields by
// their offset in it. A message starts where Wireshark's netlink.hdr_len
// field is; the raw arrays of -x give [hex, position, length, bitmask,
// type].
func parseTshark(t *testing.T, out []byte) [][]tsharkMsg {
	t.Helper()
	var frames []struct {
		Source struct {
			Layers map[string]any `json:"layers"`
		} `json:"_source"`
	}
	if err := json.Unmarshal(out, &frames); err != nil {
		t.Fatalf("tshark output: %v", err)
	}
	var result [][]tsharkMsg
	for _, f := range frames {
		var fields []tsharkField
		collectFields(f.Source.Layers, &fields)
		var starts []int
		for _, fl := range fields {
			if fl.key == "netlink.hdr_len" {
				starts = append(starts, fl.off)
			}
		}
		sort.Ints(starts)
		msgs := make([]tsharkMsg, len(starts))
		for i := range msgs {
			msgs[i] = tsharkMsg{}
		}
		for _, fl := range fields {
			i := sort.SearchInts(starts, fl.off+1) - 1 // the last start at or before the field
			if i < 0 {
				continue // the capture's own header
			}
			fl.off -= starts[i]
			msgs[i][fl.off] = append(msgs[i][fl.off], fl)
		}
		result = append(result, msgs)
	}
	return result
}

// collectFields walks tshark's JSON tree and keeps every field that has a
// raw twin (its position), one entry per occurrence.
func collectFields(node any, out *[]tsharkField) {
	switch n := node.(type) {
	case []any:
		for _, x := range n {
			collectFields(x, out)
		}
	case map[string]any:
		for key, v := range n {
			if strings.HasSuffix(key, "_raw") {
				continue
			}
			raw, ok := n[key+"_raw"]
			if !ok {
				collectFields(v, out)
				continue
			}
			values, raws := asList(v), rawList(raw)
			for i, value := range values {
				s, leaf := value.(string)
				if !leaf {
					collectFields(value, out) // a subtree: a layer's raw twin is its bytes
					continue
				}
				if i >= len(raws) || len(raws[i]) < 4 {
					continue
				}
				r := raws[i]
				rawHex, _ := r[0].(string)
				pos, _ := r[1].(float64)
				size, _ := r[2].(float64)
				mask, _ := r[3].(float64)
				*out = append(*out, tsharkField{key: key, value: s, raw: rawHex, off: int(pos), size: int(size), mask: mask != 0})
			}
		}
	}
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// rawList returns the raw arrays of a field: one, or one per duplicate.
func rawList(v any) [][]any {
	l, ok := v.([]any)
	if !ok || len(l) == 0 {
		return nil
	}
	if _, nested := l[0].([]any); !nested {
		return [][]any{l}
	}
	var out [][]any
	for _, x := range l {
		if r, ok := x.([]any); ok {
			out = append(out, r)
		}
	}
	return out
}

// headerNames maps explain's nlmsghdr field names to Wireshark's.
var headerNames = map[string][]string{
	"nlmsg_len":   {"hdr_len"},
	"nlmsg_type":  {"hdr_type", "nltype", "family_id"},
	"nlmsg_flags": {"hdr_flags"},
	"nlmsg_seq":   {"hdr_seq"},
	"nlmsg_pid":   {"hdr_pid"},
}

// wiresharkNames are Wireshark's names for fields whose kernel name (as
// explain prints it, lower case, family prefix dropped) differs.
var wiresharkNames = map[string]string{
	"address":        "hwaddr",
	"gso_max_segs":   "gso_maxsegs",
	"gso_max_size":   "gso_maxsize",
	"num_tx_queues":  "txqnum",
	"num_rx_queues":  "rxqnum",
	"idiag_family":   "family",
	"sdiag_family":   "family",
	"sdiag_protocol": "inet_protocol",
	"idiag_ext":      "inet_extended",
	"idiag_states":   "inet_states",
	"sport":          "inet_sport", // id.sport, inet_diag_sockid's members as sock-diag.yaml names them
	"dport":          "inet_dport",
	"src":            "inet_src_ip4",
	"dst":            "inet_dest_ip4",
	"if":             "inet_interface",
	"ndm_ifindex":    "nd_index",
	"nd_ifindex":     "nd_index",
	"ifa_flags":      "ifa_flags32", // IFA_FLAGS, the 32-bit flags
	"ifa_local":      "ifa_address", // Wireshark shows IFA_LOCAL with its address field
	"mcast_grp_name": "group_name",
	"mcast_grp_id":   "group_id",
	"idiag_wqueue":   "send_queue",
	"idiag_rqueue":   "recv_queue",
	"pad":            "inet_padding",
	"diag_shutdown":  "shutdown",
	"stats":          "linkstats",
}

// familyPrefixes are explain's (the kernel's) prefixes of family header
// fields, and Wireshark's for the same fields.
var familyPrefixes = map[string]string{"rtm_": "rt_", "ndm_": "nd_", "id.": ""}

// names returns the names Wireshark may give the field explain calls name.
func names(name string) []string {
	if n, ok := headerNames[name]; ok {
		return n
	}
	l := strings.ToLower(name)
	for k, ws := range familyPrefixes {
		if rest, ok := strings.CutPrefix(l, k); ok {
			l = ws + rest
		}
	}
	out := []string{l}
	if i := strings.Index(l, "_attr_"); i >= 0 { // CTRL_ATTR_FAMILY_NAME: family_name
		out = append(out, l[i+len("_attr_"):])
	}
	if i := strings.IndexByte(l, '_'); i >= 0 { // IFLA_MTU: mtu (and the aliases)
		out = append(out, l[i+1:])
	}
	for _, n := range out {
		if w, ok := wiresharkNames[n]; ok {
			out = append(out, w)
		}
	}
	return out
}

// keyName is the last component of a Wireshark field key that names the
// field: netlink-route.ifla_mtu is ifla_mtu, netlink-route.ifa_address.ipv4
// is ifa_address, genl.ctrl.family_name is family_name.
func keyName(key string) string {
	key = strings.TrimSuffix(strings.TrimSuffix(key, ".ipv4"), ".ipv6")
	return key[strings.LastIndexByte(key, '.')+1:]
}

// compareMessage compares one message's fields; counts go to compared by
// protocol.
func compareMessage(t *testing.T, where string, msg explainedMsg, ts tsharkMsg, compared map[string]int) {
	t.Helper()
	for _, f := range msg.fields {
		if f.attr {
			if l := find(ts[f.off], "attr_len"); l != nil {
				check(t, where, f, "length", strconv.Itoa(f.alen), l, compared, msg.proto)
				if ty := findSuffix(ts[f.off+2], "attr_type"); ty != nil && ty.key != "netlink.attr_type" {
					check(t, where, f, "type", strconv.Itoa(f.typ), ty, compared, msg.proto)
				}
			}
			if f.value == "" {
				continue // a nest: its attributes follow
			}
			if v := findNamed(ts[f.off+4], f.name); v != nil {
				check(t, where, f, "value", f.value, v, compared, msg.proto)
			} else if v := named(ts[f.off+4]); v != nil && !structAttrs[f.name] {
				t.Errorf("%s: explain names the attribute at offset %d %s, tshark decodes its value as %s = %q\n  %s",
					where, f.off, f.name, v.key, v.value, f.headerLine)
			}
			continue
		}
		if v := findNamed(ts[f.off], f.name); v != nil {
			check(t, where, f, "value", f.value, v, compared, msg.proto)
		}
	}
}

// structAttrs hold a C struct: Wireshark shows its members (rxpackets,
// mem_start) where explain summarises the struct.
var structAttrs = map[string]bool{"IFLA_STATS": true, "IFLA_STATS64": true, "IFLA_MAP": true}

// named returns the first field at an offset that Wireshark names for its
// family (not netlink.attr_data, its undissected bytes, nor data.data).
func named(fields []tsharkField) *tsharkField {
	for i := range fields {
		if f := &fields[i]; !f.mask && !strings.HasPrefix(f.key, "netlink.") && !strings.HasPrefix(f.key, "data.") {
			return f
		}
	}
	return nil
}

// find returns the unmasked field at an offset whose name is name, with
// or without Wireshark's family prefix (ifla_txqnum is txqnum).
func find(fields []tsharkField, name string) *tsharkField {
	for i := range fields {
		if fields[i].mask {
			continue
		}
		k := keyName(fields[i].key)
		_, short, _ := strings.Cut(k, "_")
		if k == name || short == name {
			return &fields[i]
		}
	}
	return nil
}

// findSuffix returns the field whose name ends in suffix.
func findSuffix(fields []tsharkField, suffix string) *tsharkField {
	for i := range fields {
		if strings.HasSuffix(keyName(fields[i].key), suffix) && fields[i].key != "netlink.attr_type" {
			return &fields[i]
		}
	}
	return nil
}

// findNamed returns the field Wireshark names as explain's name maps.
func findNamed(fields []tsharkField, name string) *tsharkField {
	for _, n := range names(name) {
		if f := find(fields, n); f != nil {
			return f
		}
	}
	return nil
}

// check compares explain's value with Wireshark's field.
func check(t *testing.T, where string, f explainedField, what, explained string, ts *tsharkField, compared map[string]int, proto string) {
	t.Helper()
	compared[proto]++
	value := ts.value
	if value == "" { // a field Wireshark shows as bytes only (genl's reserved)
		value = leHex(ts.raw)
	}
	if !sameValue(explained, value) {
		t.Errorf("%s: %s of %s at offset %d: explain says %q, tshark's %s says %q\n  %s",
			where, what, f.name, f.off, explained, ts.key, ts.value, f.headerLine)
	}
}

// sameValue compares explain's rendering of a value (a number maybe
// followed by " = NAME", a quoted string, an address) with Wireshark's.
func sameValue(explained, wireshark string) bool {
	e := explained
	if strings.HasPrefix(e, `"`) {
		if s, err := strconv.Unquote(e[:strings.LastIndexByte(e, '"')+1]); err == nil {
			return s == wireshark
		}
	}
	if i := strings.IndexAny(e, " ,("); i > 0 {
		e = e[:i]
	}
	if a, err := strconv.ParseUint(e, 0, 64); err == nil {
		b, err := strconv.ParseUint(wireshark, 0, 64)
		return err == nil && a == b
	}
	if a, err := strconv.ParseInt(e, 0, 64); err == nil {
		b, err := strconv.ParseInt(wireshark, 0, 64)
		return err == nil && a == b
	}
	return strings.EqualFold(e, wireshark)
}

// leHex is the little-endian (host order) number of up to 8 bytes in hex,
// in decimal.
func leHex(h string) string {
	b, err := hex.DecodeString(h)
	if err != nil || len(b) > 8 {
		return h
	}
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return strconv.FormatUint(v, 10)
}
