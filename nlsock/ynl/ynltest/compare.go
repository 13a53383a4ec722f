//go:build linux

package ynltest

import (
	"encoding/json"
	"sort"

	"github.com/google/go-cmp/cmp"
)

// Normalize makes a parsed JSON value comparable with another: lists of
// strings are sorted, because the CLI prints flags from a Python set,
// whose order is not defined.
func Normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[k] = Normalize(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		strs := true
		for i, item := range x {
			out[i] = Normalize(item)
			if _, ok := item.(string); !ok {
				strs = false
			}
		}
		if strs {
			sort.Slice(out, func(i, j int) bool { return out[i].(string) < out[j].(string) })
		}
		return out
	}
	return v
}

// Diff compares two parsed JSON values after Normalize: "" when they are
// equal, else a (-want +got) report.
func Diff(want, got any) string {
	return cmp.Diff(Normalize(want), Normalize(got), cmp.Comparer(func(a, b json.Number) bool { return a == b }))
}
