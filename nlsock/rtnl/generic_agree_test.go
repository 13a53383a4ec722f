//go:build linux

package rtnl_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// typedField is one attribute as a typed decoder holds it, in the form
// ynl's generic decoder gives it: uint64 for unsigned integers, int64 for
// signed ones, string, []byte, []uint64 for a struct's members in order,
// []string for a multi-attr of strings. fallback marks a field a family
// header fills when the attribute is absent (rtm_table, ifa_flags).
type typedField struct {
	attr     string
	value    any
	fallback bool
}

// The typed decoders (rtnl.Link and its kin, filled through ynl tables)
// and ynl's generic decoder read the same dumps of a namespace with
// veths, a bridge, addresses, routes (multipath too), neighbours and
// rules through the same descriptions: every field the typed ones fill
// holds what the generic one reads, an attribute absent from the message
// leaves its field unset, and Unknown lists exactly the attributes no
// field holds. A binding to the wrong attribute, a wrong width or byte
// order, or a number kept in Go that the description changed, shows here.
func TestTypedAgreesWithGeneric(t *testing.T) {
	n := newTestNS(t)
	populate(t, n, 12)
	n.batch(t, []string{
		"rule add fwmark 0x10/0xff iif va1 table 100 priority 300",
		"rule add uidrange 1000-2000 sport 1000-1100 dport 80 ipproto tcp table 200 priority 301",
		"rule add tun_id 0x1234 l3mdev priority 302",
	})
	for _, c := range []struct {
		name, family, set string
		req               nlsock.Message
		fields            func(obj any) []typedField
		// handled are attributes held in a form the generic decoder has no
		// counterpart for (raw nests, rtnexthop arrays), not compared but
		// known to the typed decoder
		handled []string
	}{
		{"links", "rt-link", "link-attrs", rtnl.LinkDumpRequest(), fieldsOf(linkFields), []string{"linkinfo", "prop-list", "stats64"}},
		{"addresses", "rt-addr", "addr-attrs", rtnl.AddrDumpRequest(), fieldsOf(addrFields), nil},
		{"routes", "rt-route", "route-attrs", rtnl.RouteDumpRequest(), fieldsOf(routeFields), []string{"rta-via", "rta-encap", "rta-metrics", "rta-multipath"}},
		{"neighbours", "rt-neigh", "neighbour-attrs", rtnl.NeighDumpRequest(), fieldsOf(neighFields), nil},
		{"rules", "rt-rule", "fib-rule-attrs", rtnl.RuleDumpRequest(), fieldsOf(ruleFields), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := builtin.MustSpec(c.family)
			msgs, err := rtnl.Dump(ctx(t), n.sock, c.req)
			if err != nil || len(msgs) < 5 {
				t.Fatalf("%d messages, %v", len(msgs), err)
			}
			hdr := rtnl.HeaderLen(c.req.Header.Type)
			compared := 0
			for _, m := range msgs {
				obj, err := rtnl.Decode(m.Header.Type, m.Payload)
				if err != nil {
					t.Fatal(err)
				}
				generic, err := spec.Decode(c.set, m.Payload[hdr:])
				if err != nil {
					t.Fatal(err)
				}
				known := slices.Clone(c.handled)
				for _, f := range c.fields(obj) {
					known = append(known, f.attr)
					g, ok := generic[f.attr]
					switch {
					case !ok && !f.fallback && !reflect.ValueOf(f.value).IsZero():
						t.Errorf("%s: %s is absent, typed field holds %v", msgName(m), f.attr, f.value)
					case ok && !reflect.DeepEqual(f.value, genericForm(spec, c.set, f.attr, g)):
						t.Errorf("%s: %s typed %#v, generic %#v", msgName(m), f.attr, f.value, genericForm(spec, c.set, f.attr, g))
					case ok:
						compared++
					}
				}
				checkUnknown(t, spec.Sets[c.set], obj, known, msgName(m))
			}
			t.Logf("%d messages, %d attributes agree", len(msgs), compared)
		})
	}
}

// fieldsOf is one type's field list (linkFields, ...) for the decoded
// objects rtnl.Decode gives.
func fieldsOf[T any](list func(*T) []typedField) func(any) []typedField {
	return func(obj any) []typedField { return list(obj.(*T)) }
}

