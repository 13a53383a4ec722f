package explain_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl/ynltest"
	"golang.org/x/sys/unix"
)

// TestExplainAgreesWithKernelCLI dumps links and routes with nlsh and with
// the kernel's YNL CLI (its own rt_link and rt_route specs) in one
// namespace, and checks that explain names every scalar attribute the CLI
// decodes, on the object's message, with the CLI's value: the names
// (IFLA_MTU for the spec's mtu) and the values come from nlsh's
// descriptions, the CLI reads the kernel's.
func TestExplainAgreesWithKernelCLI(t *testing.T) {
	cli := ynltest.NewCLI(t)
	s, ns, ctx := routeSocket(t, "ip link set lo up", "ip link add v0 mtu 1400 type veth peer name v1",
		"ip link set v0 up", "ip addr add 10.1.2.3/24 dev v0", "ip route add 10.9.0.0/16 via 10.1.2.1 dev v0 metric 7")
	for _, c := range []struct {
		family, op, json string
		typ              uint16
		hdr              int
		index            string // the CLI key that picks the object's message
		header           string // the prefix of the fixed header's members
		cname            func(key string) string
	}{
		{"rt_link", "getlink", "", rtnl.RTM_GETLINK, 16, "ifi-index", "ifi-", func(k string) string { return "IFLA_" + cName(k) }},
		{"rt_route", "getroute", `{"rtm-family": 2}`, rtnl.RTM_GETROUTE, 12, "rta-dst", "rtm-", cName},
	} {
		t.Run(c.family, func(t *testing.T) {
			req := nlsock.Message{Header: nlsock.Header{Type: c.typ, Flags: nlsock.FlagRequest | nlsock.FlagDump},
				Payload: append([]byte{unix.AF_INET}, make([]byte, c.hdr-1)...)}
			msgs, err := rtnl.Dump(ctx, s, req)
			if err != nil || len(msgs) == 0 {
				t.Fatalf("dump: %v (%d messages)", err, len(msgs))
			}
			texts := make([]string, len(msgs))
			for i, m := range msgs {
				texts[i] = explain.Message(m, unix.NETLINK_ROUTE, explain.Options{NoHexDump: true})
			}
			name := func(key string) string {
				if strings.HasPrefix(key, c.header) { // a header member: ifi_index
					return strings.ReplaceAll(key, "-", "_")
				}
				return c.cname(key)
			}
			args := append(cli.SpecArgs(t, c.family), "--dump", c.op, "--process-unknown", "--output-json")
			if c.json != "" {
				args = append(args, "--json", c.json)
			}
			objs, _ := cli.Run(t, ns, 30*time.Second, args...).JSON(t)[0].([]any)
			checked := 0
			for _, o := range objs {
				obj := o.(map[string]any)
				text := matching(texts, name(c.index), obj[c.index])
				if text == "" {
					continue // an object of the kernel's dump that is not in ours (a route of another table)
				}
				for key, v := range obj {
					if n, ok := strings.CutPrefix(key, "UnknownAttr("); ok { // newer than the kernel's spec
						checked++
						if !regexp.MustCompile(`(?m)^\s*\d+    [A-Z0-9_]+ \(type ` + strings.TrimSuffix(n, ")") + `\)`).MatchString(text) {
							t.Errorf("%s %v: explain does not name attribute %s, which the kernel CLI's spec does not know", c.family, obj[c.index], n)
						}
						continue
					}
					if want, ok := scalarText(v); ok && key != c.index {
						checked++
						if got := attrValue(text, name(key)); got == "" || !agrees(got, want) {
							t.Errorf("%s %v: the kernel CLI has %s = %s, explain %s: %q", c.family, obj[c.index], key, want, name(key), got)
						}
					}
				}
			}
			if checked < 5 {
				t.Fatalf("only %d attributes compared: the test proves nothing\n%v", checked, objs)
			}
		})
	}
}

// routeSocket is a route socket in a new namespace set up by the command
// lines, and a context for the test's requests.
func routeSocket(t *testing.T, lines ...string) (*nlsock.Socket, nlsock.NetNS, context.Context) {
	t.Helper()
	ns := nlsocktest.NewNamespace(t).NetNS()
	nlsocktest.RunAll(t, ns, lines...)
	return nlsocktest.Open(t, unix.NETLINK_ROUTE, ns), ns, nlsocktest.Context(t, 10*time.Second)
}

// cName spells a spec name as the kernel's header does (rta-dst: RTA_DST).
func cName(key string) string { return strings.ToUpper(strings.ReplaceAll(key, "-", "_")) }

// matching is the explained message whose attribute (or header field)
// name has the value want.
func matching(texts []string, name string, want any) string {
	w, _ := scalarText(want)
	for _, text := range texts {
		if v := attrValue(text, name); v != "" && agrees(v, w) {
			return text
		}
	}
	return ""
}

// attrValue is the value explain shows for attribute or field name at the
// top level of text ("1400" of "76    IFLA_MTU (type 4) len 8: 1400").
func attrValue(text, name string) string {
	re := regexp.MustCompile(`(?m)^\s*\d+    ` + regexp.QuoteMeta(name) + `(?: \(type \d+[^)]*\) len \d+:| +)\s*(.*)$`)
	if m := re.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// scalarText is a CLI value as text, for strings and numbers only.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	}
	return "", false
}

// agrees reports whether explain's value text shows want: the number (in
// decimal or hex) or quoted string itself, or an enum name after "=".
func agrees(got, want string) bool {
	first, rest, _ := strings.Cut(got, " ")
	g, gerr := strconv.ParseUint(first, 0, 64)
	w, werr := strconv.ParseUint(want, 10, 64)
	return first == want || gerr == nil && werr == nil && g == w || got == fmt.Sprintf("%q", want) ||
		strings.EqualFold(strings.TrimPrefix(rest, "= "), want)
}
