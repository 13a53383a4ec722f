//go:build linux

package monitor

import (
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// genlFamily is a generic netlink family the monitor subscribed to: its
// events are named after it, and decoded by its YNL spec when one is found.
type genlFamily struct {
	name string
	spec *ynl.Spec // nil: no spec found; commands stay numbers
}

// genlFamilies finds the YNL spec of each generic family of subs, in dirs
// and then ynl.SearchPath's defaults. A family without a spec is named but
// not decoded; a spec that is found but does not load is an error.
func genlFamilies(subs []Subscription, dirs []string) (map[uint16]*genlFamily, error) {
	fams := map[uint16]*genlFamily{}
	for _, sub := range subs {
		if sub.Family == "" || sub.FamilyID == genl.CtrlID || fams[sub.FamilyID] != nil {
			continue // nlctrl has a decoder of its own
		}
		f := &genlFamily{name: sub.Family}
		spec, err := ynl.LoadFamily(sub.Family, ynl.SearchPath(dirs...))
		switch {
		case errors.Is(err, unix.ENOENT):
		case err != nil:
			return nil, fmt.Errorf("monitor %s: %w", sub.Spec, err)
		case spec.IsGeneric():
			f.spec = spec
		}
		fams[sub.FamilyID] = f
	}
	return fams, nil
}

// describe names an event of the family ("netdev dev-add-ntf") and, with a
// spec, decodes it: Value is the ynl.Attrs, Text lists them.
func (f *genlFamily) describe(ev *Event) {
	h, body, err := genl.ParseHeader(ev.Message.Payload)
	if err != nil {
		ev.Err = err
		return
	}
	ev.Object = f.name
	ev.Type = fmt.Sprintf("%s cmd %d", f.name, h.Command)
	if f.spec == nil {
		ev.Text = fmt.Sprintf("%d bytes (no YNL spec of %s: see --specs)", len(body), f.name)
		return
	}
	m, err := f.spec.DecodeBody(uint16(h.Command), body)
	ev.Err = err
	if m.Op != "" {
		ev.Type = f.name + " " + m.Op
	}
	ev.Value = m.Attrs
	if ev.Text = strings.TrimPrefix(appendAttrs(nil, m.Attrs), " "); ev.Text == "" {
		ev.Text = "(no attributes)"
	}
}

// appendAttrs writes " name value" for each attribute, by name.
func appendAttrs(b []byte, attrs ynl.Attrs) string {
	names := make([]string, 0, len(attrs))
	for k := range attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		b = append(b, ' ')
		b = append(b, k...)
		b = append(b, ' ')
		b = append(b, attrText(attrs[k])...)
	}
	return string(b)
}

// attrText is a decoded value in one word or a braced group: lists joined
// by commas ("none" if empty), binary in hex.
func attrText(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)[1 : len(strconv.Quote(x))-1]
	case []byte:
		return hex.EncodeToString(x)
	case ynl.Attrs:
		return "{" + strings.TrimPrefix(appendAttrs(nil, x), " ") + "}"
	case []any:
		if len(x) == 0 {
			return "none"
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = attrText(e)
		}
		return strings.Join(parts, ",")
	case []ynl.RawAttr:
		parts := make([]string, len(x))
		for i, a := range x {
			parts[i] = fmt.Sprintf("%d:%s", a.Type, hex.EncodeToString(a.Data))
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return fmt.Sprint(v)
}

// jsonAttrs is attrs for --json: binary as hex, raw attributes as
// {type, data} objects.
func jsonAttrs(v any) any {
	switch x := v.(type) {
	case []byte:
		return hex.EncodeToString(x)
	case ynl.Attrs:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonAttrs(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonAttrs(e)
		}
		return out
	case []ynl.RawAttr:
		out := make([]any, len(x))
		for i, a := range x {
			out[i] = map[string]any{"type": a.Type, "data": hex.EncodeToString(a.Data)}
		}
		return out
	}
	return v
}
