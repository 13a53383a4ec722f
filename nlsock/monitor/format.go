//go:build linux

package monitor

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// AppendText appends the event's line (without newline):
// "07:05:03.123456 host RTM_NEWLINK +link veth0 index 7 mtu 1500 UP".
func AppendText(b []byte, ev *Event) []byte {
	b = ev.Time.AppendFormat(b, "15:04:05.000000")
	b = append(b, ' ')
	b = append(b, ev.NetNS...)
	b = append(b, ' ')
	switch {
	case ev.Resync && ev.Object != "":
		b = append(b, "resync "...)
	case ev.Overrun || ev.Resync:
	default:
		b = append(b, ev.Type...)
		b = append(b, ' ')
	}
	b = append(b, ev.Text...)
	if ev.Err != nil && !ev.Resync {
		b = append(b, " (decode error: "...)
		b = append(b, ev.Err.Error()...)
		b = append(b, ')')
	}
	return b
}

// GroupName names a group of a protocol: "link", "nftables", or its number.
func GroupName(proto int, g uint32) string {
	switch {
	case g == 0:
		return ""
	case proto == unix.NETLINK_ROUTE && rtnl.GroupName(g) != "":
		return rtnl.GroupName(g)
	case proto == unix.NETLINK_NETFILTER && g == nft.GroupNFTables:
		return "nftables"
	}
	return strconv.FormatUint(uint64(g), 10)
}

// jsonEvent is the --json line.
type jsonEvent struct {
	Time    string `json:"time"`
	NetNS   string `json:"netns"`
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

// AppendJSON appends the event as one JSON object (without newline).
func AppendJSON(b []byte, ev *Event) []byte {
	j := jsonEvent{
		Time: ev.Time.Format(time.RFC3339Nano), NetNS: ev.NetNS, Proto: nlsock.ProtocolName(ev.Proto),
		Group: GroupName(ev.Proto, ev.Group), Type: ev.Type, Object: ev.Object, Family: ev.Family, Summary: ev.Text,
		Seq: ev.Message.Header.Seq, PortID: ev.Message.Header.PortID, Value: jsonValue(ev),
		Overrun: ev.Overrun, RcvBuf: ev.ReadBuffer, Resync: ev.Resync,
	}
	if ev.Err != nil {
		j.Error = ev.Err.Error()
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
		return nftJSON(v)
	case rtnl.Link:
		j := jsonLink{IfIndex: v.Index, Index: v.Index, Name: v.Name, MTU: v.MTU, Flags: v.FlagNames(), Kind: v.Kind,
			Master: v.Master, OperState: rtnl.OperStateName(v.OperState)}
		if len(v.Address) > 0 {
			j.Address = v.Address.String()
		}
		return j
	case rtnl.Address:
		return jsonAddr{IfIndex: v.Index, Index: v.Index, Family: rtnl.FamilyName(v.Family), Address: v.Addr().String(),
			PrefixLen: v.PrefixLen, Scope: rtnl.ScopeName(v.Scope), Label: v.Label, Flags: rtnl.AddrFlagNames([]string{}, v.Family, v.Flags)}
	case rtnl.Route:
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
