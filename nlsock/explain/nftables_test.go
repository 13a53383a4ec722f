package explain_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// TestExplainNftablesByDescription explains dumps of every nf_tables
// object but rules through nlsh's description: every attribute is named,
// nests included (a chain's hook, a set's elements and their keys), enums
// and flags read by name, and an object's data laid out by its type, a
// be32 enum (without reading the selector as an integer, a counter's data
// would be "attribute 1").
func TestExplainNftablesByDescription(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	nlsocktest.RunAll(t, ns, "nft add table inet t", "nft add counter inet t c1",
		"nft add quota inet t q1 { over 1 mbytes }",
		"nft add chain inet t c { type filter hook input priority -5 ; policy drop ; }",
		"nft add set inet t s { type ipv4_addr ; flags interval ; elements = { 10.0.0.0/8 } ; }")
	s := nlsocktest.Open(t, unix.NETLINK_NETFILTER, ns)
	ctx := nlsocktest.Context(t, 10*time.Second)
	var out strings.Builder
	for _, req := range []struct {
		msg   uint8
		attrs func(*nlsock.AttrEncoder)
	}{
		{nft.MsgGetTable, nil}, {nft.MsgGetChain, nil}, {nft.MsgGetSet, nil}, {nft.MsgGetObj, nil}, {nft.MsgGetGen, nil},
		{nft.MsgGetSetElem, func(e *nlsock.AttrEncoder) { e.String(1, "t"); e.String(2, "s") }},
	} {
		var e nlsock.AttrEncoder
		if req.attrs != nil {
			req.attrs(&e)
		}
		flags := nlsock.FlagDump
		if req.msg == nft.MsgGetGen {
			flags = 0
		}
		reply, err := s.Request(ctx, nlsock.Message{Header: nlsock.Header{Type: nft.Type(req.msg), Flags: flags},
			Payload: append(nft.Header{Family: nft.FamilyINet}.Append(nil), e.Bytes()...)})
		if err != nil {
			t.Fatalf("%s: %v", nft.MsgName(nft.Type(req.msg)), err)
		}
		out.WriteString(explain.Messages(reply.Messages, unix.NETLINK_NETFILTER, explain.Options{}))
	}
	text := out.String()
	for _, want := range []string{
		"NFT_MSG_NEWTABLE (nft gettable)", "NFTA_TABLE_NAME (type 1) len 6: \"t\"",
		"NFTA_CHAIN_HOOK (type 4) len 20, nested:", "NFTA_HOOK_HOOKNUM (type 1) len 8: 1",
		"NFTA_HOOK_PRIORITY (type 2) len 8: -5", "NFTA_CHAIN_POLICY (type 5) len 8: 0 = drop",
		"NFTA_CHAIN_FLAGS (type 10) len 8: 1 = base", "NFTA_SET_FLAGS (type 3) len 8: 4 = interval",
		"NFTA_OBJ_TYPE (type 3) len 8: 1 = counter", "NFTA_OBJ_DATA (type 4) len 28, nested:",
		"bytes (type 1) len 12: 0", "NFTA_OBJ_TYPE (type 3) len 8: 2 = quota", "bytes (type 1) len 12: 1048576",
		"NFTA_SET_ELEM_LIST_ELEMENTS (type 3)", "NFTA_SET_ELEM_KEY (type 1)", "value (type 1) len 8: 0a 00 00 00",
		"NFTA_SET_ELEM_FLAGS (type 3) len 8: 1 = interval-end", "NFT_MSG_NEWGEN (nft getgen)", "NFTA_GEN_ID (type 1)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("explain lacks %q", want)
		}
	}
	if unnamed := regexp.MustCompile(`attribute \d+ \(type`).FindAllString(text, -1); len(unnamed) > 0 {
		t.Errorf("unnamed attributes %q in:\n%s", unnamed, text)
	}
	if t.Failed() {
		t.Log(text)
	}
}
