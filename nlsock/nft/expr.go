package nft

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
)

// Expr is one expression of a rule: its name ("payload", "cmp", ...), the
// raw NFTA_EXPR_DATA, and for the expressions this package knows, the
// decoded attributes in wire order.
type Expr struct {
	Name   string
	Data   []byte
	Fields []Field
}

// Field is one decoded expression attribute. Value is a uint64 (registers,
// lengths, counters), a string (names, enumerations such as a cmp "op"
// "eq" or a verdict "jump x"), or []byte (compared data, masks).
// Attributes without a known name are "attr N" with the raw bytes.
type Field struct {
	Name  string
	Value any
}

// Field returns the value of the named field, or nil.
func (x *Expr) Field(name string) any {
	for _, f := range x.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return nil
}

type kind uint8

const (
	kBE32 kind = iota
	kBE64
	kBE16
	kU8
	kString
	kData // struct nft_data: a value or a verdict
	kSkip
)

type fieldSpec struct {
	name string
	kind kind
	enum []string // names for small integer values
}

var (
	cmpOps       = []string{"eq", "neq", "lt", "lte", "gt", "gte"}
	payloadBases = []string{"ll", "network", "transport", "inner", "tun"}
	natTypes     = []string{"snat", "dnat"}
	metaKeys     = []string{"len", "protocol", "priority", "mark", "iif", "oif", "iifname", "oifname",
		"iiftype", "oiftype", "skuid", "skgid", "nftrace", "rtclassid", "secmark", "nfproto",
		"l4proto", "bri_iifname", "bri_oifname", "pkttype", "cpu", "iifgroup", "oifgroup",
		"cgroup", "prandom", "secpath", "iifkind", "oifkind", "bri_iifpvid", "bri_iifvproto",
		"time_ns", "time_day", "time_hour", "sdif", "sdifname", "bri_broute"}
	ctKeys = []string{"state", "direction", "status", "mark", "secmark", "expiration", "helper",
		"l3protocol", "src", "dst", "protocol", "proto-src", "proto-dst", "labels", "pkts",
		"bytes", "avgpkt", "zone", "eventmask", "src-ip", "dst-ip", "src-ip6", "dst-ip6", "id"}
	bitwiseOps = []string{"bool", "lshift", "rshift", "and", "or", "xor"}
)

// exprSchemas describes the attributes (index = attribute type) of the
// expressions nft uses most (include/uapi/linux/netfilter/nf_tables.h).
var exprSchemas = map[string][]fieldSpec{
	"immediate": {1: {"dreg", kBE32, nil}, 2: {"data", kData, nil}},
	"cmp":       {1: {"sreg", kBE32, nil}, 2: {"op", kBE32, cmpOps}, 3: {"data", kData, nil}},
	"payload": {1: {"dreg", kBE32, nil}, 2: {"base", kBE32, payloadBases}, 3: {"offset", kBE32, nil},
		4: {"len", kBE32, nil}, 5: {"sreg", kBE32, nil}, 6: {"csum_type", kBE32, nil},
		7: {"csum_offset", kBE32, nil}, 8: {"csum_flags", kBE32, nil}},
	"meta":    {1: {"dreg", kBE32, nil}, 2: {"key", kBE32, metaKeys}, 3: {"sreg", kBE32, nil}},
	"counter": {1: {"bytes", kBE64, nil}, 2: {"packets", kBE64, nil}, 3: {"pad", kSkip, nil}},
	"lookup": {1: {"set", kString, nil}, 2: {"sreg", kBE32, nil}, 3: {"dreg", kBE32, nil},
		4: {"set_id", kBE32, nil}, 5: {"flags", kBE32, nil}},
	"bitwise": {1: {"sreg", kBE32, nil}, 2: {"dreg", kBE32, nil}, 3: {"len", kBE32, nil},
		4: {"mask", kData, nil}, 5: {"xor", kData, nil}, 6: {"op", kBE32, bitwiseOps}, 7: {"data", kData, nil}},
	"ct": {1: {"dreg", kBE32, nil}, 2: {"key", kBE32, ctKeys}, 3: {"direction", kU8, nil}, 4: {"sreg", kBE32, nil}},
	"log": {1: {"group", kBE16, nil}, 2: {"prefix", kString, nil}, 3: {"snaplen", kBE32, nil},
		4: {"qthreshold", kBE16, nil}, 5: {"level", kBE32, nil}, 6: {"flags", kBE32, nil}},
	"limit": {1: {"rate", kBE64, nil}, 2: {"unit", kBE64, nil}, 3: {"burst", kBE32, nil},
		4: {"type", kBE32, []string{"pkts", "bytes"}}, 5: {"flags", kBE32, nil}, 6: {"pad", kSkip, nil}},
	"reject": {1: {"type", kBE32, []string{"icmp", "tcp-rst", "icmpx"}}, 2: {"icmp_code", kU8, nil}},
	"nat": {1: {"type", kBE32, natTypes}, 2: {"family", kBE32, nil}, 3: {"reg_addr_min", kBE32, nil},
		4: {"reg_addr_max", kBE32, nil}, 5: {"reg_proto_min", kBE32, nil}, 6: {"reg_proto_max", kBE32, nil},
		7: {"flags", kBE32, nil}},
	"masq":  {1: {"flags", kBE32, nil}, 2: {"reg_proto_min", kBE32, nil}, 3: {"reg_proto_max", kBE32, nil}},
	"quota": {1: {"bytes", kBE64, nil}, 2: {"flags", kBE32, nil}, 3: {"pad", kSkip, nil}, 4: {"consumed", kBE64, nil}},
}

