//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock"

// SetElems is an NFT_MSG_NEWSETELEM / DELSETELEM message: elements of one
// set.
type SetElems struct {
	Family   uint8
	Table    string
	Set      string
	SetID    uint32
	Elements []SetElem
	Unknown  []nlsock.Attr
}

// SetElem is one element: its key (and the end of an interval's range),
// and for maps its data: bytes, or a verdict string ("accept", "jump c").
type SetElem struct {
	Key        []byte
	KeyEnd     []byte
	Data       any // []byte or a verdict string, for maps
	Flags      uint32
	Timeout    uint64 // ms
	Expiration uint64 // ms left
	ObjRef     string
	Userdata   []byte
	Expr       []Expr
}

// Element flags (NFT_SET_ELEM_*).
const SetElemIntervalEnd uint32 = 1

// setElemsTable binds nft's setelem-list-attrs to SetElems.
var setElemsTable = table("setelem-list-attrs",
	field[SetElems]{Name: "table", Set: func(x *in[SetElems], b []byte, _ uint64) { x.v.Table = cstring(b) }},
	field[SetElems]{Name: "set", Set: func(x *in[SetElems], b []byte, _ uint64) { x.v.Set = cstring(b) }},
	field[SetElems]{Name: "set-id", Set: func(x *in[SetElems], _ []byte, n uint64) { x.v.SetID = uint32(n) }},
	field[SetElems]{Name: "elements", Set: func(x *in[SetElems], b []byte, _ uint64) { x.fill(elemListTable(), x.v, b, 0) }},
)

// elemListTable reads the list of elements, each a setelem-attrs nest.
var elemListTable = table("setelem-list-elem-attrs", field[SetElems]{Name: "elem", Set: func(x *in[SetElems], b []byte, _ uint64) {
	x.v.Elements = append(x.v.Elements, SetElem{})
	x.d.nest().elem.fill(elemTable(), &x.v.Elements[len(x.v.Elements)-1], b, 0)
}})

// elemTable binds setelem-attrs to SetElem.
var elemTable = table("setelem-attrs",
	field[SetElem]{Name: "key", Set: func(x *in[SetElem], b []byte, _ uint64) { x.v.Key, _ = decodeData(x.d, b).([]byte) }},
	field[SetElem]{Name: "key-end", Set: func(x *in[SetElem], b []byte, _ uint64) { x.v.KeyEnd, _ = decodeData(x.d, b).([]byte) }},
	field[SetElem]{Name: "data", Set: func(x *in[SetElem], b []byte, _ uint64) { x.v.Data = decodeData(x.d, b) }},
	field[SetElem]{Name: "flags", Set: func(x *in[SetElem], _ []byte, n uint64) { x.v.Flags = uint32(n) }},
	field[SetElem]{Name: "timeout", Set: func(x *in[SetElem], _ []byte, n uint64) { x.v.Timeout = n }},
	field[SetElem]{Name: "expiration", Set: func(x *in[SetElem], _ []byte, n uint64) { x.v.Expiration = n }},
	field[SetElem]{Name: "objref", Set: func(x *in[SetElem], b []byte, _ uint64) { x.v.ObjRef = cstring(b) }},
	field[SetElem]{Name: "userdata", Set: func(x *in[SetElem], b []byte, _ uint64) { x.v.Userdata = b }},
	field[SetElem]{Name: "expr", Set: func(x *in[SetElem], b []byte, _ uint64) { x.v.Expr = append(x.v.Expr, expr(x.d, b)) }},
	field[SetElem]{Name: "expressions", Set: func(x *in[SetElem], b []byte, _ uint64) {
		x.v.Expr = append(x.v.Expr, exprList(x.d, b)...)
	}},
)

func parseSetElems(h Header, b []byte) (*SetElems, error) {
	return decodeObject(setElemsTable, b, func(s *SetElems) *[]nlsock.Attr { s.Family = h.Family; return &s.Unknown })
}
