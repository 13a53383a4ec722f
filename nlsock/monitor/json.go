//go:build linux

package monitor

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// AppendJSON appends the event as one JSON object (without newline):
//
//	{"time":"...","netns":"host","proto":"route","group":"link","type":"RTM_NEWLINK",
//	 "object":"link","family":"unspec","summary":"+link ...","value":{...}}
//
// Fields that are empty are left out (group, object, family, seq, pid,
// value, error, overrun, rcvbuf, resync); the value is a compact view of
// the decoded link, address or route, or a spec-decoded generic netlink
// message. It is written field by field into b, without reflection: an
// event costs no allocation beyond b's growth (tests check it against
// encoding/json).
func AppendJSON(b []byte, ev *Event) []byte {
	b = append(b, `{"time":"`...)
	b = ev.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	b = jsonField(b, "netns", ev.NetNS)
	if ev.HasNSID {
		b = append(b, `,"nsid":`...)
		b = strconv.AppendInt(b, int64(ev.NSID), 10)
	}
	b = jsonField(b, "proto", nlsock.ProtocolName(ev.Proto))
	if ev.Group != 0 {
		b = jsonField(b, "group", GroupName(ev.Proto, ev.Group))
	}
	b = jsonField(b, "type", ev.Type)
	if ev.Object != "" {
		b = jsonField(b, "object", ev.Object)
	}
	if ev.Family != "" {
		b = jsonField(b, "family", ev.Family)
	}
	b = jsonField(b, "summary", ev.Text)
	if h := ev.Message.Header; h.Seq != 0 {
		b = jsonUint(b, "seq", uint64(h.Seq))
	}
	if h := ev.Message.Header; h.PortID != 0 {
		b = jsonUint(b, "pid", uint64(h.PortID))
	}
	b = appendJSONValue(b, ev)
	if ev.Err != nil {
		b = jsonField(b, "error", ev.Err.Error())
	}
	if ev.Overrun {
		b = append(b, `,"overrun":true`...)
	}
	if ev.ReadBuffer != 0 {
		b = append(b, `,"rcvbuf":`...)
		b = strconv.AppendInt(b, int64(ev.ReadBuffer), 10)
	}
	if ev.Resync {
		b = append(b, `,"resync":true`...)
	}
	return append(b, '}')
}

// appendJSONValue appends ,"value":{...} for the objects that have a JSON
// view.
func appendJSONValue(b []byte, ev *Event) []byte {
	switch v := ev.Value.(type) {
	case *rtnl.Link:
		return appendJSONFields(b, rtnl.LinkFields(), rtnl.LinkJSON(), v)
	case *rtnl.Address:
		return appendJSONFields(b, rtnl.AddrFields(), rtnl.AddrJSON(), v)
	case *rtnl.Route:
		// the destination as ip writes it: "default", not 0.0.0.0/0
		b = append(b, `,"value":{"family":`...)
		b = jsonString(b, rtnl.FamilyName(v.Family))
		var dst [64]byte
		b = jsonField(b, "dst", string(appendPrefix(dst[:0], v.Dst, v.DstLen, v.Family)))
		b = appendJSONFieldList(b, rtnl.RouteFields(), rtnl.RouteJSON(), v)
		return append(b, '}')
	case ynl.Attrs:
		// Spec-decoded messages (generic netlink, nexthops, tc, conntrack):
		// nested maps of any shape, rare enough for encoding/json.
		return appendMarshalled(b, jsonAttrs(v))
	case nft.Message:
		if j := nftJSON(v); j != nil {
			return appendMarshalled(b, j)
		}
	}
	return b
}

// appendMarshalled appends ,"value": and v as encoding/json writes it.
func appendMarshalled(b []byte, v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		return b
	}
	b = append(b, `,"value":`...)
	return append(b, out...)
}

// jsonField appends ,"name":"value".
func jsonField(b []byte, name, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return jsonString(b, value)
}

func jsonUint(b []byte, name string, v uint64) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return strconv.AppendUint(b, v, 10)
}

// jsonStrings appends ,"name":["a","b"] ([] when empty, never null).
func jsonStrings(b []byte, name string, vs []string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, `":[`...)
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonString(b, v)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// jsonString appends s quoted as encoding/json quotes it: control
// characters, quote and backslash escaped, <, > and & as \u003c..., U+2028
// and U+2029 escaped, invalid UTF-8 as U+FFFD.
func jsonString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
