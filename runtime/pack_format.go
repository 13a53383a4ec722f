//go:build linux

package runtime

import (
	"fmt"
	"math"
)

// Lua 5.3/5.4 binary packing (lstrlib.c), on gopher-lua's float64 numbers.
// Sizes are those of Debian's amd64 lua5.4: int 4, long 8, lua_Integer 8,
// size_t 8, maximum alignment 8; native order is little-endian (nlsh runs on
// little-endian Linux hosts).

const (
	packMaxIntSize = 16 // largest i[n]/I[n]
	packSzInt      = 8  // sizeof(lua_Integer)
	packNativeLE   = true
	packMaxAlign   = 8
	packMaxSize    = math.MaxInt32 // bound on total size and on one size field
	// packMaxResult bounds what string.pack builds (lua5.4: 2 GiB), so a
	// "c2000000000" cannot exhaust memory in one uninterruptible call.
	packMaxResult = 256 << 20
)

type kOption int

const (
	kInt       kOption = iota // signed integer
	kUint                     // unsigned integer
	kFloat                    // f
	kDouble                   // d, n
	kChar                     // c[n], fixed-size string
	kString                   // s[n], length-prefixed string
	kZstr                     // z, zero-terminated string
	kPadding                  // x
	kPaddAlign                // X
	kNop                      // spaces, endianness and alignment settings
)

// packHeader is the running state of a format: byte order and alignment.
type packHeader struct {
	little   bool
	maxAlign int
}

// packReader walks a format string.
type packReader struct {
	fmt string
	i   int
	h   packHeader
}

// packError is an error in the format or the arguments; it becomes a
// "bad argument" error for argument arg, or a plain error when arg is 0 (as
// lstrlib raises it with luaL_error).
type packError struct {
	arg int
	msg string
}

func (e *packError) Error() string { return e.msg }

func newPackReader(format string) *packReader {
	return &packReader{fmt: format, h: packHeader{little: packNativeLE, maxAlign: 1}}
}

func (r *packReader) more() bool { return r.i < len(r.fmt) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// getNum reads an optional decimal size, returning df when there is none.
func (r *packReader) getNum(df int) int {
	if !r.more() || !isDigit(r.fmt[r.i]) {
		return df
	}
	a := 0
	for r.more() && isDigit(r.fmt[r.i]) && a <= (packMaxSize-9)/10 {
		a = a*10 + int(r.fmt[r.i]-'0')
		r.i++
	}
	return a
}

// getNumLimit reads a size for i/I/s/!, which must be within [1,16].
func (r *packReader) getNumLimit(df int) (int, error) {
	sz := r.getNum(df)
	if sz > packMaxIntSize || sz <= 0 {
		return 0, &packError{0, fmt.Sprintf("integral size (%d) out of limits [1,%d]", sz, packMaxIntSize)}
	}
	return sz, nil
}

// sizedOptions are the format options that read or write a number or a
// string of a given size: fixed, or (sizeFollows) an optional size
// written after the option, size being the default.
var sizedOptions = map[byte]struct {
	kind        kOption
	size        int
	sizeFollows bool
}{
	'b': {kInt, 1, false}, 'B': {kUint, 1, false},
	'h': {kInt, 2, false}, 'H': {kUint, 2, false},
	'l': {kInt, 8, false}, 'j': {kInt, 8, false},
	'L': {kUint, 8, false}, 'J': {kUint, 8, false}, 'T': {kUint, 8, false},
	'f': {kFloat, 4, false}, 'n': {kDouble, 8, false}, 'd': {kDouble, 8, false},
	'i': {kInt, 4, true}, 'I': {kUint, 4, true}, 's': {kString, 8, true},
}

// getOption reads one option and its size.
func (r *packReader) getOption() (kOption, int, error) {
	opt := r.fmt[r.i]
	r.i++
	if o, ok := sizedOptions[opt]; ok {
		if !o.sizeFollows {
			return o.kind, o.size, nil
		}
		sz, err := r.getNumLimit(o.size)
		return o.kind, sz, err
	}
	switch opt {
	case 'c':
		sz := r.getNum(-1)
		if sz == -1 {
			return 0, 0, &packError{0, "missing size for format option 'c'"}
		}
		return kChar, sz, nil
	case 'z':
		return kZstr, 0, nil
	case 'x':
		return kPadding, 1, nil
	case 'X':
		return kPaddAlign, 0, nil
	case ' ':
	case '<':
		r.h.little = true
	case '>':
		r.h.little = false
	case '=':
		r.h.little = packNativeLE
	case '!':
		sz, err := r.getNumLimit(packMaxAlign)
		if err != nil {
			return 0, 0, err
		}
		r.h.maxAlign = sz
	default:
		return 0, 0, &packError{0, fmt.Sprintf("invalid format option '%c'", opt)}
	}
	return kNop, 0, nil
}

// getDetails reads the next option and computes the padding needed before
// it (ntoalign) given the bytes produced so far.
func (r *packReader) getDetails(total int) (opt kOption, size, ntoalign int, err error) {
	opt, size, err = r.getOption()
	if err != nil {
		return
	}
	align := size
	if opt == kPaddAlign {
		if !r.more() {
			return 0, 0, 0, &packError{1, "invalid next option for option 'X'"}
		}
		var next kOption
		next, align, err = r.getOption()
		if err != nil {
			return
		}
		if next == kChar || align == 0 {
			return 0, 0, 0, &packError{1, "invalid next option for option 'X'"}
		}
	}
	if align <= 1 || opt == kChar {
		return opt, size, 0, nil
	}
	if align > r.h.maxAlign {
		align = r.h.maxAlign
	}
	if align&(align-1) != 0 {
		return 0, 0, 0, &packError{1, "format asks for alignment not power of 2"}
	}
	ntoalign = (align - total&(align-1)) & (align - 1)
	return opt, size, ntoalign, nil
}

// packInt appends v in size bytes; beyond 8 bytes it extends the sign when
// neg.
func packInt(b []byte, v uint64, little bool, size int, neg bool) []byte {
	buf := make([]byte, size)
	for i := 0; i < size; i++ {
		var c byte
		if i < 8 {
			c = byte(v >> (8 * i))
		} else if neg {
			c = 0xff
		}
		if little {
			buf[i] = c
		} else {
			buf[size-1-i] = c
		}
	}
	return append(b, buf...)
}

// unpackInt reads size bytes; for sizes beyond 8 the extra bytes must be a
// pure sign (or zero) extension.
func unpackInt(s []byte, little, signed bool, size int) (uint64, error) {
	var res uint64
	limit := size
	if limit > packSzInt {
		limit = packSzInt
	}
	at := func(i int) byte {
		if little {
			return s[i]
		}
		return s[size-1-i]
	}
	for i := limit - 1; i >= 0; i-- {
		res = res<<8 | uint64(at(i))
	}
	if size < packSzInt {
		if signed {
			mask := uint64(1) << (size*8 - 1)
			res = (res ^ mask) - mask
		}
	} else if size > packSzInt {
		var ext byte
		if signed && int64(res) < 0 {
			ext = 0xff
		}
		for i := limit; i < size; i++ {
			if at(i) != ext {
				return 0, &packError{0, fmt.Sprintf("%d-byte integer does not fit into Lua Integer", size)}
			}
		}
	}
	return res, nil
}
