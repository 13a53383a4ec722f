//go:build linux

package ynl

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Protocols a spec can declare.
const (
	ProtoGenetlink       = "genetlink"
	ProtoGenetlinkLegacy = "genetlink-legacy"
	ProtoGenetlinkC      = "genetlink-c"
	ProtoNetlinkRaw      = "netlink-raw"
)

// Spec is one compiled netlink family spec.
type Spec struct {
	Name     string
	Path     string // the file it was loaded from, if any
	Protocol string // genetlink when the spec says nothing
	ProtoNum int    // netlink-raw: the netlink protocol number

	Sets    map[string]*AttrSet
	Enums   map[string]*Enum
	Structs map[string]*Struct
	Consts  map[string]int64
	// StringConsts are the const definitions whose value is a string.
	StringConsts map[string]string
	Ops          []*Op
	// SubMessages are the spec's sub-messages by name: the layout of a
	// sub-message attribute for each value of its selector.
	SubMessages map[string]map[string]SubFormat
	Doc         string
	Groups      []string          // multicast groups the spec declares
	GroupID     map[string]uint32 // their numbers, where the spec gives them (netlink-raw)

	ops       map[string]*Op
	flagViews map[string]*Enum // enum-as-flags views of plain enums (enumFor)
}

// IsGeneric reports whether the family speaks generic netlink (resolved by
// name through nlctrl, a genlmsghdr before the body); netlink-raw families
// use their own netlink protocol (ProtoNum) and message types.
func (s *Spec) IsGeneric() bool { return s.Protocol != ProtoNetlinkRaw }

// Op finds an operation by name.
func (s *Spec) Op(name string) (*Op, error) {
	if op, ok := s.ops[name]; ok {
		return op, nil
	}
	return nil, fmt.Errorf("%s has no operation %q (operations: %s)", s.Name, name, strings.Join(s.OpNames(), ", "))
}

// OpNames lists the operations in spec order.
func (s *Spec) OpNames() []string {
	names := make([]string, len(s.Ops))
	for i, op := range s.Ops {
		names[i] = op.Name
	}
	return names
}

// Enum is an enum or flags definition. Flags entries are bit masks (1 <<
// the entry's value); enum entries their values.
type Enum struct {
	Name    string
	Flags   bool
	Entries []EnumEntry // in spec order
}

// EnumEntry is one named value of an Enum.
type EnumEntry struct {
	Name  string
	Value uint64 // for flags, the mask
}

// Lookup finds an entry's value by name.
func (e *Enum) Lookup(name string) (uint64, bool) {
	for _, en := range e.Entries {
		if en.Name == name {
			return en.Value, true
		}
	}
	return 0, false
}

// NameOf names a value (flags: a single bit).
func (e *Enum) NameOf(v uint64) (string, bool) {
	for _, en := range e.Entries {
		if en.Value == v {
			return en.Name, true
		}
	}
	return "", false
}

// Struct is a fixed-layout C struct: a family's fixed header or the value
// of a binary attribute.
type Struct struct {
	Name    string
	Members []Member
	Size    int
}

// Member is one field of a Struct.
type Member struct {
	Name      string
	Type      string // u8..u64, s8..s64, binary, pad
	Len       int    // bytes
	BigEndian bool
	Enum      *Enum
	AsFlags   bool
	Struct    *Struct // binary member laid out as a struct
	Hint      string  // display-hint: mac, hex, ipv4, ipv6, uuid
}

// SubFormat is one layout of a sub-message: an attribute-set and a fixed
// header, either of which may be absent.
type SubFormat struct {
	Set         *AttrSet
	FixedHeader *Struct
}

// AttrSet is an attribute-set: attribute names and their types.
type AttrSet struct {
	Name       string
	Attrs      []*Attr // in spec order
	namePrefix *string // name-prefix, nil when the spec gives none
	byName     map[string]*Attr
	byType     map[uint16]*Attr
}

