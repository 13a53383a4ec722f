package monitor

// The JSON line as encoding/json wrote it before AppendJSON wrote it by
// hand: the oracle of TestAppendJSONAgrees and FuzzDescribe.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// jsonEvent is the --json line.
type jsonEvent struct {
	Time    string `json:"time"`
	NetNS   string `json:"netns"`
	NSID    *int32 `json:"nsid,omitempty"`
	Proto   string `json:"proto"`
	Group   string `json:"group,omitempty"`
	Type    string `json:"type"`
	Object  string `json:"object,omitempty"`
	Family  string `json:"family,omitempty"`
	Summary string `json:"summary"`
	Seq     uint32 `json:"seq,omitempty"`
	PortID  uint32 `json:"pid,omitempty"`
	Value   any    `json:"value,omitempty"`
	Error   string `json:"error,omitempty"`
	Overrun bool   `json:"overrun,omitempty"`
	RcvBuf  int    `json:"rcvbuf,omitempty"`
	Resync  bool   `json:"resync,omitempty"`
}

// oracleJSON is the event as encoding/json writes it from the structs
// above: what AppendJSON must agree with.
func oracleJSON(b []byte, ev *Event) []byte {
	j := jsonEvent{
		Time: ev.Time.Format(time.RFC3339Nano), NetNS: ev.NetNS, Proto: nlsock.ProtocolName(ev.Proto),
		Group: GroupName(ev.Proto, ev.Group), Type: ev.Type, Object: ev.Object, Family: ev.Family, Summary: ev.Text,
		Seq: ev.Message.Header.Seq, PortID: ev.Message.Header.PortID, Value: jsonValue(ev),
		Overrun: ev.Overrun, RcvBuf: ev.ReadBuffer, Resync: ev.Resync,
	}
	if ev.Err != nil {
		j.Error = ev.Err.Error()
	}
	if ev.HasNSID {
		j.NSID = &ev.NSID
	}
	out, err := json.Marshal(j)
	if err != nil {
		out, _ = json.Marshal(jsonEvent{Time: j.Time, NetNS: j.NetNS, Type: j.Type, Summary: j.Summary, Error: err.Error()})
	}
	return append(b, out...)
}

// The objects name fields as nlsh's Lua objects do (README "Naming"): the
// interface is ifindex, a table is its number with table_name beside it;
// index and oif stay as the older names of ifindex.
type jsonLink struct {
	IfIndex   int32    `json:"ifindex"`
	Index     int32    `json:"index"`
	Name      string   `json:"name"`
	MTU       uint32   `json:"mtu,omitempty"`
	Flags     []string `json:"flags"`
	Kind      string   `json:"kind,omitempty"`
	Address   string   `json:"address,omitempty"`
	Master    int32    `json:"master,omitempty"`
	OperState string   `json:"operstate,omitempty"`
}

type jsonAddr struct {
	IfIndex   uint32   `json:"ifindex"`
	Index     uint32   `json:"index"`
	Family    string   `json:"family"`
	Address   string   `json:"address"`
	PrefixLen uint8    `json:"prefixlen"`
	Scope     string   `json:"scope"`
	Label     string   `json:"label,omitempty"`
	Flags     []string `json:"flags"` // as ip addr names them: "tentative", "permanent", ...
}

type jsonRoute struct {
	Family    string `json:"family"`
	Dst       string `json:"dst"`
	Gateway   string `json:"gateway,omitempty"`
	IfIndex   uint32 `json:"ifindex,omitempty"`
	OIF       uint32 `json:"oif,omitempty"`
	Table     uint32 `json:"table"`
	TableName string `json:"table_name"`
	Protocol  string `json:"protocol"`
	Scope     string `json:"scope"`
	Type      string `json:"type"`
	Metric    uint32 `json:"metric,omitempty"`
}

