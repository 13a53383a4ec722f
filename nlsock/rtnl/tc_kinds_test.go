package rtnl_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// The kinds this kernel lacks (fq_codel, netem, fq, prio, mq; flower,
// matchall, bpf, basic; gact, mirred, police), and u32's keys, are tested
// on bytes written
// here by hand from the uapi struct layouts (pkt_sched.h, pkt_cls.h,
// tc_act/*.h), without the description or nlsh's encoder: they must decode
// to the values written, and the encoder must build the same bytes from
// the decoded names.

// Little builders of netlink bytes, independent of nlsock's encoder.
func ne32(v uint32) []byte       { return binary.NativeEndian.AppendUint32(nil, v) }
func ne16(v uint16) []byte       { return binary.NativeEndian.AppendUint16(nil, v) }
func ne64(v uint64) []byte       { return binary.NativeEndian.AppendUint64(nil, v) }
func nbe16(v uint16) []byte      { return binary.BigEndian.AppendUint16(nil, v) }
func nbe32(v uint32) []byte      { return binary.BigEndian.AppendUint32(nil, v) }
func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
func cstr(s string) []byte       { return append([]byte(s), 0) }

// rta is one attribute: header, data, padding to 4 bytes.
func rta(typ uint16, data ...[]byte) []byte {
	d := cat(data...)
	b := cat(ne16(uint16(4+len(d))), ne16(typ), d)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// nest is an attribute with NLA_F_NESTED, as nlsh's encoder (and iproute2
// for actions) writes nests.
func nest(typ uint16, attrs ...[]byte) []byte { return rta(typ|0x8000, attrs...) }

// tcmsgBytes is struct tcmsg.
func tcmsgBytes(ifindex int32, handle, parent, info uint32) []byte {
	return cat([]byte{0, 0, 0, 0}, ne32(uint32(ifindex)), ne32(handle), ne32(parent), ne32(info))
}

// ratespec is struct tc_ratespec: cell_log, linklayer, overhead, cell_align, mpu, rate.
func ratespec(rate uint32) []byte {
	return cat([]byte{0, 1}, ne16(0), ne16(0), ne16(0), ne32(rate))
}

// tcGen is the tc_gen head of every action's parms: index, capab, action,
// refcnt, bindcnt.
func tcGen(index uint32, action int32) []byte {
	return cat(ne32(index), ne32(0), ne32(uint32(action)), ne32(1), ne32(1))
}

// policeParms is struct tc_police.
func policeParms(burst, rate uint32) []byte {
	return cat(ne32(7), ne32(2), ne32(0), ne32(burst), ne32(1514), ratespec(rate), ratespec(0), ne32(1), ne32(1), ne32(0))
}

type kindCase struct {
	name    string
	typ     uint16 // RTM_NEWQDISC or RTM_NEWTFILTER
	kind    string
	options []byte // TCA_OPTIONS' data, by hand
	spec    ynl.Attrs
	want    map[string]string // path in the decoded options -> value
}

var handMadeKinds = []kindCase{
	{"fq_codel", rtnl.RTM_NEWQDISC, "fq_codel",
		cat(rta(1, ne32(5000)), rta(2, ne32(10240)), rta(3, ne32(100000)), rta(4, ne32(1)), rta(5, ne32(1024)), rta(6, ne32(1514)), rta(10, []byte{1})),
		ynl.Attrs{"target": 5000, "limit": 10240, "interval": 100000, "ecn": 1, "flows": 1024, "quantum": 1514, "ce-threshold-selector": 1},
		map[string]string{"target": "5000", "limit": "10240", "flows": "1024", "ce-threshold-selector": "1"}},
	{"netem", rtnl.RTM_NEWQDISC, "netem",
		cat(ne32(100000), ne32(1000), ne32(0), ne32(0), ne32(0), ne32(0), // tc_netem_qopt
			rta(1, ne32(5), ne32(6), ne32(7)), rta(10, ne64(100000000)), rta(11, ne64(5000000))),
		ynl.Attrs{"latency": 100000, "limit": 1000, "corr": ynl.Attrs{"delay-corr": 5, "loss-corr": 6, "dup-corr": 7}, "latency64": 100000000, "jitter64": 5000000},
		map[string]string{"latency": "100000", "limit": "1000", "corr.loss-corr": "6", "latency64": "100000000", "jitter64": "5000000"}},
	{"fq", rtnl.RTM_NEWQDISC, "fq",
		cat(rta(1, ne32(10000)), rta(2, ne32(100)), rta(3, ne32(3028)), rta(7, ne32(125000000)), rta(15, []byte{1})),
		ynl.Attrs{"plimit": 10000, "flow-plimit": 100, "quantum": 3028, "flow-max-rate": 125000000, "horizon-drop": 1},
		map[string]string{"plimit": "10000", "flow-plimit": "100", "flow-max-rate": "125000000", "horizon-drop": "1"}},
	{"prio", rtnl.RTM_NEWQDISC, "prio",
		cat(ne32(3), []byte{1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}),
		ynl.Attrs{"bands": 3, "priomap": []byte{1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}},
		map[string]string{"bands": "3", "priomap": "[1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1]"}},
	{"mq", rtnl.RTM_NEWQDISC, "mq", []byte{}, ynl.Attrs{}, map[string]string{}},
	{"u32 with two keys", rtnl.RTM_NEWTFILTER, "u32",
		cat(rta(1, ne32(0x10010)),
			rta(5, []byte{1, 0, 2, 0}, nbe16(0), ne16(0), ne16(0), ne16(0), nbe32(0), // struct tc_u32_sel
				nbe32(0x0000ffff), nbe32(0x00000016), ne32(20), ne32(0), // struct tc_u32_key: dport 22
				nbe32(0xff000000), nbe32(0x0a000000), ne32(12), ne32(0))), // src 10.0.0.0/8
		ynl.Attrs{"classid": 0x10010, "sel": ynl.Attrs{"flags": 1, "keys": []any{
			ynl.Attrs{"mask": 0xffff, "val": 0x16, "off": 20}, ynl.Attrs{"mask": 0xff000000, "val": 0x0a000000, "off": 12}}}},
		map[string]string{"classid": "65552", "sel.nkeys": "2", "sel.flags": "1", "sel.keys.0.val": "22", "sel.keys.0.off": "20",
			"sel.keys.1.mask": "4278190080", "sel.keys.1.off": "12"}},
	{"flower + gact", rtnl.RTM_NEWTFILTER, "flower",
		cat(rta(1, ne32(0x10001)),
			nest(3, nest(1, rta(1, cstr("gact")), rta(2, rta(2, tcGen(1, 2))))),
			rta(8, nbe16(0x0800)), rta(9, []byte{6}), rta(12, nbe32(0x0a000001)), rta(13, nbe32(0xffffffff)),
			rta(19, nbe16(22)), rta(22, ne32(8))),
		ynl.Attrs{"classid": 0x10001, "act": []any{ynl.Attrs{"kind": "gact", "options": ynl.Attrs{"parms": ynl.Attrs{"index": 1, "action": "shot", "refcnt": 1, "bindcnt": 1}}}},
			"key-eth-type": 0x0800, "key-ip-proto": 6, "key-ipv4-dst": 0x0a000001, "key-ipv4-dst-mask": 0xffffffff, "key-tcp-dst": 22, "flags": 8},
		map[string]string{"classid": "65537", "key-eth-type": "2048", "key-ip-proto": "6", "key-ipv4-dst": "167772161",
			"key-tcp-dst": "22", "act.0.kind": "gact", "act.0.options.parms.action": "shot", "act.0.options.parms.index": "1"}},
	{"matchall + mirred", rtnl.RTM_NEWTFILTER, "matchall",
		cat(rta(1, ne32(0x10002)),
			nest(2, nest(1, rta(1, cstr("mirred")), rta(2, rta(2, tcGen(3, 4), ne32(1), ne32(5))))),
			rta(3, ne32(2))),
		ynl.Attrs{"classid": 0x10002, "act": []any{ynl.Attrs{"kind": "mirred", "options": ynl.Attrs{"parms": ynl.Attrs{"index": 3, "action": "stolen", "refcnt": 1, "bindcnt": 1, "eaction": "egress-redir", "ifindex": 5}}}}, "flags": 2},
		map[string]string{"act.0.kind": "mirred", "act.0.options.parms.eaction": "egress-redir", "act.0.options.parms.ifindex": "5",
			"act.0.options.parms.action": "stolen", "flags": "2"}},
	{"bpf + police", rtnl.RTM_NEWTFILTER, "bpf",
		cat(nest(1, nest(1, rta(1, cstr("police")), rta(2, rta(1, policeParms(10000, 125000)), rta(8, ne64(125000))))),
			rta(3, ne32(0x10003)), rta(7, cstr("prog.o:[classifier]")), rta(8, ne32(1)), rta(10, []byte{1, 2, 3, 4, 5, 6, 7, 8}), rta(11, ne32(42))),
		ynl.Attrs{"act": []any{ynl.Attrs{"kind": "police", "options": ynl.Attrs{
			"tbf":    ynl.Attrs{"index": 7, "action": "shot", "burst": 10000, "mtu": 1514, "rate": ynl.Attrs{"linklayer": 1, "rate": 125000}, "peakrate": ynl.Attrs{"linklayer": 1}, "refcnt": 1, "bindcnt": 1},
			"rate64": 125000}}},
			"classid": 0x10003, "name": "prog.o:[classifier]", "flags": 1, "tag": []byte{1, 2, 3, 4, 5, 6, 7, 8}, "id": 42},
		map[string]string{"name": "prog.o:[classifier]", "id": "42", "flags": "1", "act.0.kind": "police",
			"act.0.options.tbf.burst": "10000", "act.0.options.tbf.rate.rate": "125000", "act.0.options.rate64": "125000"}},
	{"basic + police", rtnl.RTM_NEWTFILTER, "basic",
		cat(rta(1, ne32(0x10004)), nest(4, rta(1, policeParms(2000, 1000))), rta(5, ne64(9), ne64(4))),
		ynl.Attrs{"classid": 0x10004,
			"police": ynl.Attrs{"tbf": ynl.Attrs{"index": 7, "action": "shot", "burst": 2000, "mtu": 1514, "rate": ynl.Attrs{"linklayer": 1, "rate": 1000}, "peakrate": ynl.Attrs{"linklayer": 1}, "refcnt": 1, "bindcnt": 1}},
			"pcnt":   ynl.Attrs{"rcnt": 9, "rhit": 4}},
		map[string]string{"classid": "65540", "police.tbf.burst": "2000", "police.tbf.rate.rate": "1000", "pcnt.rhit": "4"}},
}

// lookup follows a dotted path through decoded values (list items by
// 0-based position).
func lookup(v any, path string) any {
	for path != "" {
		var key string
		key, path, _ = cutDot(path)
		switch x := v.(type) {
		case ynl.Attrs:
			v = x[key]
		case []any:
			var i int
			if _, err := fmt.Sscan(key, &i); err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func cutDot(s string) (string, string, bool) {
	for i := range s {
		if s[i] == '.' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func TestTcKindsFromHandMadeBytes(t *testing.T) {
	for _, tt := range handMadeKinds {
		info := uint32(0)
		if tt.typ == rtnl.RTM_NEWTFILTER {
			info = 1<<16 | 0x0008 // pref 1, protocol ip
		}
		payload := cat(tcmsgBytes(4, 0x10000, rtnl.TC_H_ROOT, info), rta(1, cstr(tt.kind)), rta(2, tt.options))
		o, err := rtnl.DecodeTC(tt.typ, payload)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		opts := o.Options()
		if o.Kind != tt.kind || opts == nil || o.Ifindex != 4 {
			t.Errorf("%s: kind %q ifindex %d options %v", tt.name, o.Kind, o.Ifindex, o.Attrs["options"])
			continue
		}
		if _, raw := opts[ynl.UnknownKey]; raw {
			t.Errorf("%s: undecoded bytes in %v", tt.name, opts)
		}
		for path, want := range tt.want {
			if got := fmt.Sprint(lookup(opts, path)); got != want {
				t.Errorf("%s: options.%s = %s, want %s", tt.name, path, got, want)
			}
		}
		if len(tt.want) == 0 && len(opts) != 0 {
			t.Errorf("%s: options %v, want none", tt.name, opts)
		}
		// the encoder builds the same bytes from the names
		m, err := rtnl.TCRequest(tt.typ, 0, rtnl.TCSpec{Ifindex: 4, Handle: 0x10000, Parent: rtnl.TC_H_ROOT, Info: info, Kind: tt.kind, Options: tt.spec})
		if err != nil {
			t.Errorf("%s: encode: %v", tt.name, err)
			continue
		}
		if !bytes.Equal(m.Payload, payload) {
			t.Errorf("%s: the encoder wrote\n% x\nby hand:\n% x", tt.name, m.Payload, payload)
		}
	}
}

// TestTcMalformed: truncated options and a kind without a format never
// panic; what cannot be decoded keeps its bytes and says why.
func TestTcMalformed(t *testing.T) {
	hdr := tcmsgBytes(2, 0x10000, rtnl.TC_H_ROOT, 0)
	for _, tt := range []struct {
		name    string
		payload []byte
		err     string
		check   func(rtnl.TC) bool
	}{
		{"short tcmsg", hdr[:10], "fixed header tcmsg needs 20 bytes, have 10", nil},
		{"pfifo options too short", cat(hdr, rta(1, cstr("pfifo")), rta(2, []byte{1, 2})), "options: pfifo: fixed header tc-fifo-qopt needs 4 bytes, have 2",
			func(o rtnl.TC) bool { return bytes.Equal(o.Attrs["options"].([]byte), []byte{1, 2}) }},
		{"unknown kind", cat(hdr, rta(1, cstr("cake")), rta(2, rta(1, ne32(9)))), "",
			func(o rtnl.TC) bool { _, raw := o.Attrs["options"].([]byte); return raw && o.Kind == "cake" }},
		{"options before kind", cat(hdr, rta(2, ne32(5)), rta(1, cstr("pfifo"))), "selector kind comes after it", nil},
		{"truncated attribute", cat(hdr, rta(1, cstr("htb")), []byte{40, 0, 2, 0, 1}), "nla_len 40 exceeds the 5 bytes left", nil},
	} {
		o, err := rtnl.DecodeTC(rtnl.RTM_NEWQDISC, tt.payload)
		switch {
		case tt.err == "" && err != nil, tt.err != "" && (err == nil || !bytes.Contains([]byte(err.Error()), []byte(tt.err))):
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		case tt.check != nil && !tt.check(o):
			t.Errorf("%s: decoded %+v", tt.name, o)
		}
	}
}
