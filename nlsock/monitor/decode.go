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
	if describeTC(ev, m) {
		return
	}
	// The text is built in one buffer (on the stack for most events) and
	// becomes a string once: an event costs one allocation for its text.
	var arr [192]byte
	b := append(arr[:0], sign(ev.Type)...)
	var err error
	var bad []rtnl.Malformed
	switch rtnl.ObjectOf(m.Header.Type) {
	case rtnl.ObjectLink:
		bad, err = describeObject[rtnl.Link](ev, "link", m.Payload)
	case rtnl.ObjectAddress:
		bad, err = describeObject[rtnl.Address](ev, "address", m.Payload)
	case rtnl.ObjectRoute:
		bad, err = describeObject[rtnl.Route](ev, "route", m.Payload)
	case rtnl.ObjectNeighbour:
		bad, err = describeObject[rtnl.Neighbour](ev, "neigh", m.Payload)
	case rtnl.ObjectRule:
		bad, err = describeObject[rtnl.Rule](ev, "rule", m.Payload)
	case rtnl.ObjectUnknown:
		if m.Header.Type != unix.RTM_NEWNSID && m.Header.Type != unix.RTM_DELNSID {
			describeDescribedRoute(ev, m)
			return
		}
		ev.Object = "nsid"
		b = append(b, nsidText(m.Payload)...)
	}
	b = appendObjectText(b, ev.Value)
	ev.Err = err
	ev.Text = string(b) + malformedNote(bad)
}

// describeObject decodes payload as a new T and makes it ev's Value,
// named object; it returns the object's malformed attributes and the
// decoding error.
func describeObject[T any, P rtnl.Decoded[T]](ev *Event, object string, payload []byte) ([]rtnl.Malformed, error) {
	v := P(new(T))
	err := v.Decode(payload)
	ev.Object, ev.Value = object, v
	return rtnl.MalformedOf[T](v), err
}

// appendObjectText appends the text of v, a decoded rtnetlink object, to
// b (nothing for another value). Each text function is called directly,
// so that b, on describeRoute's stack, stays there.
func appendObjectText(b []byte, v any) []byte {
	switch o := v.(type) {
	case *rtnl.Link:
		return appendLinkText(b, o)
	case *rtnl.Address:
		return appendAddrText(b, o)
	case *rtnl.Route:
		return appendRouteText(b, o)
	case *rtnl.Neighbour:
		return appendNeighText(b, o)
	case *rtnl.Rule:
		return appendRuleText(b, o)
	}
	return b
}

// routeFamilyName names an rtnetlink family as iproute2 does, or numbers it.
func routeFamilyName(f uint8) string {
	if n := rtnl.FamilyName(f); n != "" {
		return n
	}
	return strconv.Itoa(int(f))
}

// appendLinkText: "link veth0 index 7 mtu 1500 UP kind veth". A link
// message of another family than unspec is that family's view of the
// device, named after "link": "link bridge va index 4 ... master 2 state
// forwarding" is va as a port of bridge 2 (its RTM_DELLINK: va left the
// bridge).
func appendLinkText(b []byte, l *rtnl.Link) []byte {
	b = append(b, "link "...)
	if l.Family != rtnl.AF_UNSPEC {
		b = append(b, routeFamilyName(l.Family)...)
		b = append(b, ' ')
	}
	b = append(b, l.Name...)
	b = append(b, " index "...)
	b = strconv.AppendInt(b, int64(l.Index), 10)
	b = appendTextFields(b, rtnl.LinkFields(), rtnl.LinkText(), l)
	if st, ok := bridgePortState(l); ok {
		b = append(b, " state "...)
		b = append(b, st...)
	}
	return b
}

// appendAddrText: "address 2001:db8::1/64 index 3 scope global tentative
// permanent": the flags as ip addr names them, so that the steps of an
// address (tentative, then not; dadfailed) read differently.
func appendAddrText(b []byte, a *rtnl.Address) []byte {
	b = append(b, "address "...)
	b = appendNetPrefix(b, a.Prefix())
	b = append(b, " index "...)
	b = strconv.AppendUint(b, uint64(a.Index), 10)
	return appendTextFields(b, rtnl.AddrFields(), rtnl.AddrText(), a)
}

// appendPrefix appends a/bits, or "default" ("::/0 (default)" in IPv6)
// when a is unset.
func appendPrefix(b []byte, a netip.Addr, bits uint8, family uint8) []byte {
	if !a.IsValid() {
		if family == unix.AF_INET6 {
			return append(b, "::/0 (default)"...)
		}
		return append(b, "default"...)
	}
	return appendNetPrefix(b, netip.PrefixFrom(a, int(bits)))
}

// appendNetPrefix appends p as p.String() writes it ("invalid Prefix" too,
// which AppendTo leaves out).
func appendNetPrefix(b []byte, p netip.Prefix) []byte {
	if !p.IsValid() {
		return append(b, p.String()...)
	}
	return p.AppendTo(b)
}