func msgName(m nlsock.Message) string {
	return fmt.Sprintf("%s seq %d (%d bytes)", rtnl.MessageTypeName(m.Header.Type), m.Header.Seq, len(m.Payload))
}

// genericForm turns what the generic decoder gives into typedField's
// forms: a set of flag names back into its mask, a struct into its members'
// values in order, a list of strings into []string.
func genericForm(spec *ynl.Spec, set, attr string, v any) any {
	a, _ := spec.Sets[set].Attr(attr)
	switch g := v.(type) {
	case []any:
		if a.Enum != nil && a.AsFlags {
			var mask uint64
			for _, name := range g {
				switch x := name.(type) {
				case string:
					bit, _ := a.Enum.Lookup(x)
					mask |= bit
				case uint64:
					mask |= x
				}
			}
			return mask
		}
		var out []string
		for _, s := range g {
			out = append(out, fmt.Sprint(s))
		}
		return out
	case ynl.Attrs:
		if a.Struct != nil {
			var out []uint64
			for _, m := range a.Struct.Members {
				if u, ok := g[m.Name].(uint64); ok {
					out = append(out, u)
				}
			}
			return out
		}
	}
	return v
}

// checkUnknown: an attribute the test knows the typed decoder holds is
// never in Unknown, and every other one is.
func checkUnknown(t *testing.T, set *ynl.AttrSet, obj any, known []string, what string) {
	t.Helper()
	type attrLister interface {
		Attrs() ([]nlsock.Attr, error)
		Unknown() ([]nlsock.Attr, error)
	}
	o := obj.(attrLister)
	all, _ := o.Attrs()
	unknown, _ := o.Unknown()
	var want, got []uint16
	for _, a := range all {
		if d, ok := set.ByType(a.Type); !ok || !slices.Contains(known, d.Name) {
			want = append(want, a.Type)
		}
	}
	for _, a := range unknown {
		got = append(got, a.Type)
	}
	if !slices.Equal(want, got) {
		t.Errorf("%s: Unknown has types %v, want %v", what, got, want)
	}
}

func u(v uint32) uint64 { return uint64(v) }

// uints is a struct's uint32 members in the generic decoder's form.
func uints(vs ...uint32) []uint64 {
	out := make([]uint64, len(vs))
	for i, v := range vs {
		out[i] = uint64(v)
	}
	return out
}

// appendIf adds the field of attr to f when the typed decoder says it had
// the attribute (its Has... flag): there the zero value is a value, not
// the absence the comparison otherwise reads it as.
func appendIf(f []typedField, has bool, attr string, value any) []typedField {
	if has {
		f = append(f, typedField{attr: attr, value: value})
	}
	return f
}

func bytesOf(b []byte) any {
	if b == nil {
		return []byte(nil)
	}
	return b
}

func linkFields(l *rtnl.Link) []typedField {
	return []typedField{
		{attr: "ifname", value: l.Name}, {attr: "mtu", value: u(l.MTU)}, {attr: "ifalias", value: l.Alias},
		{attr: "address", value: bytesOf(l.Address)}, {attr: "broadcast", value: bytesOf(l.Broadcast)},
		{attr: "perm-address", value: bytesOf(l.PermAddress)}, {attr: "qdisc", value: l.Qdisc},
		{attr: "operstate", value: uint64(l.OperState)}, {attr: "linkmode", value: uint64(l.LinkMode)},
		{attr: "carrier", value: uint64(l.Carrier)}, {attr: "proto-down", value: uint64(l.ProtoDown)},
		{attr: "master", value: u(uint32(l.Master))}, {attr: "link", value: u(uint32(l.Link))},
		{attr: "link-netnsid", value: int64(l.LinkNetNSID)}, {attr: "txqlen", value: u(l.TxQLen)},
		{attr: "group", value: u(l.Group)}, {attr: "promiscuity", value: u(l.Promiscuity)},
		{attr: "num-tx-queues", value: u(l.NumTxQueues)}, {attr: "num-rx-queues", value: u(l.NumRxQueues)},
		{attr: "carrier-changes", value: u(l.CarrierChanges)}, {attr: "min-mtu", value: u(l.MinMTU)},
		{attr: "max-mtu", value: u(l.MaxMTU)}, {attr: "gso-max-size", value: u(l.GSOMaxSize)},
		{attr: "gso-max-segs", value: u(l.GSOMaxSegs)},
	}
}

