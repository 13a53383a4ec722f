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
	var u uint64
	switch x := v.(type) {
	case uint64:
		u = x
	case uint32:
		u = uint64(x)
	case uint16:
		u = uint64(x)
	case uint8:
		u = uint64(x)
	case uint:
		u = uint64(x)
	case int, int64, int32, int16, int8, float64:
		i, err := toInt(v, 64)
		if err != nil {
			if f, ok := v.(float64); ok && f >= 0 && f < math.Ldexp(1, 64) && f == math.Trunc(f) {
				return checkUintBits(uint64(f), bits)
			}
			return 0, err
		}
		if i < 0 {
			return 0, fmt.Errorf("%d is negative", i)
		}
		u = uint64(i)
	case string:
		return parseNumber(x, bits, strconv.ParseUint, checkUintBits)
	default:
		return 0, fmt.Errorf("want a number, got %s", kind(v))
	}
	return checkUintBits(u, bits)
}

func checkUintBits(u uint64, bits int) (uint64, error) {
	if bits < 64 && u>>bits != 0 {
		return 0, fmt.Errorf("%d does not fit in %d bits", u, bits)
	}
	return u, nil
}

// toInt reads v as a signed integer that fits in bits.
func toInt(v any, bits int) (int64, error) {
	var i int64
	switch x := v.(type) {
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
	case uint64, uint32, uint16, uint8, uint:
		u, _ := toUint(v, 64)
		if u > math.MaxInt64 {
			return 0, fmt.Errorf("%d does not fit in %d bits", u, bits)
		}
		i = int64(u)
	case float64:
		if x != math.Trunc(x) || math.IsInf(x, 0) || math.IsNaN(x) || x < -math.Ldexp(1, 63) || x >= math.Ldexp(1, 63) {
			return 0, fmt.Errorf("%v is not an integer", x)
		}
		i = int64(x)
	case string:
		return parseNumber(x, bits, strconv.ParseInt, checkIntBits)
	default:
		return 0, fmt.Errorf("want a number, got %s", kind(v))
	}
	return checkIntBits(i, bits)
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
