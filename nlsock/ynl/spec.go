package ynl

import (
	"fmt"
	"os"
	"strconv"

	"gopkg.in/yaml.v3"
)

// The raw* types mirror the YAML of a spec (the kernel's
// Documentation/netlink/genetlink-legacy.yaml schema and its siblings) as
// far as nlsh uses it; compile turns them into the model in model.go.

type rawSpec struct {
	Name          string      `yaml:"name"`
	Protocol      string      `yaml:"protocol"`
	ProtoNum      *int        `yaml:"protonum"`
	Definitions   []rawDef    `yaml:"definitions"`
	AttributeSets []rawSet    `yaml:"attribute-sets"`
	Operations    rawOps      `yaml:"operations"`
	McastGroups   rawMcGroups `yaml:"mcast-groups"`
}

type rawDef struct {
	Name       string      `yaml:"name"`
	Type       string      `yaml:"type"`
	Value      yaml.Node   `yaml:"value"`
	ValueStart *int64      `yaml:"value-start"`
	Entries    []rawEntry  `yaml:"entries"`
	Members    []rawMember `yaml:"members"`
}

// rawEntry is an enum or flags entry: a bare name or {name:, value:}.
type rawEntry struct {
	Name  string
	Value *int64
}

func (e *rawEntry) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		e.Name = n.Value
		return nil
	}
	var m struct {
		Name  string `yaml:"name"`
		Value *int64 `yaml:"value"`
	}
	if err := n.Decode(&m); err != nil {
		return err
	}
	e.Name, e.Value = m.Name, m.Value
	return nil
}

type rawMember struct {
	Name        string    `yaml:"name"`
	Type        string    `yaml:"type"`
	Len         yaml.Node `yaml:"len"`
	ByteOrder   string    `yaml:"byte-order"`
	Enum        string    `yaml:"enum"`
	EnumAsFlags bool      `yaml:"enum-as-flags"`
	Struct      string    `yaml:"struct"`
}

type rawSet struct {
	Name       string    `yaml:"name"`
	SubsetOf   string    `yaml:"subset-of"`
	Attributes []rawAttr `yaml:"attributes"`
}

type rawAttr struct {
	Name             string    `yaml:"name"`
	Type             string    `yaml:"type"`
	Value            *int64    `yaml:"value"`
	ByteOrder        string    `yaml:"byte-order"`
	Enum             string    `yaml:"enum"`
	EnumAsFlags      bool      `yaml:"enum-as-flags"`
	NestedAttributes string    `yaml:"nested-attributes"`
	MultiAttr        bool      `yaml:"multi-attr"`
	SubType          string    `yaml:"sub-type"`
	TypeValue        []string  `yaml:"type-value"`
	Struct           string    `yaml:"struct"`
	SubMessage       string    `yaml:"sub-message"`
	Len              yaml.Node `yaml:"len"`
}

type rawOps struct {
	EnumModel   string  `yaml:"enum-model"`
	FixedHeader string  `yaml:"fixed-header"`
	List        []rawOp `yaml:"list"`
}

type rawOp struct {
	Name         string    `yaml:"name"`
	Value        *int64    `yaml:"value"`
	AttributeSet string    `yaml:"attribute-set"`
	FixedHeader  string    `yaml:"fixed-header"`
	Do           *rawMode  `yaml:"do"`
	Dump         *rawMode  `yaml:"dump"`
	Notify       string    `yaml:"notify"`
	Event        *rawAttrs `yaml:"event"`
	Mcgrp        string    `yaml:"mcgrp"`
}

type rawMode struct {
	Request *rawAttrs `yaml:"request"`
	Reply   *rawAttrs `yaml:"reply"`
}

type rawAttrs struct {
	Value      *int64   `yaml:"value"`
	Attributes []string `yaml:"attributes"`
}

type rawMcGroups struct {
	List []struct {
		Name  string `yaml:"name"`
		Value *int64 `yaml:"value"`
	} `yaml:"list"`
}

// Load reads and compiles the spec in the file at path.
func Load(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ynl spec: %w", err)
	}
	s, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("ynl spec %s: %w", path, err)
	}
	s.Path = path
	return s, nil
}

// Parse compiles a spec from its YAML text.
func Parse(text []byte) (*Spec, error) {
	var r rawSpec
	if err := yaml.Unmarshal(text, &r); err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	if r.Name == "" {
		return nil, fmt.Errorf("no name: not a netlink spec")
	}
	return compile(&r)
}

// nodeInt reads an integer scalar, or the value of a named constant.
func nodeInt(n *yaml.Node, consts map[string]int64) (int64, bool, error) {
	if n.Kind == 0 {
		return 0, false, nil
	}
	if n.Kind != yaml.ScalarNode {
		return 0, false, fmt.Errorf("line %d: want a number", n.Line)
	}
	if v, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
		return v, true, nil
	}
	if v, ok := consts[n.Value]; ok {
		return v, true, nil
	}
	return 0, false, fmt.Errorf("line %d: %q is neither a number nor a constant", n.Line, n.Value)
}
