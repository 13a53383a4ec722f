//go:build linux

package runtime

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// raisePack raises a format or argument error the way lstrlib does.
func raisePack(L *lua.LState, err error) {
	if pe, ok := err.(*packError); ok && pe.arg > 0 {
		argError(L, pe.arg, pe.msg)
	}
	L.RaiseError("%s", err.Error())
}

// toNumber converts argument arg like luaL_checknumber (numbers and numeric
// strings). A missing argument reads "got nil": lstrlib's pack pushes a
// marker, so its arguments are never "no value". Numeric strings are read
// as Lua 5.4 reads them (no "inf" or "nan").
func toNumber(L *lua.LState, arg int) float64 { return checkNumber(L, arg, parseLuaNumber) }

func parseLuaNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "nN_") {
		return f, true
	}
	neg := strings.HasPrefix(s, "-")
	t := strings.TrimPrefix(s, "-")
	if strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X") {
		if u, err := strconv.ParseUint(t[2:], 16, 64); err == nil {
			f := float64(u)
			if neg {
				f = -f
			}
			return f, true
		}
	}
	return 0, false
}

// toInteger converts argument arg like luaL_checkinteger, to the two's
// complement bits. Unsigned formats also take [2^63, 2^64), which Lua 5.3
// writes as negative integers but nlsh (floats only) writes as themselves.
func toInteger(L *lua.LState, arg int, unsigned bool) (uint64, bool) {
	f := toNumber(L, arg)
	if f != math.Trunc(f) || math.IsInf(f, 0) || f < -(1<<63) || f >= 1<<64 || (!unsigned && f >= 1<<63) {
		argError(L, arg, "number has no integer representation")
	}
	if f >= 1<<63 {
		return uint64(f), false
	}
	n := int64(f)
	return uint64(n), n < 0
}

// toLString converts argument arg like luaL_checklstring; missing reports
// whether a missing argument says "no value" (or "nil", as in pack).
func toLString(L *lua.LState, arg int, missing bool) string {
	if missing && arg > L.GetTop() {
		argError(L, arg, "string expected, got no value")
	}
	v := L.Get(arg)
	switch v.(type) {
	case lua.LString, lua.LNumber:
		return lua.LVAsString(v)
	}
	argError(L, arg, "string expected, got "+v.Type().String())
	return ""
}

// strPack is string.pack(fmt, v1, v2, ...).
func strPack(L *lua.LState) int {
	r := newPackReader(toLString(L, 1, true))
	arg := 1
	var b []byte
	for r.more() {
		opt, size, ntoalign, err := r.getDetails(len(b))
		if err != nil {
			raisePack(L, err)
		}
		if len(b)+ntoalign+size > packMaxResult {
			argError(L, 1, "format result too large")
		}
		for ; ntoalign > 0; ntoalign-- {
			b = append(b, 0)
		}
		arg++
		switch opt {
		case kInt:
			u, neg := toInteger(L, arg, false)
			if size < packSzInt {
				lim := int64(1) << (size*8 - 1)
				if n := int64(u); n < -lim || n >= lim {
					argError(L, arg, "integer overflow")
				}
			}
			b = packInt(b, u, r.h.little, size, neg)
		case kUint:
			u, _ := toInteger(L, arg, true)
			if size < packSzInt && u >= uint64(1)<<(size*8) {
				argError(L, arg, "unsigned overflow")
			}
			b = packInt(b, u, r.h.little, size, false)
		case kFloat:
			b = packInt(b, uint64(math.Float32bits(float32(toNumber(L, arg)))), r.h.little, 4, false)
		case kDouble:
			b = packInt(b, math.Float64bits(toNumber(L, arg)), r.h.little, 8, false)
		case kChar:
			s := toLString(L, arg, false)
			if len(s) > size {
				argError(L, arg, "string longer than given size")
			}
			b = append(b, s...)
			b = append(b, make([]byte, size-len(s))...)
		case kString:
			s := toLString(L, arg, false)
			if size < 8 && uint64(len(s)) >= uint64(1)<<(size*8) {
				argError(L, arg, "string length does not fit in given size")
			}
			b = packInt(b, uint64(len(s)), r.h.little, size, false)
			b = append(b, s...)
		case kZstr:
			s := toLString(L, arg, false)
			if strings.IndexByte(s, 0) >= 0 {
				argError(L, arg, "string contains zeros")
			}
			b = append(append(b, s...), 0)
		case kPadding:
			b = append(b, 0)
			arg--
		default: // kPaddAlign, kNop
			arg--
		}
		if len(b) > packMaxResult {
			argError(L, 1, "format result too large")
		}
	}
	L.Push(lua.LString(b))
	return 1
}

