//go:build linux

package luabind

import (
	"context"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// registerBuiltinFamilies gives the netlink module what it knows without a
// family module: route message type and group names, and "family:group"
// lookups for generic netlink. Family modules opened later may replace
// these with richer versions (Env.SetTypeNames, Env.SetGroups).
func registerBuiltinFamilies(e *Env) {
	if e.typeNames[ProtoRoute] == nil {
		e.SetTypeNames(ProtoRoute, rtnl.MessageTypeName)
	}
	if e.groups[ProtoRoute].Resolve == nil {
		e.SetGroups(ProtoRoute, Groups{Resolve: resolveRouteGroup, Name: rtnl.GroupName})
	}
	if e.groups[ProtoGeneric].Resolve == nil {
		e.SetGroups(ProtoGeneric, Groups{Resolve: resolveGenlGroup})
	}
}

func resolveRouteGroup(_ context.Context, _ *nlsock.Socket, name string) ([]uint32, error) {
	if ids, ok := rtnl.ParseGroup(name); ok {
		return ids, nil
	}
	return nil, &UnknownGroupError{
		Proto: "route", Name: name,
		Known: "e.g. link, neigh, ipv4-ifaddr, ipv6-route, nsid; or a set: " + strings.Join(rtnl.GroupSetNames(), ", "),
	}
}

func resolveGenlGroup(ctx context.Context, s *nlsock.Socket, name string) ([]uint32, error) {
	fam, grp, ok := strings.Cut(name, ":")
	if !ok || fam == "" || grp == "" {
		return nil, &UnknownGroupError{Proto: "generic", Name: name, Known: `write "family:group", e.g. "nlctrl:notify"`}
	}
	id, err := genl.ResolveGroup(ctx, s, name)
	if err != nil {
		return nil, err
	}
	return []uint32{id}, nil
}