// CName is the kernel header's name of attribute a of s: the set's
// name-prefix and a's name, upper case, '-' as '_' (IFLA_MTU for rt-link's
// mtu); "" when the set declares no name-prefix.
func (s *AttrSet) CName(a *Attr) string {
	if s.namePrefix == nil {
		return ""
	}
	return strings.ToUpper(strings.ReplaceAll(*s.namePrefix+a.Name, "-", "_"))
}

// Attr finds an attribute by name.
func (s *AttrSet) Attr(name string) (*Attr, error) {
	if a, ok := s.byName[name]; ok {
		return a, nil
	}
	names := make([]string, 0, len(s.Attrs))
	for _, a := range s.Attrs {
		if a.Type != "unused" && a.Type != "pad" {
			names = append(names, a.Name)
		}
	}
	return nil, fmt.Errorf("attribute-set %s has no attribute %q (attributes: %s)", s.Name, name, strings.Join(names, ", "))
}

// ByType finds an attribute by its number.
func (s *AttrSet) ByType(t uint16) (*Attr, bool) {
	a, ok := s.byType[t]
	return a, ok
}

// Attr is one attribute of an attribute-set.
type Attr struct {
	Name       string
	Type       string // u8 ... u64, s8 ... s64, uint, sint, string, binary, flag, nest, indexed-array, nest-type-value, bitfield32, sub-message, pad, unused
	Value      uint16 // the attribute type number
	BigEndian  bool
	Enum       *Enum
	AsFlags    bool
	Nested     *AttrSet // nest, indexed-array of nests, nest-type-value
	MultiAttr  bool
	SubType    string               // indexed-array
	TypeValue  []string             // nest-type-value: names of the levels
	Struct     *Struct              // binary with a struct layout
	SubMessage string               // sub-message: the name of its formats
	Selector   string               // sub-message: the attribute whose value picks the format
	Formats    map[string]SubFormat // sub-message: its formats by selector value
	Hint       string               // display-hint: ipv4, ipv6, ipv4-or-v6, mac, hex, uuid; see hint.go
	Doc        string
}

// Op is one operation.
type Op struct {
	Name        string
	Set         *AttrSet // nil for notifications without a set of their own
	FixedHeader *Struct
	Do, Dump    *Mode
	Notify      string // the op whose reply layout a notification uses
	Event       *Msg   // event: attributes of the notification
	Group       string // mcgrp of a notification or event
	Doc         string
	// ReqValue and RspValue are the command requests and replies (or
	// notifications) carry: the genlmsghdr's 8-bit cmd for generic
	// families, the 16-bit nlmsg_type for netlink-raw ones (nftables'
	// start at 0x0a00).
	ReqValue uint16
	RspValue uint16

	hasReply bool // RspValue is meaningful
}

// Mode is the do or dump side of an operation.
type Mode struct {
	Request *Msg
	Reply   *Msg
}

// Msg is a request or reply: its command number and attribute names.
type Msg struct {
	Value uint16
	Attrs []string
}

