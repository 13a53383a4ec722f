//go:build linux

package ynl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

// Sub-messages: an attribute whose layout depends on the value of another
// (tc's options by kind, rt-link's linkinfo data by kind). Decode and
// Encode read and write them by the format their selector picks, so a
// qdisc's options are a table of names like any nest.

// frame is one attribute table being decoded.
type frame struct {
	set   *AttrSet
	attrs Attrs
}

// selector finds the value of the attribute called name in the innermost
// table being decoded whose set declares it (TCA_STATS_APP's kind is the
// qdisc's, two levels out).
func (d *decoder) selector(name string) (string, error) {
	for i := len(d.frames) - 1; i >= 0; i-- {
		f := d.frames[i]
		if _, ok := f.set.byName[name]; !ok {
			continue
		}
		v, ok := f.attrs[name]
		if !ok {
			return "", fmt.Errorf("selector %s comes after it or is missing", name)
		}
		s, ok := v.(string)
		if !ok {
			return "", fmt.Errorf("selector %s is not a string", name)
		}
		return s, nil
	}
	return "", fmt.Errorf("selector %s is in no enclosing attribute-set", name)
}

// subMessage decodes b by the format its selector picks: the fixed
// header's members and the attributes in one table. A kind the spec has no
// format for keeps its bytes, as does one whose selector is missing (an
// error then says why).
func (d *decoder) subMessage(a *Attr, b []byte, depth int) any {
	key, err := d.selector(a.Selector)
	if err != nil {
		d.fail(a.Name, err)
		return clone(b)
	}
	f, ok := a.Formats[key]
	if !ok {
		return clone(b)
	}
	t := Attrs{}
	if h := f.FixedHeader; h != nil {
		if len(b) < h.Size {
			d.fail(a.Name, fmt.Errorf("%s: fixed header %s needs %d bytes, have %d", key, h.Name, h.Size, len(b)))
			return clone(b)
		}
		t, b = decodeStruct(h, b), b[h.Size:]
	}
	if f.Set == nil {
		if len(b) > 0 {
			raw, _ := t[UnknownKey].([]RawAttr)
			t[UnknownKey] = append(raw, RawAttr{Data: clone(b)})
		}
		return t
	}
	for k, v := range d.set(f.Set, b, depth+1) {
		t[k] = v
	}
	return t
}

// encodeSubMessage writes v (bytes as they are, or a table of names) by
// the format that the selector's value in the same table picks.
func encodeSubMessage(e *nlsock.AttrEncoder, a *Attr, v any, attrs Attrs, depth int) error {
	if b, ok := v.([]byte); ok {
		e.Raw(a.Value, b)
		return nil
	}
	if s, ok := v.(string); ok {
		e.Raw(a.Value, []byte(s))
		return nil
	}
	t, err := toAttrs(v)
	if err != nil {
		return err
	}
	key, ok := attrs[a.Selector].(string)
	if !ok {
		return fmt.Errorf("a table needs %s (a string) beside it to choose its format", a.Selector)
	}
	f, ok := a.Formats[key]
	if !ok {
		return fmt.Errorf("no format for %s %q (known: %s)", a.Selector, key, formatNames(a.Formats))
	}
	body, err := encodeFormat(f, t, depth)
	if err != nil {
		return fmt.Errorf("%s %s: %w", a.Selector, key, err)
	}
	e.Raw(a.Value, body)
	return nil
}

// encodeFormat writes a sub-message's fixed header (from its members'
// names, zero when absent) and attributes.
func encodeFormat(f SubFormat, t Attrs, depth int) ([]byte, error) {
	var hdr []byte
	skip := map[string]bool{}
	if h := f.FixedHeader; h != nil {
		var err error
		if hdr, err = encodeStruct(h, t, true); err != nil {
			return nil, fmt.Errorf("%s: %w", h.Name, err)
		}
		for _, m := range h.Members {
			skip[m.Name] = true
		}
	}
	if f.Set == nil {
		for k := range t {
			if !skip[k] {
				if f.FixedHeader == nil {
					return nil, fmt.Errorf("takes no options (%q given)", k)
				}
				return nil, fmt.Errorf("takes no attribute %q (members of %s: %s)", k, f.FixedHeader.Name, memberNames(f.FixedHeader))
			}
		}
		return hdr, nil
	}
	var e nlsock.AttrEncoder
	if err := encodeSet(&e, f.Set, t, skip, depth+1); err != nil {
		return nil, err
	}
	if e.Err() != nil {
		return nil, e.Err()
	}
	return append(hdr, e.Bytes()...), nil
}

func formatNames(m map[string]SubFormat) string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func memberNames(st *Struct) string {
	var names []string
	for _, m := range st.Members {
		if m.Type != "pad" {
			names = append(names, m.Name)
		}
	}
	return strings.Join(names, ", ")
}
