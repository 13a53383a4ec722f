//go:build linux

package monitor

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// Describe fills ev.Type, Object, Text and Value from ev.Message. It never
// panics; a message it cannot decode is described by its type and length.
func Describe(ev *Event) {
	m := ev.Message
	switch ev.Proto {
	case unix.NETLINK_ROUTE:
		describeRoute(ev, m)
	case unix.NETLINK_GENERIC:
		describeGenl(ev, m)
	case unix.NETLINK_NETFILTER:
		describeNft(ev, m)
	}
	if ev.Type == "" {
		ev.Type = fmt.Sprintf("type %d", m.Header.Type)
	}
	if ev.Text == "" {
		ev.Text = fmt.Sprintf("%s, %d bytes", ev.Type, len(m.Payload))
	}
}

// sign is "+" for NEW messages and "-" for DEL ones.
func sign(typeName string) string {
	if strings.Contains(typeName, "_DEL") {
		return "-"
	}
	return "+"
}

func describeRoute(ev *Event, m nlsock.Message) {
	if len(m.Payload) > 0 { // ifi_family, ifa_family, rtm_family, ndm_family, rtgen_family: all first
		ev.Family = routeFamilyName(m.Payload[0])
	}
	ev.Type = rtnl.MessageTypeName(m.Header.Type)
	if ev.Type == "" {
		return
	}
	if describeDescribedRoute(ev, m) || describeTC(ev, m) {
		return
	}
	var body string
	var err error
	switch rtnl.ObjectOf(m.Header.Type) {
	case rtnl.ObjectLink:
		var l rtnl.Link
		err = l.Decode(m.Payload)
		ev.Object, ev.Value, body = "link", l, linkText(&l)
	case rtnl.ObjectAddress:
		var a rtnl.Address
		err = a.Decode(m.Payload)
		ev.Object, ev.Value, body = "address", a, addrText(&a)
	case rtnl.ObjectRoute:
		var r rtnl.Route
		err = r.Decode(m.Payload)
		ev.Object, ev.Value, body = "route", r, routeText(&r)
	case rtnl.ObjectNeighbour:
		var n rtnl.Neighbour
		err = n.Decode(m.Payload)
		ev.Object, ev.Value, body = "neigh", n, neighText(&n)
	case rtnl.ObjectRule:
		var r rtnl.Rule
		err = r.Decode(m.Payload)
		ev.Object, ev.Value, body = "rule", r, ruleText(&r)
	default:
		if m.Header.Type == unix.RTM_NEWNSID || m.Header.Type == unix.RTM_DELNSID {
			ev.Object, body = "nsid", nsidText(m.Payload)
		}
	}
	ev.Err = err
	if body != "" {
		ev.Text = sign(ev.Type) + body + malformedNote(ev.Value)
	}
}

// routeFamilyName names an rtnetlink family as iproute2 does, or numbers it.
func routeFamilyName(f uint8) string {
	if n := rtnl.FamilyName(f); n != "" {
		return n
	}
	return strconv.Itoa(int(f))
}

// linkText: "link veth0 index 7 mtu 1500 UP kind veth". A link message of
// another family than unspec is that family's view of the device, named
// after "link": "link bridge va index 4 ... master 2 state forwarding" is
// va as a port of bridge 2 (its RTM_DELLINK: va left the bridge).
func linkText(l *rtnl.Link) string {
	state := "DOWN"
	if l.Flags&unix.IFF_UP != 0 {
		state = "UP"
	}
	if l.Flags&unix.IFF_LOWER_UP != 0 {
		state += ",LOWER_UP"
	}
	b := make([]byte, 0, 64)
	b = append(b, "link "...)
	if l.Family != rtnl.AF_UNSPEC {
		b = append(b, routeFamilyName(l.Family)...)
		b = append(b, ' ')
	}
	b = append(b, l.Name...)
	b = append(b, " index "...)
	b = strconv.AppendInt(b, int64(l.Index), 10)
	if l.MTU != 0 {
		b = append(b, " mtu "...)
		b = strconv.AppendUint(b, uint64(l.MTU), 10)
	}
	b = append(b, ' ')
	b = append(b, state...)
	if l.Kind != "" {
		b = append(b, " kind "...)
		b = append(b, l.Kind...)
	}
	if l.Master != 0 {
		b = append(b, " master "...)
		b = strconv.AppendInt(b, int64(l.Master), 10)
	}
	if st, ok := bridgePortState(l); ok {
		b = append(b, " state "...)
		b = append(b, st...)
	}
	return string(b)
}

// addrText: "address 2001:db8::1/64 index 3 scope global tentative
// permanent": the flags as ip addr names them, so that the steps of an
// address (tentative, then not; dadfailed) read differently.
func addrText(a *rtnl.Address) string {
	s := fmt.Sprintf("address %s index %d", a.Prefix(), a.Index)
	if a.Label != "" {
		s += " label " + a.Label
	}
	s += " scope " + rtnl.ScopeName(a.Scope)
	for _, f := range a.FlagNames() {
		s += " " + f
	}
	return s
}

