//go:build linux

package ynlcmd

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

func (o *Options) listFamilies() {
	for _, name := range builtin.Available(o.SpecDirs) {
		fmt.Fprintln(o.Stdout, name)
	}
}

// lists prints --list-ops, --list-msgs and --list-attrs.
func (o *Options) lists(spec *ynl.Spec) error {
	if o.ListOps {
		for _, op := range spec.Ops {
			if isCall(op) && op.Set != nil {
				o.printModes(op)
			}
		}
	}
	if o.ListMsgs {
		for _, op := range spec.Ops {
			o.printModes(op)
		}
	}
	if o.ListAttrs == "" {
		return nil
	}
	op, err := spec.Op(o.ListAttrs)
	if err != nil {
		return usageErr("--list-attrs: %v", err)
	}
	if o.OutputJSON {
		return o.print(attrsListing(op))
	}
	o.printAttrs(op)
	return nil
}

func isCall(op *ynl.Op) bool { return op.Do != nil || op.Dump != nil }

// modes are an operation's modes as the kernel's CLI lists them.
func modes(op *ynl.Op) []string {
	var m []string
	if op.Do != nil {
		m = append(m, "do")
	}
	if op.Dump != nil {
		m = append(m, "dump")
	}
	if op.Event != nil {
		m = append(m, "event")
	}
	if op.Notify != "" {
		m = append(m, "notify")
	}
	return m
}

// printModes prints "dev-get  [ do, dump ]", as the CLI's print(name, " [",
// modes, "]") does.
func (o *Options) printModes(op *ynl.Op) {
	fmt.Fprintln(o.Stdout, op.Name, " [", strings.Join(modes(op), ", "), "]")
}

// attrDesc is one attribute of a --list-attrs listing.
type attrDesc struct {
	name, typ, doc string
}

func describeAttrs(set *ynl.AttrSet, names []string) []attrDesc {
	var out []attrDesc
	for _, n := range names {
		d := attrDesc{name: n, typ: "?"}
		if set != nil {
			if a, err := set.Attr(n); err == nil {
				d.typ, d.doc = attrType(a), a.Doc
			}
		}
		out = append(out, d)
	}
	return out
}

// attrType is the attribute's type with what it refers to: "u32 (enum
// xdp-act, flags)", "nest (dev-attrs)", "binary (struct ifla-cacheinfo)".
func attrType(a *ynl.Attr) string {
	var notes []string
	if a.Enum != nil {
		e := "enum " + a.Enum.Name
		if a.AsFlags {
			e += ", flags"
		}
		notes = append(notes, e)
	}
	if a.Nested != nil {
		notes = append(notes, a.Nested.Name)
	}
	if a.Struct != nil {
		notes = append(notes, "struct "+a.Struct.Name)
	}
	if a.SubType != "" {
		notes = append(notes, "of "+a.SubType)
	}
	if a.MultiAttr {
		notes = append(notes, "multi-attr")
	}
	if a.Hint != "" {
		notes = append(notes, "shown as "+a.Hint)
	}
	if len(notes) == 0 {
		return a.Type
	}
	return a.Type + " (" + strings.Join(notes, ", ") + ")"
}

type listedMsg struct {
	label string
	attrs []attrDesc
}

func listedMsgs(op *ynl.Op) []listedMsg {
	var out []listedMsg
	for _, m := range []struct {
		how  string
		mode *ynl.Mode
	}{{"do", op.Do}, {"dump", op.Dump}} {
		if m.mode == nil {
			continue
		}
		if r := m.mode.Request; r != nil {
			out = append(out, listedMsg{m.how + " request", describeAttrs(op.Set, r.Attrs)})
		}
		if r := m.mode.Reply; r != nil {
			out = append(out, listedMsg{m.how + " reply", describeAttrs(op.Set, r.Attrs)})
		}
	}
	if op.Event != nil {
		out = append(out, listedMsg{"event", describeAttrs(op.Set, op.Event.Attrs)})
	}
	return out
}

func (o *Options) printAttrs(op *ynl.Op) {
	fmt.Fprintf(o.Stdout, "%s [%s]", op.Name, strings.Join(modes(op), ", "))
	if doc := oneLine(op.Doc); doc != "" {
		fmt.Fprintf(o.Stdout, ": %s", doc)
	}
	fmt.Fprintln(o.Stdout)
	if op.FixedHeader != nil {
		fmt.Fprintf(o.Stdout, "  fixed header %s:", op.FixedHeader.Name)
		for _, m := range op.FixedHeader.Members {
			if m.Type != "pad" {
				fmt.Fprintf(o.Stdout, " %s (%s)", m.Name, m.Type)
			}
		}
		fmt.Fprintln(o.Stdout)
	}
	if op.Notify != "" {
		fmt.Fprintf(o.Stdout, "  notification with the attributes of %s's reply\n", op.Notify)
	}
	for _, m := range listedMsgs(op) {
		fmt.Fprintf(o.Stdout, "  %s:\n", m.label)
		if len(m.attrs) == 0 {
			fmt.Fprintln(o.Stdout, "    (no attributes)")
		}
		for _, a := range m.attrs {
			fmt.Fprintf(o.Stdout, "    %s: %s", a.name, a.typ)
			if doc := oneLine(a.doc); doc != "" {
				fmt.Fprintf(o.Stdout, " - %s", doc)
			}
			fmt.Fprintln(o.Stdout)
		}
	}
}

// attrsListing is --list-attrs as JSON: {"name", "doc", "do": {"request":
// [{"name", "type", "doc"}], "reply": [...]}, ...}.
func attrsListing(op *ynl.Op) *ynl.Object {
	obj := ynl.NewObject()
	obj.Set("name", op.Name)
	obj.Set("doc", oneLine(op.Doc))
	for _, m := range listedMsgs(op) {
		how, dir, _ := strings.Cut(m.label, " ")
		if dir == "" {
			how, dir = "notification", how
		}
		inner, ok := obj.Get(how)
		if !ok {
			inner = ynl.NewObject()
			obj.Set(how, inner)
		}
		list := []any{}
		for _, a := range m.attrs {
			d := ynl.NewObject()
			d.Set("name", a.name)
			d.Set("type", a.typ)
			d.Set("doc", oneLine(a.doc))
			list = append(list, d)
		}
		inner.(*ynl.Object).Set(dir, list)
	}
	return obj
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
