//go:build linux

package ynlcmd

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// parseRequest reads --json for operation name as the kernel's CLI does:
// a JSON object of attribute (and fixed-header member) names; a binary
// attribute given as a string is hex ("0a000001"), numbers are exact.
func parseRequest(spec *ynl.Spec, name, text string) (ynl.Attrs, error) {
	op, err := spec.Op(name)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if text == "" {
		return nil, nil
	}
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, usageErr("--json: %v", err)
	}
	if d.More() {
		return nil, usageErr("--json: more than one JSON value")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, usageErr("--json: want an object of attributes, got %s", jsonKind(v))
	}
	attrs := ynl.Attrs{}
	for k, val := range m {
		attrs[k], err = convert(val, spec, op.Set, k)
		if err != nil {
			return nil, usageErr("--json: %v", err)
		}
	}
	if h := op.FixedHeader; h != nil {
		for _, mem := range h.Members {
			if s, ok := attrs[mem.Name].(string); ok && mem.Type == "binary" {
				if attrs[mem.Name], err = hexBytes(mem.Name, s); err != nil {
					return nil, usageErr("--json: %v", err)
				}
			}
		}
	}
	return attrs, nil
}

// convert turns a JSON value into what ynl's encoder takes, by the spec's
// attribute key of set (nil: no spec knowledge, numbers only).
func convert(v any, spec *ynl.Spec, set *ynl.AttrSet, key string) (any, error) {
	var a *ynl.Attr
	if set != nil {
		a, _ = set.Attr(key)
	}
	switch x := v.(type) {
	case json.Number:
		return number(x)
	case string:
		if a != nil && a.Type == "binary" && a.Struct == nil && a.SubType == "" {
			return hexBytes(key, x)
		}
		return x, nil
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			var err error
			if out[i], err = convert(item, spec, set, key); err != nil {
				return nil, err
			}
		}
		return out, nil
	case map[string]any:
		var inner *ynl.AttrSet
		if a != nil {
			inner = a.Nested
		}
		out := ynl.Attrs{}
		for k, val := range x {
			var err error
			if out[k], err = convert(val, spec, inner, k); err != nil {
				return nil, fmt.Errorf("%s.%w", key, err)
			}
		}
		return out, nil
	}
	return v, nil
}

func hexBytes(key, s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		return nil, fmt.Errorf("%s: binary values are hex strings, %q is not hex", key, s)
	}
	return b, nil
}

// number keeps integers exact (int64, or uint64 above its range); any
// other number stays a float64, which the encoder takes only when it is an
// integer that fits ("1.5" and "1e40" are errors, not 1).
func number(n json.Number) (any, error) {
	if i, err := n.Int64(); err == nil {
		return i, nil
	}
	if u, err := strconv.ParseUint(n.String(), 10, 64); err == nil {
		return u, nil
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%s is not a number ynl can send", n)
	}
	return f, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
