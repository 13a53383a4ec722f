//go:build linux

package monitor

import (
	"net/netip"
	"strconv"

	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// appendJSONFields appends ,"value":{...} of an object from the fields
// at pos of its list (rtnl.LinkFields, rtnl.LinkJSON), in that order: an
// integer field with its alias too ("index" after "ifindex"), a number of
// 0 and an absent field left out unless the field is Always shown, an
// enum by its name only, flags as their names (null for none, as
// encoding/json wrote a nil list), a list of names always.
func appendJSONFields[T any](b []byte, fields []rtnl.Field[T], pos []int, obj *T) []byte {
	b = append(b, `,"value":{`...)
	first := len(b)
	b = appendJSONFieldList(b, fields, pos, obj)
	if len(b) > first && b[first] == ',' { // the first field's comma
		b = append(b[:first], b[first+1:]...)
	}
	return append(b, '}')
}

// appendJSONFieldList appends ,"name":value of each field at pos.
func appendJSONFieldList[T any](b []byte, fields []rtnl.Field[T], pos []int, obj *T) []byte {
	for _, i := range pos {
		f := &fields[i]
		v := f.Get(obj)
		b = appendJSONField(b, f, f.Name, v)
		if f.Alias != "" {
			b = appendJSONField(b, f, f.Alias, v)
		}
	}
	return b
}

// appendJSONField appends ,"name":v as the field f shows it, or nothing.
func appendJSONField[T any](b []byte, f *rtnl.Field[T], name string, v rtnl.Value) []byte {
	switch v.Kind {
	case rtnl.IntValue:
		b = append(b, ',', '"')
		b = append(b, name...)
		b = append(b, '"', ':')
		return strconv.AppendInt(b, int64(v.U), 10)
	case rtnl.UintValue:
		if v.U != 0 || f.Always {
			b = jsonUint(b, name, v.U)
		}
	case rtnl.StringValue, rtnl.NameValue:
		b = jsonField(b, name, v.S)
	case rtnl.HWAddrValue:
		var buf [3 * 32]byte
		b = jsonField(b, name, string(appendHWAddr(buf[:0], v.B)))
	case rtnl.EnumValue:
		if v.S != "" || f.Always {
			b = jsonField(b, name, v.S)
		}
	case rtnl.FlagsValue:
		if v.U == 0 {
			b = append(b, ',', '"')
			b = append(b, name...)
			return append(b, `":null`...)
		}
		var names [32]string
		b = jsonStrings(b, name, rtnl.FlagNames(names[:0], f.Flags(), v.U))
	case rtnl.NamesValue:
		var names [32]string
		b = jsonStrings(b, name, rtnl.FlagNames(names[:0], v.Flags, v.U))
	case rtnl.IPValue:
		var buf [64]byte
		b = jsonField(b, name, string(appendIP(buf[:0], v.A)))
	}
	return b
}

// appendHWAddr appends a as net.HardwareAddr.String writes it.
func appendHWAddr(b, a []byte) []byte {
	const hex = "0123456789abcdef"
	for i, c := range a {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hex[c>>4], hex[c&15])
	}
	return b
}

// appendIP appends a as a.String() writes it ("invalid IP" too, which
// AppendTo leaves out).
func appendIP(b []byte, a netip.Addr) []byte {
	if !a.IsValid() {
		return append(b, a.String()...)
	}
	return a.AppendTo(b)
}