// decodeExpr decodes the data of a known expression; unknown expressions
// give nil fields (their raw Data stays available).
func decodeExpr(name string, data []byte) ([]Field, error) {
	schema, ok := exprSchemas[name]
	if !ok {
		return nil, nil
	}
	fields := []Field{}
	err := nlsock.WalkAttrs(data, func(a nlsock.Attr) error {
		var spec fieldSpec
		if int(a.Type) < len(schema) {
			spec = schema[a.Type]
		}
		if spec.name == "" {
			fields = append(fields, Field{Name: fmt.Sprintf("attr %d", a.Type), Value: a.Data})
			return nil
		}
		if spec.kind == kSkip {
			return nil
		}
		v, err := spec.decode(a.Data)
		if err != nil {
			return fmt.Errorf("%s expression %s: %w", name, spec.name, err)
		}
		fields = append(fields, Field{Name: spec.name, Value: v})
		return nil
	})
	return fields, err
}

func (s fieldSpec) decode(b []byte) (any, error) {
	var v uint64
	switch s.kind {
	case kString:
		return cstring(b), nil
	case kData:
		return parseData(b)
	case kU8:
		if len(b) < 1 {
			return nil, fmt.Errorf("u8 needs 1 byte")
		}
		v = uint64(b[0])
	case kBE16:
		x, err := be16(b)
		if err != nil {
			return nil, err
		}
		v = uint64(x)
	case kBE64:
		x, err := be64(b)
		if err != nil {
			return nil, err
		}
		v = x
	default:
		x, err := be32(b)
		if err != nil {
			return nil, err
		}
		v = uint64(x)
	}
	if v < uint64(len(s.enum)) {
		return s.enum[v], nil
	}
	return v, nil
}

// NFTA_DATA_* and NFTA_VERDICT_*.
const (
	attrDataValue    uint16 = 1
	attrDataVerdict  uint16 = 2
	attrVerdictCode  uint16 = 1
	attrVerdictChain uint16 = 2
)

// parseData decodes struct nft_data: the value bytes, or a verdict as a
// string ("accept", "jump chain").
func parseData(b []byte) (any, error) {
	var out any = []byte{}
	err := nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		switch a.Type {
		case attrDataValue:
			out = a.Data
		case attrDataVerdict:
			v, err := parseVerdict(a.Data)
			out = v
			return err
		}
		return nil
	})
	return out, err
}

func parseVerdict(b []byte) (string, error) {
	var code int32
	var chain string
	err := nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		switch a.Type {
		case attrVerdictCode:
			v, err := be32(a.Data)
			code = int32(v)
			return err
		case attrVerdictChain:
			chain = cstring(a.Data)
		}
		return nil
	})
	name := VerdictName(code)
	if chain != "" {
		name += " " + chain
	}
	return name, err
}

// Verdict codes: netfilter's NF_* and nf_tables' own negative NFT_*.
const (
	VerdictDrop     int32 = 0
	VerdictAccept   int32 = 1
	VerdictStolen   int32 = 2
	VerdictQueue    int32 = 3
	VerdictRepeat   int32 = 4
	VerdictContinue int32 = -1
	VerdictBreak    int32 = -2
	VerdictJump     int32 = -3
	VerdictGoto     int32 = -4
	VerdictReturn   int32 = -5
)

// VerdictName names a verdict code as nft prints it.
func VerdictName(code int32) string {
	switch code {
	case VerdictDrop:
		return "drop"
	case VerdictAccept:
		return "accept"
	case VerdictStolen:
		return "stolen"
	case VerdictQueue:
		return "queue"
	case VerdictRepeat:
		return "repeat"
	case VerdictContinue:
		return "continue"
	case VerdictBreak:
		return "break"
	case VerdictJump:
		return "jump"
	case VerdictGoto:
		return "goto"
	case VerdictReturn:
		return "return"
	}
	return fmt.Sprintf("verdict %d", code)
}
