//go:build linux

package rtnl

import (
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// The attribute numbers, names and types of links, addresses, routes,
// neighbours and rules are read from nlsh's built-in YNL descriptions
// (nlsock/ynl/builtin/descriptions/rt-*.yaml), in their compiled form:
// this package binds attribute names to the fields of its types and
// knows no attribute number of its own.

// Malformed is a top-level attribute whose length does not fit the type
// its description gives (IFLA_MTU of 2 bytes, an IPv4 address of 3).
// Decoders leave it out — the field it would fill keeps its zero value
// and its Has flag stays false — and list it in the object's Malformed.
// Nested attributes are not checked.
type Malformed = ynl.Malformed

// attrNumber is the number of attribute name of a set, for the few
// places (requests, nested walks) that need it rather than a field.
func attrNumber(s *ynl.AttrSet, name string) uint16 {
	a, err := s.Attr(name)
	if err != nil {
		panic("rtnl: " + err.Error())
	}
	return a.Value
}

// schema is what the package knows of an Object's messages: its family
// header's size and its top-level attribute-set.
type schema struct {
	hdrLen int
	set    func() *ynl.AttrSet
}

// kindSchema is the schema of an object kind.
func kindSchema[T any](k *objectKind[T]) schema {
	return schema{k.hdrLen, func() *ynl.AttrSet { return k.table().Set() }}
}

var schemas = [...]schema{
	ObjectLink:      kindSchema(&linkKind),
	ObjectAddress:   kindSchema(&addrKind),
	ObjectRoute:     kindSchema(&routeKind),
	ObjectNeighbour: kindSchema(&neighKind),
	ObjectRule:      kindSchema(&ruleKind),
}

// HeaderLen returns the size of the family header that starts the payload
// of msgType (16 for links), or 0 if unknown.
func HeaderLen(msgType uint16) int { return schemas[ObjectOf(msgType)].hdrLen }

// AttrName names a top-level attribute of msgType's payload ("IFLA_MTU" for
// RTM_NEWLINK and 4), as its description does, or "" if unknown.
func AttrName(msgType, attrType uint16) string {
	sc := schemas[ObjectOf(msgType)]
	if sc.set == nil {
		return ""
	}
	return cName(sc.set(), attrType)
}

// AttrType is the number of a top-level attribute of msgType's payload by
// its uapi name (4 for RTM_NEWLINK and "IFLA_MTU"), as its description
// numbers it; false if the description has no such attribute.
func AttrType(msgType uint16, name string) (uint16, bool) {
	sc := schemas[ObjectOf(msgType)]
	if sc.set == nil {
		return 0, false
	}
	s := sc.set()
	for _, a := range s.Attrs {
		if s.CName(a) == name {
			return a.Value, true
		}
	}
	return 0, false
}

func cName(s *ynl.AttrSet, typ uint16) string {
	if a, ok := s.ByType(typ); ok {
		return s.CName(a)
	}
	return ""
}

// metricsSet is rt-route's rta-metrics: the RTAX_ route metrics.
var metricsSet = sync.OnceValue(func() *ynl.AttrSet { return builtin.MustSet("rt-route", "rta-metrics") })

// MetricName names a route metric ("RTAX_MTU" for 2), or "" if unknown.
func MetricName(t uint16) string { return cName(metricsSet(), t) }

// attrConstants lists the attributes of the sets scripts name by their
// uapi names (IFLA_*, IFLA_INFO_*, VETH_INFO_*, IFA_*, RTA_*, RTAX_*,
// NDA_*, FRA_*), as their descriptions number them.
func attrConstants(cs []Constant) []Constant {
	for _, s := range []*ynl.AttrSet{linkKind.table().Set(), linkInfoTable().Set(), vethTable().Set(),
		addrKind.table().Set(), routeKind.table().Set(), metricsSet(), neighKind.table().Set(), ruleKind.table().Set()} {
		if _, ok := s.ByType(0); !ok && len(s.Attrs) > 0 {
			cs = append(cs, Constant{unspecName(s), 0})
		}
		for _, a := range s.Attrs {
			cs = append(cs, Constant{s.CName(a), uint32(a.Value)})
		}
	}
	return cs
}

// unspecName is the uapi name of a set's attribute 0 ("IFLA_UNSPEC",
// "RTA_UNSPEC"), which every rtnetlink enum starts with and the
// descriptions leave out: "unspec" after the set's name-prefix, or for a
// set whose names carry the prefix themselves ("rta-dst"), after the first
// name's up to its first '-'.
func unspecName(s *ynl.AttrSet) string {
	name := "unspec"
	if s.CName(&ynl.Attr{Name: name}) == "UNSPEC" {
		first := s.Attrs[0].Name
		name = first[:strings.IndexByte(first, '-')+1] + name
	}
	return s.CName(&ynl.Attr{Name: name})
}
