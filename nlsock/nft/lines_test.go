package nft

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
)

func be32Attr(typ uint16, v uint32) func(*nlsock.AttrEncoder) {
	return func(e *nlsock.AttrEncoder) { putBE32(e, typ, v) }
}

func attrs(fns ...func(*nlsock.AttrEncoder)) []byte {
	var e nlsock.AttrEncoder
	for _, fn := range fns {
		fn(&e)
	}
	return e.Bytes()
}

// TestHandMadeExpressions: expressions that neither this kernel nor nft
// 1.0.6 produce, built byte by byte from nf_tables.h, print as libnftnl's
// printers (src/expr/*.c) lay them out and read back to the same
// attributes.
func TestHandMadeExpressions(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		line string
	}{
		{"tunnel", attrs(be32Attr(1, 0), be32Attr(2, 1)), "[ tunnel load path => reg 1 ]"},
		{"tunnel", attrs(be32Attr(1, 1), be32Attr(2, 9)), "[ tunnel load id => reg 9 ]"},
		{"last", attrs(be32Attr(1, 1), func(e *nlsock.AttrEncoder) { putBE64(e, 2, 1500) }), "[ last 1500 ]"},
		{"last", attrs(be32Attr(1, 0)), "[ last never ]"},
		{"objref", attrs(be32Attr(3, 1), func(e *nlsock.AttrEncoder) { e.String(4, "counters") }), "[ objref sreg 1 set counters ]"},
		{"socket", attrs(be32Attr(1, 3), be32Attr(2, 1), be32Attr(3, 2)), "[ socket load cgroupv2 => reg 1 level 2 ]"},
		{"fwd", attrs(be32Attr(1, 1), be32Attr(2, 2), be32Attr(3, 2)), "[ fwd sreg_dev 1 sreg_addr 2 nfproto 2 ]"},
		{"tproxy", attrs(be32Attr(1, 10), be32Attr(2, 1), be32Attr(3, 2)), "[ tproxy ip6 addr reg 1 port reg 2 ]"},
		{"rt", attrs(be32Attr(1, 1), be32Attr(2, 1)), "[ rt load nexthop4 => reg 1 ]"},
		{"xfrm", attrs(be32Attr(1, 1), be32Attr(2, 6), func(e *nlsock.AttrEncoder) { e.Raw(3, []byte{1}) }, be32Attr(4, 0)), "[ xfrm load out 0 spi => reg 1 ]"},
		{"queue", attrs(func(e *nlsock.AttrEncoder) { e.Raw(1, []byte{0, 0}); e.Raw(3, []byte{0, 1}) }, be32Attr(4, 1)), "[ queue num 0 sreg_qnum 1 bypass ]"},
		{"match", attrs(func(e *nlsock.AttrEncoder) { e.String(1, "conntrack") }, be32Attr(2, 3)), "[ match name conntrack rev 3 ]"},
		{"target", attrs(func(e *nlsock.AttrEncoder) { e.String(1, "LOG") }, be32Attr(2, 0)), "[ target name LOG rev 0 ]"},
		{"notrack", nil, "[ notrack ]"},
		{"fib", attrs(be32Attr(1, 1), be32Attr(2, 3), be32Attr(3, 2|8)), "[ fib daddr . iif type => reg 1 ]"},
		{"connlimit", attrs(be32Attr(1, 100), be32Attr(2, 0)), "[ connlimit count 100 flags 0 ]"},
	}
	for _, tt := range tests {
		x, err := DecodeExpr(tt.name, tt.data)
		if err != nil {
			t.Errorf("%s: %v", tt.line, err)
			continue
		}
		if got := ExprLine(x); got != tt.line {
			t.Errorf("hand-made %s prints\n %s\nwant %s", tt.name, got, tt.line)
		}
		back, err := ParseExprLine(tt.line)
		if err != nil {
			t.Errorf("%s: %v", tt.line, err)
			continue
		}
		again, err := DecodeExpr(back.Name, back.Data)
		if err != nil {
			t.Errorf("%s: %v", tt.line, err)
			continue
		}
		if diff := cmp.Diff(x.Attrs, again.Attrs); diff != "" {
			t.Errorf("%s read back (-hand-made +read):\n%s", tt.line, diff)
		}
	}
}

// TestUnknownExpressionRaw: an expression nlsh has no description for
// prints its raw bytes, and reads back to them.
func TestUnknownExpressionRaw(t *testing.T) {
	x, err := DecodeExpr("frob", []byte{8, 0, 1, 0, 0, 0, 0, 7})
	if err != nil {
		t.Fatal(err)
	}
	line := ExprLine(x)
	if line != "[ frob raw 0800010000000007 ]" {
		t.Fatalf("unknown expression prints %q", line)
	}
	back, err := ParseExprLine(line)
	if err != nil || string(back.Data) != string(x.Data) || back.Name != "frob" {
		t.Fatalf("read back %+v, %v", back, err)
	}
}

// TestBadLines: each error names the line and the token or value that
// is wrong, on one line.
func TestBadLines(t *testing.T) {
	tests := []struct{ lines, want string }{
		{"[ meta load l4proto => reg 1 ]\n[ cmp eq reg 1 0x6 ]", `line 2: cmp: unexpected "0x6"`},
		{"[ meta load l4proto => reg ]", `line 1: meta: unexpected end of line`},
		{"meta load l4proto => reg 1", `line 1: want "[ name ... ]"`},
		{"[ payload load 2b @ session header + 2 => reg 1 ]", `line 1: payload: base: unknown name "session" (link, network, transport, inner, tunnel)`},
		{"[ immediate reg 0 jump-> x ]", `line 1: immediate: unexpected "jump->"`},
		{"[ immediate reg 0 leap -> x ]", `line 1: immediate: data: unknown verdict "leap"`},
		{"[ limit rate 10/fortnight burst 5 type packets flags 0x0 ]", `line 1: limit: unit: unknown unit "fortnight"`},
		{"[ log prefix x level 4 loud ]", `line 1: log: flags: unknown flag "loud"`},
		{"[ range eq reg 1 0x00000001 ]", `line 1: range: from-data: from and to need as many words each`},
		{"[ counter pkts 0 bytes 0 ]\n[ zap ]", `line 2: unknown expression "zap"`},
		{"[ frob raw zz ]", `line 1: frob: raw data "zz" is not hex`},
		{"[ ct load state => reg 99999999999 ]", `line 1: ct: attribute dreg (u32): 99999999999 does not fit in 32 bits`},
		{"[ queue num 99999 ]", `line 1: queue: attribute num (u16): 99999 does not fit in 16 bits`},
		{"[ queue num 3-70000 ]", `line 1: queue: attribute total (u16): 69998 does not fit in 16 bits`},
		{"[ queue num 99999999999999999999 ]", `line 1: queue: num: "99999999999999999999" is not a number`},
	}
	for _, tt := range tests {
		_, err := ParseRuleLines(FamilyINet, strings.Split(tt.lines, "\n"))
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: err = %v, want one line containing %q", tt.lines, err, tt.want)
		}
	}
}