func prefix(a netip.Addr, bits uint8, family uint8) string {
	if !a.IsValid() {
		if family == unix.AF_INET6 {
			return "::/0 (default)"
		}
		return "default"
	}
	return netip.PrefixFrom(a, int(bits)).String()
}

func routeText(r *rtnl.Route) string {
	s := "route " + prefix(r.Dst, r.DstLen, r.Family)
	if !r.Dst.IsValid() && r.DstLen != 0 {
		s = "route ?/" + strconv.Itoa(int(r.DstLen)) // RTA_DST missing or malformed: not the default route
	}
	if r.Gateway.IsValid() {
		s += " via " + r.Gateway.String()
	}
	if r.OIF != 0 {
		s += fmt.Sprintf(" oif %d", r.OIF)
	}
	s += " table " + rtnl.TableName(r.Table) + " proto " + rtnl.ProtocolName(r.Protocol) +
		" scope " + rtnl.ScopeName(r.Scope) + " type " + rtnl.RouteTypeName(r.Type)
	if r.Priority != 0 {
		s += fmt.Sprintf(" metric %d", r.Priority)
	}
	return s
}

func neighText(n *rtnl.Neighbour) string {
	s := "neigh "
	if n.Dst.IsValid() {
		s += n.Dst.String()
	} else {
		s += rtnl.FamilyName(n.Family)
	}
	s += fmt.Sprintf(" index %d", n.IfIndex)
	if len(n.LLAddr) > 0 {
		s += " lladdr " + n.LLAddr.String()
	}
	if st := n.StateNames(); len(st) > 0 {
		s += " " + strings.Join(st, ",")
	}
	return s
}

func ruleText(r *rtnl.Rule) string {
	s := "rule " + rtnl.FamilyName(r.Family)
	if r.HasPriority {
		s += fmt.Sprintf(" pref %d", r.Priority)
	}
	if r.Src.IsValid() {
		s += " from " + netip.PrefixFrom(r.Src, int(r.SrcLen)).String()
	}
	if r.Dst.IsValid() {
		s += " to " + netip.PrefixFrom(r.Dst, int(r.DstLen)).String()
	}
	return s + " " + rtnl.RuleActionName(r.Action) + " table " + rtnl.TableName(r.Table)
}

// nsidText reads struct rtgenmsg and NETNSA_NSID (1).
func nsidText(p []byte) string {
	if len(p) < 4 {
		return "nsid"
	}
	id := "?"
	nlsock.WalkAttrs(p[4:], func(a nlsock.Attr) error {
		if a.Type == 1 && len(a.Data) == 4 {
			id = strconv.Itoa(int(int32(binary.NativeEndian.Uint32(a.Data))))
		}
		return nil
	})
	return "nsid " + id
}

func describeGenl(ev *Event, m nlsock.Message) {
	h, _, err := genl.ParseHeader(m.Payload)
	if err != nil {
		ev.Err = err
		return
	}
	if m.Header.Type != genl.CtrlID {
		ev.Type = fmt.Sprintf("genl family %d cmd %d", m.Header.Type, h.Command)
		return
	}
	ev.Type = "nlctrl " + genl.CmdName(h.Command)
	f, err := genl.ParseFamily(m.Payload)
	ev.Err = err
	ev.Value = f
	if f.Name != "" {
		ev.Object = "family"
		ev.Text = fmt.Sprintf("%sfamily %s id %d", sign(ev.Type), f.Name, f.ID)
	}
}

func describeNft(ev *Event, m nlsock.Message) {
	if describeConntrack(ev, m) {
		return
	}
	ev.Type = nft.MsgName(m.Header.Type)
	msg, err := nft.ParseMessage(m.Header.Type, m.Payload)
	ev.Err = err
	ev.Value = msg
	ev.Object = msg.Object()
	fam := nft.FamilyName(msg.Header.Family)
	if len(m.Payload) >= 4 { // struct nfgenmsg
		ev.Family = fam
		if _, known := nft.ParseFamily(fam); !known {
			ev.Family = strconv.Itoa(int(msg.Header.Family))
		}
	}
	switch {
	case msg.Table != nil:
		ev.Text = fmt.Sprintf("%stable %s %s", sign(ev.Type), fam, msg.Table.Name)
	case msg.Chain != nil:
		ev.Text = fmt.Sprintf("%schain %s %s %s", sign(ev.Type), fam, msg.Chain.Table, msg.Chain.Name)
	case msg.Rule != nil:
		ev.Text = fmt.Sprintf("%srule %s %s %s handle %d", sign(ev.Type), fam, msg.Rule.Table, msg.Rule.Chain, msg.Rule.Handle) + ruleBytecode(msg.Rule)
	case msg.Set != nil:
		ev.Text = fmt.Sprintf("%sset %s %s %s", sign(ev.Type), fam, msg.Set.Table, msg.Set.Name)
	case msg.Gen != nil:
		ev.Text = fmt.Sprintf("gen %d by %s (pid %d)", msg.Gen.ID, msg.Gen.ProcName, msg.Gen.PID)
	}
}