// compile builds a Spec from the YAML.
func compile(r *rawSpec) (*Spec, error) {
	s := &Spec{
		Name: r.Name, Protocol: r.Protocol,
		Sets: map[string]*AttrSet{}, Enums: map[string]*Enum{}, Structs: map[string]*Struct{},
		Consts: map[string]int64{}, StringConsts: map[string]string{}, ops: map[string]*Op{},
		flagViews: map[string]*Enum{},
	}
	if s.Protocol == "" {
		s.Protocol = ProtoGenetlink
	}
	switch s.Protocol {
	case ProtoGenetlink, ProtoGenetlinkLegacy, ProtoGenetlinkC, ProtoNetlinkRaw:
	default:
		return nil, fmt.Errorf("%s: unknown protocol %q", s.Name, s.Protocol)
	}
	if r.ProtoNum != nil {
		s.ProtoNum = *r.ProtoNum
	}
	s.Doc = r.Doc
	steps := []func(*rawSpec) error{s.compileDefs, s.compileSets, s.compileSubMessages, s.compileOps}
	for _, step := range steps {
		if err := step(r); err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	s.GroupID = map[string]uint32{}
	for _, g := range r.McastGroups.List {
		s.Groups = append(s.Groups, g.Name)
		if g.Value != nil {
			s.GroupID[g.Name] = uint32(*g.Value)
		}
	}
	return s, nil
}

func (s *Spec) compileDefs(r *rawSpec) error {
	// Constants and enums first: struct members may use both.
	if err := s.compileConsts(r); err != nil {
		return err
	}
	structs := map[string]*rawDef{}
	for i := range r.Definitions {
		d := &r.Definitions[i]
		switch d.Type {
		case "enum", "flags":
			s.Enums[d.Name] = compileEnum(d)
		case "struct":
			structs[d.Name] = d
		}
	}
	// Definitions have no order: a struct may use one defined after it
	// (tc's tc-htb-opt uses tc-ratespec).
	for i := range r.Definitions {
		if d := &r.Definitions[i]; d.Type == "struct" {
			if _, err := s.structNamed(d.Name, structs, map[string]bool{}); err != nil {
				return err
			}
		}
	}
	return nil
}

// compileConsts reads the const definitions: numbers, names of other
// constants (in any order) and strings, which the schema allows (team's
// genl-change-event-mc-grp-name is "change_event").
func (s *Spec) compileConsts(r *rawSpec) error {
	pending := map[string]*rawDef{}
	for i := range r.Definitions {
		if d := &r.Definitions[i]; d.Type == "const" {
			if d.Value.Kind != yaml.ScalarNode {
				return fmt.Errorf("definition %s: line %d: want a number or a string", d.Name, d.Value.Line)
			}
			pending[d.Name] = d
		}
	}
	for progress := true; progress; {
		progress = false
		for name, d := range pending {
			if v, ok, err := nodeInt(&d.Value, s.Consts); err == nil && ok {
				s.Consts[name] = v
				delete(pending, name)
				progress = true
			}
		}
	}
	for name, d := range pending {
		s.StringConsts[name] = d.Value.Value
	}
	return nil
}

// structNamed compiles the struct called name (and the structs it uses)
// once; visiting catches a struct that contains itself.
func (s *Spec) structNamed(name string, raw map[string]*rawDef, visiting map[string]bool) (*Struct, error) {
	if st, ok := s.Structs[name]; ok {
		return st, nil
	}
	d, ok := raw[name]
	if !ok {
		return nil, fmt.Errorf("struct %q is not defined", name)
	}
	if visiting[name] {
		return nil, fmt.Errorf("struct %s contains itself", name)
	}
	visiting[name] = true
	st, err := s.compileStruct(d, raw, visiting)
	if err != nil {
		return nil, fmt.Errorf("struct %s: %w", name, err)
	}
	s.Structs[name] = st
	return st, nil
}

func compileEnum(d *rawDef) *Enum {
	e := &Enum{Name: d.Name, Flags: d.Type == "flags"}
	next := int64(0)
	if d.ValueStart != nil {
		next = *d.ValueStart
	}
	for _, en := range d.Entries {
		if en.Value != nil {
			next = *en.Value
		}
		v := uint64(next)
		if e.Flags {
			v = 1 << (uint64(next) & 63)
		}
		e.Entries = append(e.Entries, EnumEntry{Name: en.Name, Value: v})
		next++
	}
	return e
}

// enumFor is the enum a value with enum e uses: e itself, or for
// enum-as-flags on a plain enum a flags view of it whose entries are
// BIT(value), as the kernel sets them (devlink's reload-actions-performed
// is BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT) | ...). It also says whether
// the value is a set of flags.
func (s *Spec) enumFor(e *Enum, asFlags bool) (*Enum, bool) {
	if e.Flags || !asFlags {
		return e, e.Flags
	}
	if v, ok := s.flagViews[e.Name]; ok {
		return v, true
	}
	v := &Enum{Name: e.Name, Flags: true}
	for _, en := range e.Entries {
		v.Entries = append(v.Entries, EnumEntry{Name: en.Name, Value: 1 << (en.Value & 63)})
	}
	s.flagViews[e.Name] = v
	return v, true
}

// scalarSize is the size of the fixed-size integer types.
var scalarSize = map[string]int{
	"u8": 1, "u16": 2, "u32": 4, "u64": 8,
	"s8": 1, "s16": 2, "s32": 4, "s64": 8,
}

// LengthProblem says why n data bytes cannot be a value of a ("2 bytes,
// want 4"), or "": the rule of sizeRuleOf, which typed tables check too.
func (a *Attr) LengthProblem(n int) string {
	r := sizeRuleOf(a)
	if r.fits(n) {
		return ""
	}
	return fmt.Sprintf("%d bytes, want %s", n, r.want())
}

func (s *Spec) compileStruct(d *rawDef, raw map[string]*rawDef, visiting map[string]bool) (*Struct, error) {
	st := &Struct{Name: d.Name}
	for _, m := range d.Members {
		mem := Member{Name: m.Name, Type: m.Type, BigEndian: m.ByteOrder == "big-endian", AsFlags: m.EnumAsFlags, Hint: m.DisplayHint}
		if n, ok := scalarSize[m.Type]; ok {
			mem.Len = n
		} else {
			n, ok, err := nodeInt(&m.Len, s.Consts)
			if err != nil {
				return nil, fmt.Errorf("member %s: %w", m.Name, err)
			}
			if !ok && m.Struct != "" {
				inner, err := s.structNamed(m.Struct, raw, visiting)
				if err != nil {
					return nil, fmt.Errorf("member %s: %w", m.Name, err)
				}
				n, ok, mem.Struct = int64(inner.Size), true, inner
			}
			if !ok || n < 0 || n > 1<<16 {
				return nil, fmt.Errorf("member %s (%s): no usable len", m.Name, m.Type)
			}
			mem.Len = int(n)
		}
		if e, ok := s.Enums[m.Enum]; ok {
			mem.Enum, mem.AsFlags = s.enumFor(e, mem.AsFlags)
		}
		st.Members = append(st.Members, mem)
		st.Size += mem.Len
	}
	return st, nil
}

func (s *Spec) compileSets(r *rawSpec) error {
	for _, rs := range r.AttributeSets {
		s.Sets[rs.Name] = &AttrSet{Name: rs.Name, namePrefix: rs.NamePrefix, byName: map[string]*Attr{}, byType: map[uint16]*Attr{}}
	}
	for _, rs := range r.AttributeSets {
		if parent, ok := s.Sets[rs.SubsetOf]; ok && rs.NamePrefix == nil {
			s.Sets[rs.Name].namePrefix = parent.namePrefix
		}
	}
	// Full sets first, then subsets, which borrow their parents' attributes.
	for _, subsets := range []bool{false, true} {
		for i := range r.AttributeSets {
			rs := &r.AttributeSets[i]
			if (rs.SubsetOf != "") != subsets {
				continue
			}
			if err := s.fillSet(rs); err != nil {
				return fmt.Errorf("attribute-set %s: %w", rs.Name, err)
			}
		}
	}
	return nil
}

func (s *Spec) fillSet(rs *rawSet) error {
	set := s.Sets[rs.Name]
	next := int64(1)
	for i := range rs.Attributes {
		ra := &rs.Attributes[i]
		var a *Attr
		if rs.SubsetOf != "" {
			parent, ok := s.Sets[rs.SubsetOf]
			if !ok {
				return fmt.Errorf("subset-of %q: no such attribute-set", rs.SubsetOf)
			}
			pa, err := parent.Attr(ra.Name)
			if err != nil {
				return err
			}
			a = pa
		} else {
			if ra.Value != nil {
				next = *ra.Value
			}
			if next < 0 || next > 0x3fff {
				return fmt.Errorf("attribute %s: value %d out of range", ra.Name, next)
			}
			var err error
			if a, err = s.compileAttr(ra, uint16(next)); err != nil {
				return fmt.Errorf("attribute %s: %w", ra.Name, err)
			}
			next++
		}
		set.Attrs = append(set.Attrs, a)
		set.byName[a.Name] = a
		if _, dup := set.byType[a.Value]; !dup {
			set.byType[a.Value] = a
		}
	}
	return nil
}

func (s *Spec) compileAttr(ra *rawAttr, value uint16) (*Attr, error) {
	a := &Attr{
		Name: ra.Name, Type: ra.Type, Value: value, BigEndian: ra.ByteOrder == "big-endian",
		AsFlags: ra.EnumAsFlags, MultiAttr: ra.MultiAttr, SubType: ra.SubType,
		TypeValue: ra.TypeValue, SubMessage: ra.SubMessage, Selector: ra.Selector,
		Hint: ra.DisplayHint, Doc: ra.Doc,
	}
	if ra.Enum != "" {
		e, ok := s.Enums[ra.Enum]
		if !ok {
			return nil, fmt.Errorf("enum %q is not defined", ra.Enum)
		}
		a.Enum, a.AsFlags = s.enumFor(e, a.AsFlags)
	}
	if ra.NestedAttributes != "" {
		n, ok := s.Sets[ra.NestedAttributes]
		if !ok {
			return nil, fmt.Errorf("nested-attributes %q is not an attribute-set", ra.NestedAttributes)
		}
		a.Nested = n
	}
	if ra.Struct != "" {
		st, ok := s.Structs[ra.Struct]
		if !ok {
			return nil, fmt.Errorf("struct %q is not defined", ra.Struct)
		}
		a.Struct = st
	}
	switch a.Type {
	case "nest", "nest-type-value":
		if a.Nested == nil {
			return nil, fmt.Errorf("%s without nested-attributes", a.Type)
		}
	case "indexed-array":
		if a.SubType == "nest" && a.Nested == nil {
			return nil, fmt.Errorf("indexed-array of nests without nested-attributes")
		}
	}
	return a, nil
}

// SetNames lists the attribute-sets, sorted.
func (s *Spec) SetNames() []string {
	names := make([]string, 0, len(s.Sets))
	for n := range s.Sets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// compileSubMessages reads the sub-messages' formats.
func (s *Spec) compileSubMessages(r *rawSpec) error {
	s.SubMessages = map[string]map[string]SubFormat{}
	for _, sm := range r.SubMessages {
		formats := map[string]SubFormat{}
		for _, f := range sm.Formats {
			var sf SubFormat
			if f.AttributeSet != "" {
				if sf.Set = s.Sets[f.AttributeSet]; sf.Set == nil {
					return fmt.Errorf("sub-message %s: attribute-set %q is not defined", sm.Name, f.AttributeSet)
				}
			}
			if f.FixedHeader != "" {
				if sf.FixedHeader = s.Structs[f.FixedHeader]; sf.FixedHeader == nil {
					return fmt.Errorf("sub-message %s: fixed-header %q is not a struct", sm.Name, f.FixedHeader)
				}
			}
			formats[f.Value] = sf
		}
		s.SubMessages[sm.Name] = formats
	}
	for _, set := range s.Sets {
		for _, a := range set.Attrs {
			if a.Type != "sub-message" {
				continue
			}
			if a.Formats = s.SubMessages[a.SubMessage]; a.Formats == nil {
				return fmt.Errorf("attribute-set %s: attribute %s: sub-message %q is not defined", set.Name, a.Name, a.SubMessage)
			}
		}
	}
	return nil
}