func addrFields(a *rtnl.Address) []typedField {
	f := []typedField{
		{attr: "ifa-address", value: bytesOf(a.Address.AsSlice())}, {attr: "ifa-local", value: bytesOf(a.Local.AsSlice())},
		{attr: "ifa-broadcast", value: bytesOf(a.Broadcast.AsSlice())}, {attr: "ifa-anycast", value: bytesOf(a.Anycast.AsSlice())},
		{attr: "ifa-multicast", value: bytesOf(a.Multicast.AsSlice())}, {attr: "ifa-label", value: a.Label},
		{attr: "ifa-flags", value: u(a.Flags), fallback: true}, {attr: "ifa-rt-priority", value: u(a.Priority)},
		{attr: "ifa-proto", value: uint64(a.Proto)},
	}
	c := a.CacheInfo
	return appendIf(f, a.HasCacheInfo, "ifa-cacheinfo", uints(c.Preferred, c.Valid, c.Created, c.Updated))
}

func routeFields(r *rtnl.Route) []typedField {
	f := []typedField{
		{attr: "rta-dst", value: bytesOf(r.Dst.AsSlice())}, {attr: "rta-src", value: bytesOf(r.Src.AsSlice())},
		{attr: "rta-gateway", value: bytesOf(r.Gateway.AsSlice())}, {attr: "rta-prefsrc", value: bytesOf(r.PrefSrc.AsSlice())},
		{attr: "rta-table", value: u(r.Table), fallback: true}, {attr: "rta-encap-type", value: uint64(r.EncapType)},
		{attr: "rta-iif", value: u(r.IIF)}, {attr: "rta-oif", value: u(r.OIF)}, {attr: "rta-priority", value: u(r.Priority)},
		{attr: "rta-mark", value: u(r.Mark)}, {attr: "rta-expires", value: u(r.Expires)}, {attr: "rta-nh-id", value: u(r.NHID)},
	}
	return appendIf(f, r.HasPref, "rta-pref", uint64(r.Pref))
}

func neighFields(n *rtnl.Neighbour) []typedField {
	f := []typedField{
		{attr: "dst", value: bytesOf(n.Dst.AsSlice())}, {attr: "lladdr", value: bytesOf(n.LLAddr)},
		{attr: "probes", value: u(n.Probes)}, {attr: "vlan", value: uint64(n.VLAN)}, {attr: "master", value: u(n.Master)},
		{attr: "flags-ext", value: u(n.FlagsExt)}, {attr: "protocol", value: uint64(n.Protocol)},
	}
	c := n.CacheInfo
	return appendIf(f, n.HasCacheInfo, "cacheinfo", uints(c.Confirmed, c.Used, c.Updated, c.RefCnt))
}

func ruleFields(r *rtnl.Rule) []typedField {
	f := []typedField{
		{attr: "dst", value: bytesOf(r.Dst.AsSlice())}, {attr: "src", value: bytesOf(r.Src.AsSlice())},
		{attr: "iifname", value: r.IIFName}, {attr: "oifname", value: r.OIFName},
		{attr: "table", value: u(r.Table), fallback: true}, {attr: "fwmask", value: u(r.FwMask)},
		{attr: "goto", value: u(r.Goto)}, {attr: "tun-id", value: r.TunID},
		{attr: "suppress-ifgroup", value: u(r.SuppressIfGroup)}, {attr: "suppress-prefixlen", value: u(r.SuppressPrefixLen), fallback: true},
		{attr: "l3mdev", value: uint64(r.L3MDev)}, {attr: "protocol", value: uint64(r.Protocol)},
		{attr: "ip-proto", value: uint64(r.IPProto)},
		{attr: "sport-range", value: []uint64{uint64(r.SportRange[0]), uint64(r.SportRange[1])}, fallback: true},
		{attr: "dport-range", value: []uint64{uint64(r.DportRange[0]), uint64(r.DportRange[1])}, fallback: true},
	}
	f = appendIf(f, r.HasPriority, "priority", u(r.Priority))
	f = appendIf(f, r.HasFwMark, "fwmark", u(r.FwMark))
	return appendIf(f, r.HasUIDRange, "uid-range", uints(r.UIDRange[0], r.UIDRange[1]))
}
