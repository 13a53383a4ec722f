//go:build linux

package rtnl

import (
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// An attribute of the wrong length (rtnl.Malformed) leaves every field it
// would give absent — eager or lazy, never a 0 read from nowhere — and the
// table gets malformed = {"IFLA_MTU: 2 bytes, want 4", ...}.

// malformedFieldsByName are the fields of attributes whose field is not
// their name without prefix, in lower case (IFLA_MTU gives mtu), or that
// give several fields; made on first use, which only a malformed
// message needs.
var malformedFieldsByName = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		"IFLA_IFNAME":     {"name"},
		"IFLA_IFALIAS":    {"alias"},
		"IFLA_STATS64":    {"stats"},
		"IFA_LOCAL":       {"address", "local"},
		"IFA_ADDRESS":     {"ifa_address", "peer"},
		"IFA_FLAGS":       {"flags", "ifa_flags"},
		"IFA_RT_PRIORITY": {"metric"},
		"IFA_CACHEINFO":   {"cacheinfo", "valid_lft", "preferred_lft"},
		"RTA_DST":         {"dst"},
		"RTA_TABLE":       {"table", "table_name"},
		"RTA_OIF":         {"ifindex", "oif"},
		"RTA_PRIORITY":    {"metric"},
		"RTA_NH_ID":       {"nhid"},
		"NDA_FLAGS_EXT":   {"flags"},
		"FRA_TABLE":       {"table", "table_name"},
	}
})

// malformedFields lists the table fields attribute m would have given.
func malformedFields(m rtnl.Malformed) []string {
	if f, ok := malformedFieldsByName()[m.Name]; ok {
		return f
	}
	if _, rest, ok := strings.Cut(m.Name, "_"); ok {
		return []string{strings.ToLower(rest)}
	}
	return nil
}

// markMalformed removes from t the fields of the malformed attributes and
// lists them in t.malformed.
func markMalformed(L *lua.LState, t *lua.LTable, list []rtnl.Malformed) {
	if len(list) == 0 {
		return
	}
	texts := L.CreateTable(len(list), 0)
	for _, m := range list {
		for _, f := range malformedFields(m) {
			t.RawSetString(f, lua.LNil)
		}
		texts.Append(lua.LString(m.String()))
	}
	t.RawSetString("malformed", texts)
}

// lazyMalformed reports whether key is a field of a malformed attribute of
// obj, which a lazy lookup must then leave absent.
func lazyMalformed(obj any, key string) bool {
	for _, m := range objectMalformed(obj) {
		for _, f := range malformedFields(m) {
			if f == key {
				return true
			}
		}
	}
	return false
}

func objectMalformed(obj any) []rtnl.Malformed {
	switch o := obj.(type) {
	case *rtnl.Link:
		return o.Malformed
	case *rtnl.Address:
		return o.Malformed
	case *rtnl.Route:
		return o.Malformed
	case *rtnl.Neighbour:
		return o.Malformed
	case *rtnl.Rule:
		return o.Malformed
	}
	return nil
}
