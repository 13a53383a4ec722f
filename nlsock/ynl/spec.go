//go:build linux

package ynl

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

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
	SubMessages   []rawSubMsg `yaml:"sub-messages"`
	Doc           string      `yaml:"doc"`
}

// rawSubMsg is a sub-message: attribute layouts chosen by the value of a
// selector attribute (rt-link's linkinfo data by kind).
type rawSubMsg struct {
	Name    string `yaml:"name"`
	Formats []struct {
		Value        string `yaml:"value"`
		AttributeSet string `yaml:"attribute-set"`
		FixedHeader  string `yaml:"fixed-header"`
	} `yaml:"formats"`
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
	DisplayHint string    `yaml:"display-hint"`
}

type rawSet struct {
	Name       string    `yaml:"name"`
	NamePrefix *string   `yaml:"name-prefix"`
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
	Selector         string    `yaml:"selector"`
	DisplayHint      string    `yaml:"display-hint"`
	Doc              string    `yaml:"doc"`
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
	Doc          string    `yaml:"doc"`
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

// maxSpecSize bounds what Load reads: the kernel's largest spec is a few
// hundred kilobytes.
const maxSpecSize = 16 << 20

// Load reads and compiles the spec in the file at path. Its errors are one
// line and never quote the file (which may be any file a script names).
func Load(path string) (*Spec, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("ynl spec: %w", err)
	}
	switch {
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("ynl spec %s: not a regular file", path)
	case st.Size() > maxSpecSize:
		return nil, fmt.Errorf("ynl spec %s: not a YNL spec (%d bytes, more than %d)", path, st.Size(), maxSpecSize)
	}
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

// Parse compiles a spec from its YAML text. A text that is not YAML, or
// YAML without a spec's top-level keys (name, and attribute-sets or
// operations), is "not a YNL spec (...)"; YAML errors are summarised as
// "line N: ..." without quoting the text.
func Parse(text []byte) (*Spec, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, fmt.Errorf("not a YNL spec (%s)", yamlProblem(err))
	}
	if err := specShape(&doc); err != nil {
		return nil, err
	}
	var r rawSpec
	if err := doc.Decode(&r); err != nil {
		return nil, fmt.Errorf("bad YNL spec (%s)", yamlProblem(err))
	}
	if r.Name == "" {
		return nil, errors.New("not a YNL spec (empty name)")
	}
	return compile(&r)
}

// specShape checks that doc is a mapping with a spec's top-level keys.
func specShape(doc *yaml.Node) error {
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return errors.New("not a YNL spec (empty)")
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return fmt.Errorf("not a YNL spec (line %d: the top level is %s, not a mapping of keys)", top.Line, nodeKind(top))
	}
	var name, body bool
	for i := 0; i+1 < len(top.Content); i += 2 {
		switch top.Content[i].Value {
		case "name":
			name = true
		case "attribute-sets", "operations":
			body = true
		}
	}
	var missing []string
	if !name {
		missing = append(missing, "no name")
	}
	if !body {
		missing = append(missing, "no attribute-sets or operations")
	}
	if missing != nil {
		return fmt.Errorf("not a YNL spec (%s)", strings.Join(missing, ", "))
	}
	return nil
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return "a " + tagWord(n.ShortTag())
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return "not a mapping"
}

// tagWord names a YAML type tag for an error message.
func tagWord(tag string) string {
	switch tag {
	case "!!str":
		return "string"
	case "!!int":
		return "integer"
	case "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	case "!!null":
		return "null"
	case "!!seq":
		return "list"
	case "!!map":
		return "mapping"
	case "!!binary":
		return "binary value"
	case "!!timestamp":
		return "timestamp"
	}
	return "value"
}

// The patterns yamlProblem reads yaml.v3's errors with, compiled on first
// use: every process starts without them.
var (
	yamlLine    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^line (\d+): `) })
	yamlTypeErr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^line (\d+): cannot unmarshal (!!\w+)`) })
	yamlQuoted  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("`[^`]*`|'[^']*'|\"[^\"]*\"") })
)

// yamlMaxWords bounds a summarised YAML error.
const yamlMaxWords = 12

// yamlProblem summarises a yaml.v3 error in one line without the text it
// quotes: "line 3: mapping values are not allowed in this context",
// "line 1: unexpected string" (and how many more there are).
func yamlProblem(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := "unexpected value"
		first := te.Errors[0]
		if m := yamlLine().FindStringSubmatch(first); m != nil && strings.Contains(first, "already defined") {
			msg = fmt.Sprintf("line %s: a key given twice", m[1])
		} else if m := yamlTypeErr().FindStringSubmatch(first); m != nil {
			msg = fmt.Sprintf("line %s: unexpected %s", m[1], tagWord(m[2]))
		} else if m := yamlLine().FindStringSubmatch(first); m != nil {
			msg = fmt.Sprintf("line %s: unexpected value", m[1])
		}
		if n := len(te.Errors) - 1; n > 0 {
			msg += fmt.Sprintf(" (and %d more)", n)
		}
		return msg
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	msg = yamlQuoted().ReplaceAllString(msg, "…")
	if words := strings.Fields(msg); len(words) > yamlMaxWords {
		msg = strings.Join(words[:yamlMaxWords], " ") + " …"
	}
	return msg
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