// strPacksize is string.packsize(fmt).
func strPacksize(L *lua.LState) int {
	r := newPackReader(toLString(L, 1, true))
	total := 0
	for r.more() {
		opt, size, ntoalign, err := r.getDetails(total)
		if err != nil {
			raisePack(L, err)
		}
		if opt == kString || opt == kZstr {
			argError(L, 1, "variable-length format")
		}
		size += ntoalign
		if total > packMaxSize-size {
			argError(L, 1, "format result too large")
		}
		total += size
	}
	L.Push(lua.LNumber(total))
	return 1
}

// strUnpack is string.unpack(fmt, s [, pos]); it returns the values and the
// position after them. Unsigned 8-byte values above 2^53 lose precision
// (gopher-lua numbers are floats).
func strUnpack(L *lua.LState) int {
	r := newPackReader(toLString(L, 1, true))
	data := []byte(toLString(L, 2, true))
	ld := len(data)
	pos := posrelat(int64(L.OptNumber(3, 1)), ld) - 1
	if pos > ld || pos < 0 {
		argError(L, 3, "initial position out of string")
	}
	n := 0
	for r.more() {
		opt, size, ntoalign, err := r.getDetails(pos)
		if err != nil {
			raisePack(L, err)
		}
		if ntoalign+size > ld-pos {
			argError(L, 2, "data string too short")
		}
		pos += ntoalign
		n++
		switch opt {
		case kInt, kUint:
			u, err := unpackInt(data[pos:pos+size], r.h.little, opt == kInt, size)
			if err != nil {
				raisePack(L, err)
			}
			if opt == kInt {
				L.Push(lua.LNumber(float64(int64(u))))
			} else {
				L.Push(lua.LNumber(float64(u)))
			}
		case kFloat:
			L.Push(lua.LNumber(float64(math.Float32frombits(uint32(orderUint(data[pos:pos+4], r.h.little))))))
		case kDouble:
			L.Push(lua.LNumber(math.Float64frombits(orderUint(data[pos:pos+8], r.h.little))))
		case kChar:
			L.Push(lua.LString(data[pos : pos+size]))
		case kString:
			u, _ := unpackInt(data[pos:pos+size], r.h.little, false, size)
			if u > uint64(ld-pos-size) {
				argError(L, 2, "data string too short")
			}
			L.Push(lua.LString(data[pos+size : pos+size+int(u)]))
			pos += int(u)
		case kZstr:
			l := strings.IndexByte(string(data[pos:]), 0)
			if l < 0 {
				argError(L, 2, "unfinished string for format 'z'")
			}
			L.Push(lua.LString(data[pos : pos+l]))
			pos += l + 1
		default:
			n--
		}
		pos += size
	}
	L.Push(lua.LNumber(pos + 1))
	return n + 1
}

func orderUint(b []byte, little bool) uint64 {
	if len(b) == 4 {
		if little {
			return uint64(binary.LittleEndian.Uint32(b))
		}
		return uint64(binary.BigEndian.Uint32(b))
	}
	if little {
		return binary.LittleEndian.Uint64(b)
	}
	return binary.BigEndian.Uint64(b)
}

// posrelat turns a 1-based, possibly negative, position into a 1-based one.
func posrelat(pos int64, n int) int {
	switch {
	case pos > 0:
		if pos > int64(n)+1 {
			return n + 2 // out of string; the caller rejects it
		}
		return int(pos)
	case pos == 0:
		return 1
	case pos < -int64(n):
		return 1
	}
	return n + int(pos) + 1
}