// jsonValue is a compact view of the decoded object (the raw attributes
// stay out of the line).
func jsonValue(ev *Event) any {
	switch v := ev.Value.(type) {
	case ynl.Attrs:
		return jsonAttrs(v)
	case nft.Message:
		if j := nftJSON(v); j != nil {
			return j
		}
		return nil
	case *rtnl.Link:
		j := jsonLink{IfIndex: v.Index, Index: v.Index, Name: v.Name, MTU: v.MTU, Flags: v.FlagNames(), Kind: v.Kind,
			Master: v.Master, OperState: rtnl.OperStateName(v.OperState)}
		if len(v.Address) > 0 {
			j.Address = v.Address.String()
		}
		return j
	case *rtnl.Address:
		return jsonAddr{IfIndex: v.Index, Index: v.Index, Family: rtnl.FamilyName(v.Family), Address: v.Addr().String(),
			PrefixLen: v.PrefixLen, Scope: rtnl.ScopeName(v.Scope), Label: v.Label, Flags: rtnl.AddrFlagNames([]string{}, v.Family, v.Flags)}
	case *rtnl.Route:
		j := jsonRoute{Family: rtnl.FamilyName(v.Family), Dst: prefix(v.Dst, v.DstLen, v.Family), IfIndex: v.OIF, OIF: v.OIF,
			Table: v.Table, TableName: rtnl.TableName(v.Table), Protocol: rtnl.ProtocolName(v.Protocol), Scope: rtnl.ScopeName(v.Scope),
			Type: rtnl.RouteTypeName(v.Type), Metric: v.Priority}
		if v.Gateway.IsValid() {
			j.Gateway = v.Gateway.String()
		}
		return j
	}
	return nil
}

// checkJSON fails t unless AppendJSON writes valid JSON that means what the
// oracle's does, and the same bytes.
func checkJSON(t *testing.T, ev *Event) {
	t.Helper()
	got, want := AppendJSON(nil, ev), oracleJSON(nil, ev)
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("AppendJSON wrote invalid JSON %s: %v", got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("oracle: %v", err)
	}
	if !reflect.DeepEqual(g, w) || !bytes.Equal(got, want) {
		t.Fatalf("AppendJSON:\n%s\nencoding/json:\n%s", got, want)
	}
}

// TestAppendJSONAgrees formats real messages of every decoded kind, and
// overruns, resyncs and strings that need escaping, both ways.
func TestAppendJSONAgrees(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := rtnl.LinkAdd(ctx, s, rtnl.LinkSpec{Name: "j<a>&\"b", Kind: "veth", Peer: "jb"}); err != nil {
		t.Fatal(err)
	}
	l, err := rtnl.LinkByName(ctx, s, "jb")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"192.0.2.1/24", "2001:db8::1/64"} {
		if err := rtnl.AddrAdd(ctx, s, l.Index, netip.MustParsePrefix(p)); err != nil {
			t.Fatal(err)
		}
	}
	up := true
	if err := rtnl.LinkSet(ctx, s, l.Index, rtnl.LinkChange{Up: &up}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, req := range []nlsock.Message{rtnl.LinkDumpRequest(), rtnl.AddrDumpRequest(), rtnl.RouteDumpRequest(), rtnl.NeighDumpRequest(), rtnl.RuleDumpRequest()} {
		msgs, err := rtnl.Dump(ctx, s, req)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			m.Header.Seq, m.Header.PortID = 7, 1234
			ev := Event{Time: time.Now(), NetNS: "/run/netns/x<y>", Proto: unix.NETLINK_ROUTE, Group: 1, Message: m}
			Describe(&ev)
			checkJSON(t, &ev)
			n++
		}
	}
	for _, ev := range []Event{
		{Time: time.Now(), NetNS: "host", Proto: unix.NETLINK_ROUTE, Type: "overrun", Overrun: true, ReadBuffer: 8192, Text: "overrun: x"},
		{Time: time.Now(), NetNS: "/run/netns/a", NSID: 0, HasNSID: true, Proto: unix.NETLINK_ROUTE, Type: "RTM_NEWLINK", Text: "+link x"},
		{Time: time.Now(), NetNS: "nsid 17", NSID: 17, HasNSID: true, Proto: unix.NETLINK_ROUTE, Type: "RTM_NEWLINK", Text: "+link x"},
		{Time: time.Now(), NetNS: "host", Proto: unix.NETLINK_NETFILTER, Type: "resync", Object: "table", Resync: true, Text: "+table ip t"},
		{Time: time.Now(), NetNS: "h\x00\x1f\u2028\xff\té", Type: "x", Text: "a\\b\"c\n\r\b\f", Err: errors.New("bad <thing>")},
	} {
		checkJSON(t, &ev)
	}
	if n < 10 {
		t.Errorf("only %d messages dumped", n)
	}
}
