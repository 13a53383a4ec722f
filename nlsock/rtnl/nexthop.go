//go:build linux

package rtnl

import (
	"context"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// NexthopSpec is a nexthop to add: a single one (Gateway and/or Ifindex,
// Blackhole, FDB) or a group (Group, GroupType "mpath" or "resilient").
type NexthopSpec struct {
	ID        uint32
	Family    uint8  // AF_INET or AF_INET6; from Gateway when 0
	Gateway   string // "10.0.0.2", "2001:db8::2"
	Ifindex   int32
	Blackhole bool
	FDB       bool
	OnLink    bool
	Protocol  uint8
	Group     []NexthopMember
	GroupType string // "mpath" (the kernel's default) or "resilient"
	Buckets   uint16 // resilient groups
	IdleTimer uint32 // resilient groups, seconds
}

// NexthopMember is one member of a nexthop group; Weight 1..256 (0 is 1).
type NexthopMember struct {
	ID     uint32
	Weight uint16
}

// userHZ is the kernel's clock_t unit (USER_HZ) of the resilient group timers.
const userHZ = 100

func nexthopSpec() *ynl.Spec { return builtin.MustSpec("rt-nexthop") }

// Nexthops dumps the nexthop objects as NexthopObject tables.
func Nexthops(ctx context.Context, s *nlsock.Socket) ([]ynl.Attrs, error) {
	msgs, err := describedCall(ctx, s, "rt-nexthop", "getnexthop", true, ynl.Attrs{}, 0)
	if err != nil {
		return nil, err
	}
	out := make([]ynl.Attrs, 0, len(msgs))
	for _, m := range msgs {
		o, err := NexthopObject(m)
		if err != nil {
			return out, err
		}
		out = append(out, o)
	}
	return out, nil
}

// NexthopObject names a decoded RTM_NEWNEXTHOP (or DEL) as ip -j nexthop
// does: id, family, scope, protocol, flags, ifindex (NHA_OIF), gateway as
// text, blackhole and fdb (true when set), group as {id=, weight=} with
// the weight as ip writes it (the kernel's value plus one), type
// ("mpath", "resilient") and resilient {buckets=, idle_timer=,
// unbalanced_timer=, unbalanced_time=}. Attributes without a name here
// are kept as the description names them.
func NexthopObject(m ynl.Message) (ynl.Attrs, error) {
	in := m.Attrs
	out := ynl.Attrs{}
	fam := uint8(uintOf(in["nh-family"]))
	out["family"] = FamilyName(fam)
	out["scope"] = ScopeName(uint8(uintOf(in["nh-scope"])))
	out["protocol"] = ProtocolName(uint8(uintOf(in["nh-protocol"])))
	if f, ok := in["nh-flags"]; ok {
		out["flags"] = f
	}
	for k, v := range in {
		switch k {
		case "nh-family", "nh-scope", "nh-protocol", "nh-flags", "resvd":
		case "oif":
			out["ifindex"] = v
		case "gateway":
			out["gateway"] = addrText(v)
		case "group":
			b, _ := v.([]byte)
			members, err := nexthopSpec().Structs["nexthop-grp"].DecodeArray(b)
			if err != nil {
				return out, fmt.Errorf("nexthop group: %w", err)
			}
			group := make([]any, len(members))
			for i, mb := range members {
				w := uintOf(mb["weight"]) | uintOf(mb["weight-high"])<<8
				group[i] = ynl.Attrs{"id": mb["id"], "weight": w + 1}
			}
			out["group"] = group
		case "group-type":
			out["type"] = v
		case "res-group":
			rg, _ := v.(ynl.Attrs)
			res := ynl.Attrs{}
			for rk, rv := range rg {
				if u, ok := rv.(uint64); ok && rk != "buckets" {
					rv = u / userHZ // clock_t: ip shows seconds
				}
				res[underscores(rk)] = rv
			}
			out["resilient"] = res
		default:
			out[underscores(k)] = v
		}
	}
	if _, isGroup := out["group"]; isGroup {
		if _, ok := out["type"]; !ok {
			out["type"] = "mpath"
		}
	}
	return out, nil
}

// NexthopAdd adds a nexthop or group (NLM_F_CREATE|NLM_F_EXCL).
func NexthopAdd(ctx context.Context, s *nlsock.Socket, n NexthopSpec) error {
	attrs, err := nexthopAttrs(n)
	if err != nil {
		return err
	}
	_, err = describedCall(ctx, s, "rt-nexthop", "newnexthop", false, attrs, nlsock.FlagCreate|nlsock.FlagExcl)
	return err
}

// NexthopDel deletes the nexthop with the given id.
func NexthopDel(ctx context.Context, s *nlsock.Socket, id uint32) error {
	if id == 0 {
		return fmt.Errorf("nexthop del: an id is required")
	}
	_, err := describedCall(ctx, s, "rt-nexthop", "delnexthop", false, ynl.Attrs{"id": id}, 0)
	return err
}

// Check reports what is wrong with n as a nexthop to add (a group with a
// gateway, an address that does not parse, ...), before any request.
func (n NexthopSpec) Check() error {
	_, err := nexthopAttrs(n)
	return err
}

// nexthopAttrs checks n and names its attributes for the description.
func nexthopAttrs(n NexthopSpec) (ynl.Attrs, error) {
	a := ynl.Attrs{"nh-family": n.Family, "nh-protocol": n.Protocol}
	if n.ID != 0 {
		a["id"] = n.ID
	}
	if len(n.Group) > 0 {
		if n.Gateway != "" || n.Ifindex != 0 || n.Blackhole || n.OnLink {
			return nil, fmt.Errorf("nexthop: a group takes no gateway, device, blackhole or onlink")
		}
		members := make([]ynl.Attrs, len(n.Group))
		for i, mb := range n.Group {
			w := mb.Weight
			if w == 0 {
				w = 1
			}
			if mb.ID == 0 || w > 256 {
				return nil, fmt.Errorf("nexthop group member %d: id must be set and weight 1..256", i+1)
			}
			members[i] = ynl.Attrs{"id": mb.ID, "weight": (w - 1) & 0xff, "weight-high": (w - 1) >> 8}
		}
		b, err := nexthopSpec().Structs["nexthop-grp"].EncodeArray(members)
		if err != nil {
			return nil, err
		}
		a["group"] = b
		switch n.GroupType {
		case "", "mpath":
		case "resilient":
			a["group-type"] = n.GroupType
			res := ynl.Attrs{}
			if n.Buckets != 0 {
				res["buckets"] = n.Buckets
			}
			if n.IdleTimer != 0 {
				res["idle-timer"] = n.IdleTimer * userHZ
			}
			a["res-group"] = res
		default:
			return nil, fmt.Errorf("nexthop group type %q: want \"mpath\" or \"resilient\"", n.GroupType)
		}
		if n.FDB {
			a["fdb"] = true
		}
		return a, nil
	}
	if n.GroupType != "" || n.Buckets != 0 || n.IdleTimer != 0 {
		return nil, fmt.Errorf("nexthop: type, buckets and idle_timer are for groups")
	}
	if n.Blackhole {
		if n.Gateway != "" || n.Ifindex != 0 || n.FDB {
			return nil, fmt.Errorf("nexthop: a blackhole takes no gateway, device or fdb")
		}
		a["blackhole"] = true
		if n.Family == AF_UNSPEC {
			a["nh-family"] = AF_INET
		}
		return a, nil
	}
	if n.Gateway != "" {
		gw, af, err := addrBytes("nexthop gateway", n.Gateway, n.Family)
		if err != nil {
			return nil, err
		}
		a["gateway"], a["nh-family"] = gw, af
	}
	if n.Ifindex != 0 {
		a["oif"] = uint32(n.Ifindex)
	}
	if n.FDB {
		a["fdb"] = true
	}
	if n.OnLink {
		a["nh-flags"] = []any{"onlink"}
	}
	if n.Gateway == "" && n.Ifindex == 0 {
		return nil, fmt.Errorf("nexthop: give a gateway, a device, blackhole or a group")
	}
	return a, nil
}
