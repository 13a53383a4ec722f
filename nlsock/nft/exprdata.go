//go:build linux

package nft

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
)

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