func prefix(a netip.Addr, bits uint8, family uint8) string {
	return string(appendPrefix(nil, a, bits, family))
}

func appendRouteText(b []byte, r *rtnl.Route) []byte {
	b = append(b, "route "...)
	if !r.Dst.IsValid() && r.DstLen != 0 { // RTA_DST missing or malformed: not the default route
		b = append(b, "?/"...)
		b = strconv.AppendUint(b, uint64(r.DstLen), 10)
	} else {
		b = appendPrefix(b, r.Dst, r.DstLen, r.Family)
	}
	if r.Gateway.IsValid() {
		b = append(b, " via "...)
		b = r.Gateway.AppendTo(b)
	}
	if r.OIF != 0 {
		b = append(b, " oif "...)
		b = strconv.AppendUint(b, uint64(r.OIF), 10)
	}
	b = append(b, " table "...)
	b = append(b, rtnl.TableName(r.Table)...)
	b = append(b, " proto "...)
	b = append(b, rtnl.ProtocolName(r.Protocol)...)
	b = append(b, " scope "...)
	b = append(b, rtnl.ScopeName(r.Scope)...)
	b = append(b, " type "...)
	b = append(b, rtnl.RouteTypeName(r.Type)...)
	if r.Priority != 0 {
		b = append(b, " metric "...)
		b = strconv.AppendUint(b, uint64(r.Priority), 10)
	}
	return b
}

func appendNeighText(b []byte, n *rtnl.Neighbour) []byte {
	b = append(b, "neigh "...)
	if n.Dst.IsValid() {
		b = n.Dst.AppendTo(b)
	} else {
		b = append(b, rtnl.FamilyName(n.Family)...)
	}
	b = append(b, " index "...)
	b = strconv.AppendInt(b, int64(n.IfIndex), 10)
	b = appendTextFields(b, rtnl.NeighFields(), rtnl.NeighText(), n)
	var names [16]string
	for i, st := range rtnl.NeighStateNames(names[:0], n.State) {
		if i == 0 {
			b = append(b, ' ')
		} else {
			b = append(b, ',')
		}
		b = append(b, st...)
	}
	return b
}

func appendRuleText(b []byte, r *rtnl.Rule) []byte {
	b = append(b, "rule "...)
	b = append(b, rtnl.FamilyName(r.Family)...)
	if r.HasPriority {
		b = append(b, " pref "...)
		b = strconv.AppendUint(b, uint64(r.Priority), 10)
	}
	if r.Src.IsValid() {
		b = append(b, " from "...)
		b = appendNetPrefix(b, netip.PrefixFrom(r.Src, int(r.SrcLen)))
	}
	if r.Dst.IsValid() {
		b = append(b, " to "...)
		b = appendNetPrefix(b, netip.PrefixFrom(r.Dst, int(r.DstLen)))
	}
	b = append(b, ' ')
	b = append(b, rtnl.RuleActionName(r.Action)...)
	b = append(b, " table "...)
	return append(b, rtnl.TableName(r.Table)...)
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
	case err == nil:
		describeNftDescribed(ev, m)
	}
}

// appendTextFields appends the fields at pos of an object's list (rtnl.LinkText).
func appendTextFields[T any](b []byte, fields []rtnl.Field[T], pos []int, obj *T) []byte {
	for _, i := range pos {
		f := &fields[i]
		v := f.Get(obj)
		if v.Kind == rtnl.NamesValue {
			var names [16]string
			for _, n := range rtnl.FlagNames(names[:0], v.Flags, v.U) {
				b = append(b, ' ')
				b = append(b, n...)
			}
			continue
		}
		b = appendTextField(b, f.Name, v)
	}
	return b
}

// appendTextField appends " name value" of a field the text of its object
// shows: a number of 0 and an absent field left out, link flags as ip
// monitor writes them (" UP" or " DOWN", then ",LOWER_UP"), a list of names
// (an address's flags) without its name.
func appendTextField(b []byte, name string, v rtnl.Value) []byte {
	switch v.Kind {
	case rtnl.NoValue:
		return b
	case rtnl.UintValue:
		if v.U == 0 {
			return b
		}
	case rtnl.FlagsValue:
		return appendUpDown(b, uint32(v.U))
	}
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, ' ')
	switch v.Kind {
	case rtnl.IntValue:
		return strconv.AppendInt(b, int64(v.U), 10)
	case rtnl.StringValue, rtnl.NameValue, rtnl.EnumValue:
		return append(b, v.S...)
	case rtnl.IPValue:
		return appendIP(b, v.A)
	case rtnl.HWAddrValue:
		return appendHWAddr(b, v.B)
	}
	return strconv.AppendUint(b, v.U, 10)
}

func appendUpDown(b []byte, flags uint32) []byte {
	if flags&unix.IFF_UP != 0 {
		b = append(b, " UP"...)
	} else {
		b = append(b, " DOWN"...)
	}
	if flags&unix.IFF_LOWER_UP != 0 {
		b = append(b, ",LOWER_UP"...)
	}
	return b
}
