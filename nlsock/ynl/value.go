//go:build linux

package ynl

import (
	"fmt"
	"math"
	"strconv"
)

// Attrs is a decoded attribute table, or one to encode: attribute names
// (and fixed-header member names) to values.
//
// Decoded values are uint64 (u8..u64, uint), int64 (s8..s64, sint), string,
// []byte (binary), true (flag), Attrs (nest, struct, bitfield32), []any
// (multi-attr, indexed-array, nest-type-value), an enum entry's name
// (string; a value the enum lacks stays a uint64) and, for flags, []any of
// names (bits without a name as uint64). Attributes the spec does not name
// are kept under UnknownKey as []RawAttr.
//
// Encode accepts those and also: any Go integer or an integral float64
// (Lua numbers), a numeric string, []string, []byte or string for binary,
// map[string]any for Attrs, and false for an absent flag.
type Attrs map[string]any

// UnknownKey holds the attributes a decoder did not know, as []RawAttr.
// No spec names an attribute with a leading underscore.
const UnknownKey = "_unknown"

// TailKey holds, in the table of a binary attribute laid out as a struct,
// the bytes that follow the struct's members when the attribute is longer
// (tc's u32 keys after struct tc_u32_sel), so none are dropped; Encode
// writes them back after the members.
const TailKey = "_tail"

// RawAttr is an attribute kept undecoded.
type RawAttr struct {
	Type   uint16
	Nested bool
	Data   []byte
}

// MapEntries copies v, a decoded value, passing each entry of each nest
// (in nests within nests and in lists too) through entry, which returns
// the entry's new key and value; entry sees a value before its own nests
// are mapped. Values other than nests and lists are kept as they are.
func MapEntries(v any, entry func(key string, val any) (string, any)) any {
	switch x := v.(type) {
	case Attrs:
		out := Attrs{}
		for k, val := range x {
			k, val = entry(k, val)
			out[k] = MapEntries(val, entry)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = MapEntries(item, entry)
		}
		return out
	}
	return v
}

// toUint reads v as an unsigned integer that fits in bits.
func toUint(v any, bits int) (uint64, error) {
	if s, ok := v.(string); ok {
		return parseNumber(s, bits, strconv.ParseUint, checkUintBits)
	}
	mag, neg, err := integer(v)
	if err != nil {
		return 0, err
	}
	if neg {
		return 0, fmt.Errorf("-%d is negative", mag)
	}
	return checkUintBits(mag, bits)
}

func checkUintBits(u uint64, bits int) (uint64, error) {
	if bits < 64 && u>>bits != 0 {
		return 0, fmt.Errorf("%d does not fit in %d bits", u, bits)
	}
	return u, nil
}

// toInt reads v as a signed integer that fits in bits.
func toInt(v any, bits int) (int64, error) {
	if s, ok := v.(string); ok {
		return parseNumber(s, bits, strconv.ParseInt, checkIntBits)
	}
	mag, neg, err := integer(v)
	if err != nil {
		return 0, err
	}
	if neg {
		// mag is at most 1<<63, whose negation wraps to math.MinInt64.
		return checkIntBits(-int64(mag), bits)
	}
	if mag > math.MaxInt64 {
		return 0, fmt.Errorf("%d does not fit in %d bits", mag, bits)
	}
	return checkIntBits(int64(mag), bits)
}

// integer reads v, a Go number, as its magnitude and whether it is
// negative, which toUint and toInt then check against their ranges. A
// float64 must be an integer from -2^63 up to 2^64.
func integer(v any) (mag uint64, neg bool, err error) {
	var i int64
	switch x := v.(type) {
	case uint64:
		return x, false, nil
	case uint32:
		return uint64(x), false, nil
	case uint16:
		return uint64(x), false, nil
	case uint8:
		return uint64(x), false, nil
	case uint:
		return uint64(x), false, nil
	case int:
		i = int64(x)
	case int64:
		i = x
	case int32:
		i = int64(x)
	case int16:
		i = int64(x)
	case int8:
		i = int64(x)
	case float64:
		if x != math.Trunc(x) || math.IsInf(x, 0) || math.IsNaN(x) || x < -math.Ldexp(1, 63) || x >= math.Ldexp(1, 64) {
			return 0, false, fmt.Errorf("%v is not an integer", x)
		}
		if x < 0 {
			return uint64(-x), true, nil
		}
		return uint64(x), false, nil
	default:
		return 0, false, fmt.Errorf("want a number, got %s", kind(v))
	}
	if i < 0 {
		return uint64(-i), true, nil // -math.MinInt64 wraps to itself: 1<<63 as a uint64
	}
	return uint64(i), false, nil
}

func checkIntBits(i int64, bits int) (int64, error) {
	if bits < 64 && (i < -1<<(bits-1) || i >= 1<<(bits-1)) {
		return 0, fmt.Errorf("%d does not fit in %d bits", i, bits)
	}
	return i, nil
}

// parseNumber reads s as a number written as Go does (decimal, 0x, 0o, 0b)
// with parse, strconv's ParseInt or ParseUint, and checks it fits in bits.
func parseNumber[T int64 | uint64](s string, bits int, parse func(string, int, int) (T, error), fit func(T, int) (T, error)) (T, error) {
	n, err := parse(s, 0, 64)
	if err != nil {
		return 0, fmt.Errorf("want a number, got string %q", s)
	}
	return fit(n, bits)
}

// toBytes reads a string or []byte.
func toBytes(v any) ([]byte, error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	return nil, fmt.Errorf("want a string of bytes, got %s", kind(v))
}

// toAttrs reads a table of names.
func toAttrs(v any) (Attrs, error) {
	switch x := v.(type) {
	case Attrs:
		return x, nil
	case map[string]any:
		return Attrs(x), nil
	case []any:
		if len(x) == 0 {
			return Attrs{}, nil
		}
	}
	return nil, fmt.Errorf("want a table of attributes, got %s", kind(v))
}

// toList reads a list; a single value or an empty table is a list too.
func toList(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case []string:
		l := make([]any, len(x))
		for i, s := range x {
			l[i] = s
		}
		return l
	case Attrs:
		if len(x) == 0 {
			return nil
		}
	case map[string]any:
		if len(x) == 0 {
			return nil
		}
	}
	return []any{v}
}

// kind names the type of v as a user writes it.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "nil"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []byte:
		return "bytes"
	case Attrs, map[string]any:
		return "table"
	case []any, []string:
		return "list"
	case float64, int, int64, uint64, int32, uint32, int16, uint16, int8, uint8, uint:
		return "number"
	}
	return fmt.Sprintf("%T", v)
}
