//go:build linux

package rtnl

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// Option is an attribute a request sets, named by its field (LinkFields'
// fields marked Option: "mtu", "alias"): the description gives its number
// and type, and the encoder checks the value against that type.
type Option struct {
	Name  string
	Value any // an integer type or float64 for integer attributes, a string for strings
}

// OptionSpec is a field a request takes: its name, its attribute's uapi
// name ("IFLA_MTU") and type ("u32", "string") as the description gives
// them, for callers that check values before building the request.
type OptionSpec struct {
	Name, Label, Type string
}

// LinkOptions are the fields LinkAddRequest and LinkSetRequest take as
// Options.
func LinkOptions() []OptionSpec { return optionSpecs(LinkFields(), linkKind.table().Set()) }

func optionSpecs[T any](fields []Field[T], set *ynl.AttrSet) []OptionSpec {
	var specs []OptionSpec
	for _, f := range fields {
		if f.Option {
			a, err := set.Attr(f.Attr)
			if err != nil {
				panic("rtnl: " + err.Error()) // a binding the tables would have refused
			}
			specs = append(specs, OptionSpec{f.Name, set.Label(a), a.Type})
		}
	}
	return specs
}

// putOptions writes opts as the attributes of their fields.
func putOptions[T any](w *attrWriter, fields []Field[T], opts []Option) error {
	for _, o := range opts {
		f := optionField(fields, o.Name)
		if f == nil {
			return fmt.Errorf("unknown option %q (known: %s)", o.Name, strings.Join(optionNames(fields), ", "))
		}
		w.put(f.Attr, o.Value)
	}
	return w.err
}

func optionField[T any](fields []Field[T], name string) *Field[T] {
	for i := range fields {
		if fields[i].Option && fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

func optionNames[T any](fields []Field[T]) []string {
	var names []string
	for _, f := range fields {
		if f.Option {
			names = append(names, f.Name)
		}
	}
	return names
}
