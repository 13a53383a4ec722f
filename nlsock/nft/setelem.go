//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock"

// Set element list attributes (NFTA_SET_ELEM_LIST_*).
const (
	AttrSetElemListTable    uint16 = 1
	AttrSetElemListSet      uint16 = 2
	AttrSetElemListElements uint16 = 3
	AttrSetElemListSetID    uint16 = 4
)

var setElemListAttrNames = []string{"", "NFTA_SET_ELEM_LIST_TABLE", "NFTA_SET_ELEM_LIST_SET",
	"NFTA_SET_ELEM_LIST_ELEMENTS", "NFTA_SET_ELEM_LIST_SET_ID"}

// Set element attributes (NFTA_SET_ELEM_*).
const (
	attrElemKey        uint16 = 1
	attrElemData       uint16 = 2
	attrElemFlags      uint16 = 3
	attrElemTimeout    uint16 = 4
	attrElemExpiration uint16 = 5
	attrElemUserdata   uint16 = 6
	attrElemExpr       uint16 = 7
	attrElemPad        uint16 = 8
	attrElemObjRef     uint16 = 9
	attrElemKeyEnd     uint16 = 10
	attrElemExprs      uint16 = 11
)

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

func parseSetElems(h Header, b []byte) (*SetElems, error) {
	s := &SetElems{Family: h.Family}
	err := walk(b, HeaderLen, attrName(setElemListAttrNames), func(a nlsock.Attr) error {
		var err error
		switch a.Type {
		case AttrSetElemListTable:
			s.Table = cstring(a.Data)
		case AttrSetElemListSet:
			s.Set = cstring(a.Data)
		case AttrSetElemListSetID:
			s.SetID, err = be32(a.Data)
		case AttrSetElemListElements:
			err = nlsock.WalkAttrs(a.Data, func(elem nlsock.Attr) error {
				e, err := parseSetElem(elem.Data)
				s.Elements = append(s.Elements, e)
				return err
			})
		default:
			s.Unknown = append(s.Unknown, a)
		}
		return err
	})
	return s, err
}

func parseSetElem(b []byte) (SetElem, error) {
	var e SetElem
	err := nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		var err error
		var v any
		switch a.Type {
		case attrElemKey, attrElemKeyEnd:
			v, err = parseData(a.Data)
			raw, _ := v.([]byte)
			if a.Type == attrElemKey {
				e.Key = raw
			} else {
				e.KeyEnd = raw
			}
		case attrElemData:
			e.Data, err = parseData(a.Data)
		case attrElemFlags:
			e.Flags, err = be32(a.Data)
		case attrElemTimeout:
			e.Timeout, err = be64(a.Data)
		case attrElemExpiration:
			e.Expiration, err = be64(a.Data)
		case attrElemObjRef:
			e.ObjRef = cstring(a.Data)
		case attrElemUserdata:
			e.Userdata = a.Data
		case attrElemExpr:
			var x []Expr
			x, err = parseExprs(nlsock.AppendAttr(nil, AttrListElem, a.Data))
			e.Expr = append(e.Expr, x...)
		case attrElemExprs:
			var x []Expr
			x, err = parseExprs(a.Data)
			e.Expr = append(e.Expr, x...)
		}
		return err
	})
	return e, err
}
